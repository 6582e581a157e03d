import { createHmac } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { FakeFeedServer } from '../support/fake-feed-server.js';
import { createPlatformAdmin, createUserWithRole, expectError, registerOrganization, type Session } from '../support/factories.js';
import { FrontierWebhookReceiver } from '../support/frontier-webhook-receiver.js';
import { createTestApp, createTestWorker, waitFor, type TestApp } from '../support/test-app.js';

describe('Frontier alert webhooks', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let feeds: FakeFeedServer;
  let receiver: FrontierWebhookReceiver;
  let platform: Session;
  let orgA: Session;
  let orgB: Session;
  let secret: string;
  let sourceId: number;

  beforeAll(async () => {
    feeds = await new FakeFeedServer().start();
    receiver = await new FrontierWebhookReceiver().start();
    // The test receiver listens on 127.0.0.1: allowed here, refused by default (test/e2e/outbound-urls.e2e-spec.ts).
    t = await createTestApp({ ALLOW_PRIVATE_URLS: 'true' });
    worker = await createTestWorker(t);
    platform = await createPlatformAdmin(t);
    orgA = await registerOrganization(t.http);
    orgB = await registerOrganization(t.http);
    const catalog = await request(t.http).get('/api/v1/frontier-models?q=gpt-4o&limit=100').set(orgA.auth).expect(200);
    const gpt4o = (catalog.body.data as Array<{ id: number; modelId: string }>).find((m) => m.modelId === 'gpt-4o')!.id;
    for (const session of [orgA, orgB]) {
      await request(t.http)
        .post('/api/v1/frontier-alert-configs')
        .set(session.auth)
        .send({ modelId: gpt4o, category: 'deprecation' })
        .expect(201);
    }
    const source = await request(t.http)
      .post('/api/v1/frontier-models/sources')
      .set(platform.auth)
      .send({ name: 'OpenAI', url: feeds.url('/openai/news.rss'), kind: 'rss', provider: 'OpenAI' })
      .expect(201);
    sourceId = source.body.id;
  });

  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await feeds?.close();
    await receiver?.close();
  });

  async function fetchOnce(): Promise<void> {
    const since = Date.now();
    await request(t.http).post('/api/v1/frontier-models/sources/fetch').set(platform.auth).expect(202);
    await waitFor(async () => {
      const source = await request(t.http).get(`/api/v1/frontier-models/sources/${sourceId}`).set(platform.auth).expect(200);
      return source.body.lastFetchedAt && new Date(source.body.lastFetchedAt).getTime() >= since - 5;
    });
  }

  it('is set by frontier_alerts:write holders; the secret is shown on creation only', async () => {
    const viewer = await createUserWithRole(t.http, orgA, 'viewer');
    expectError(await request(t.http).put('/api/v1/frontier-alert-webhook').set(viewer.auth).send({ url: receiver.url }), 403);
    expectError(await request(t.http).get('/api/v1/frontier-alert-webhook').set(orgA.auth), 404);
    expectError(await request(t.http).put('/api/v1/frontier-alert-webhook').set(orgA.auth).send({ url: 'ftp://x.test/hook' }), 400);

    const created = await request(t.http).put('/api/v1/frontier-alert-webhook').set(orgA.auth).send({ url: receiver.url }).expect(200);
    expect(created.body).toMatchObject({ url: receiver.url, enabled: true, secret: expect.stringMatching(/^whsec_/) });
    secret = created.body.secret;

    const read = await request(t.http).get('/api/v1/frontier-alert-webhook').set(viewer.auth).expect(200);
    expect(read.body).toEqual(expect.objectContaining({ id: created.body.id, url: receiver.url }));
    expect(read.body.secret).toBeUndefined();
    const updated = await request(t.http).put('/api/v1/frontier-alert-webhook').set(orgA.auth).send({ url: receiver.url }).expect(200);
    expect(updated.body.secret).toBeUndefined();
    expectError(await request(t.http).get('/api/v1/frontier-alert-webhook').set(orgB.auth), 404);
  });

  it('POSTs new alerts signed with HMAC-SHA256, retries a failed post with backoff, and keeps the delivery status', async () => {
    receiver.answerNext(503);
    await fetchOnce();
    const delivery = await waitFor(async () => {
      const res = await request(t.http).get('/api/v1/frontier-alert-webhook/deliveries').set(orgA.auth).expect(200);
      return res.body.data[0]?.status === 'delivered' ? res.body.data[0] : undefined;
    }, 45_000);
    expect(delivery).toMatchObject({ attempts: 2, lastStatusCode: 200, lastError: null, deliveredAt: expect.any(String) });

    expect(receiver.received).toHaveLength(2);
    const last = receiver.received[1];
    expect(last.headers['x-signature-256']).toBe(`sha256=${createHmac('sha256', secret).update(last.body).digest('hex')}`);
    expect(last.headers['x-aura-event']).toBe('frontier.alerts.created');
    const payload = JSON.parse(last.body);
    expect(payload).toMatchObject({ event: 'frontier.alerts.created', deliveryId: delivery.id, organizationId: orgA.organizationId });
    expect(payload.alerts).toEqual([
      expect.objectContaining({
        title: 'Deprecating GPT‑4o in the API',
        category: 'deprecation',
        model: expect.objectContaining({ modelId: 'gpt-4o' }),
      }),
    ]);
    expect(delivery.alertIds).toEqual([payload.alerts[0].id]);
    // Organization B has the same alert but no webhook: nothing for it.
    expect((await request(t.http).get('/api/v1/frontier-alert-webhook/deliveries').set(orgB.auth).expect(200)).body.data).toEqual([]);
  });

  it('sends nothing when a fetch brings no new alert, and signs with a rotated secret', async () => {
    await fetchOnce();
    const deliveries = await request(t.http).get('/api/v1/frontier-alert-webhook/deliveries').set(orgA.auth).expect(200);
    expect(deliveries.body.meta.total).toBe(1);

    const rotated = await request(t.http)
      .put('/api/v1/frontier-alert-webhook')
      .set(orgA.auth)
      .send({ url: receiver.url, rotateSecret: true })
      .expect(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(secret);

    feeds.publishNewItem();
    await fetchOnce();
    await waitFor(async () => receiver.received.length === 3);
    const post = receiver.received[2];
    expect(post.headers['x-signature-256']).toBe(`sha256=${createHmac('sha256', rotated.body.secret).update(post.body).digest('hex')}`);
    expect(JSON.parse(post.body).alerts.map((a: { title: string }) => a.title)).toEqual(['GPT-4o shutdown date moved']);

    await request(t.http).delete('/api/v1/frontier-alert-webhook').set(orgA.auth).expect(204);
    expectError(await request(t.http).get('/api/v1/frontier-alert-webhook').set(orgA.auth), 404);
  });
});
