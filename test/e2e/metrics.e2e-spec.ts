import Bull from 'bull';
import request from 'supertest';
import { QueueName } from '../../src/queue/queue.constants.js';
import { registerOrganization } from '../support/factories.js';
import { createTestApp, waitFor, type TestApp } from '../support/test-app.js';

describe('GET /metrics (Prometheus)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const scrape = async () => (await request(t.http).get('/metrics').expect(200)).text;

  it('is public, in the Prometheus text format, and not part of the OpenAPI document', async () => {
    const res = await request(t.http).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(res.text).toContain('process_cpu_user_seconds_total');
    const doc = await request(t.http).get('/api/docs-json').expect(200);
    expect(Object.keys(doc.body.paths)).not.toContain('/metrics');
  });

  it('times requests by route pattern (not the raw URL) and status code', async () => {
    const admin = await registerOrganization(t.http);
    await request(t.http).get('/api/v1/ai-systems/987654').set(admin.auth).expect(404);
    await request(t.http).get('/no/such/path').expect(404);
    const text = await scrape();
    expect(text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/ai-systems\/:id",status_code="404"\} 1/);
    expect(text).toMatch(
      /http_request_duration_seconds_bucket\{le="0.1",method="POST",route="\/api\/v1\/auth\/register",status_code="201"\} \d/,
    );
    expect(text).toMatch(/http_request_duration_seconds_count\{method="GET",route="unmatched",status_code="404"\} 1/);
    expect(text).not.toContain('987654');
  });

  it('reports queue depth per queue and state, and job durations and failures from any worker', async () => {
    // A real Bull client on the app's queue and prefix, standing in for a worker process.
    const queue = new Bull(QueueName.FrontierFetch, t.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { prefix: t.env.QUEUE_PREFIX });
    try {
      await queue.add('metrics-probe', { fail: false }, { attempts: 1 });
      await queue.add('metrics-probe', { fail: true }, { attempts: 1 });
      await queue.add('metrics-probe-later', {}, { delay: 60_000 });
      await waitFor(async () => (await scrape()).includes('queue_jobs{queue="frontier-fetch",state="waiting"} 2'));
      expect(await scrape()).toContain('queue_jobs{queue="frontier-fetch",state="delayed"} 1');
      // The API subscribes to global events once its queue client is ready.
      await waitFor(async () => (await scrape()).includes('queue_jobs{queue="github-scan",state="waiting"} 0'));

      void queue.process('metrics-probe', async (job) => {
        if (job.data.fail) throw new Error('probe failure');
        return 'ok';
      });
      const text = await waitFor(async () => {
        const body = await scrape();
        return body.includes('queue_job_failures_total{queue="frontier-fetch"} 1') &&
          body.includes('queue_job_duration_seconds_count{queue="frontier-fetch",outcome="completed"} 1')
          ? body
          : undefined;
      });
      expect(text).toContain('queue_job_duration_seconds_count{queue="frontier-fetch",outcome="failed"} 1');
      expect(text).toContain('queue_jobs{queue="frontier-fetch",state="completed"} 1');
      expect(text).toContain('queue_jobs{queue="frontier-fetch",state="failed"} 1');
    } finally {
      await queue.close();
    }
  });
});

describe('GET /metrics with METRICS_TOKEN', () => {
  let t: TestApp;
  const token = 'metrics-token-for-tests';
  beforeAll(async () => {
    t = await createTestApp({ METRICS_TOKEN: token });
  });
  afterAll(() => t.close());

  it('requires the token as a bearer token', async () => {
    await request(t.http).get('/metrics').expect(401);
    await request(t.http).get('/metrics').set('Authorization', 'Bearer wrong-token-of-some-length').expect(401);
    const res = await request(t.http).get('/metrics').set('Authorization', `Bearer ${token}`).expect(200);
    expect(res.text).toContain('http_request_duration_seconds');
  });
});

describe('Job metrics subscription when the API stops right after it starts', () => {
  it('closes without an unhandled promise rejection while Redis connections are still being set up', async () => {
    const rejections: unknown[] = [];
    const record = (reason: unknown) => rejections.push(reason ?? 'undefined');
    process.on('unhandledRejection', record);
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        const t = await createTestApp();
        await t.close();
      }
      // Rejections of abandoned promises surface on later turns of the event loop.
      await new Promise((resolve) => setTimeout(resolve, 1000));
    } finally {
      process.off('unhandledRejection', record);
    }
    expect(rejections).toEqual([]);
  }, 60_000);
});
