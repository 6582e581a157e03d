import { getQueueToken } from '@nestjs/bull';
import type { INestApplicationContext } from '@nestjs/common';
import type { Queue } from 'bull';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { FETCH_SCHEDULE_JOB_ID, FrontierJob } from '../../src/modules/frontier-models/frontier.constants.js';
import { QueueName } from '../../src/queue/queue.constants.js';
import { FakeFeedServer } from '../support/fake-feed-server.js';
import { createPlatformAdmin, registerOrganization, type Session } from '../support/factories.js';
import { createTestApp, createTestWorker, waitFor, type TestApp } from '../support/test-app.js';

describe('Frontier fetching with several workers', () => {
  let t: TestApp;
  let feeds: FakeFeedServer;
  let platform: Session;
  let org: Session;
  const workers: INestApplicationContext[] = [];

  beforeAll(async () => {
    feeds = await new FakeFeedServer().start();
    t = await createTestApp({ FRONTIER_FETCH_CRON: '0 3 * * *' });
    platform = await createPlatformAdmin(t);
    org = await registerOrganization(t.http);
  });

  afterAll(async () => {
    for (const worker of workers) await worker.close();
    await t?.close();
    await feeds?.close();
  });

  const queue = () => t.app.get<Queue>(getQueueToken(QueueName.FrontierFetch), { strict: false });

  it('registers the FRONTIER_FETCH_CRON schedule once however many workers boot, and replaces it when the cron changes', async () => {
    workers.push(await createTestWorker(t), await createTestWorker(t));
    const schedules = await queue().getRepeatableJobs();
    expect(schedules).toEqual([expect.objectContaining({ name: FrontierJob.FetchAll, id: FETCH_SCHEDULE_JOB_ID, cron: '0 3 * * *' })]);

    const changed = await createTestWorker(t, { env: { FRONTIER_FETCH_CRON: '30 4 * * *' } });
    await changed.close();
    expect(await queue().getRepeatableJobs()).toEqual([expect.objectContaining({ cron: '30 4 * * *' })]);
  });

  it('two workers fetching the same feeds at once store each item once and create each alert once', async () => {
    const catalog = await request(t.http).get('/api/v1/frontier-models?limit=100').set(org.auth).expect(200);
    const idOf = (modelId: string) => (catalog.body.data as Array<{ id: number; modelId: string }>).find((m) => m.modelId === modelId)!.id;
    const follows: Array<[string, string]> = [
      ['gpt-4o', 'deprecation'],
      ['gpt-4o', 'security'],
      ['claude-opus-4-1', 'deprecation'],
      ['gemini-2.5-pro', 'feature'],
    ];
    for (const [modelId, category] of follows) {
      await request(t.http)
        .post('/api/v1/frontier-alert-configs')
        .set(org.auth)
        .send({ modelId: idOf(modelId), category })
        .expect(201);
    }
    const paths: Array<[string, string]> = [
      ['/openai/news.rss', 'rss'],
      ['/digest/feed.json', 'json'],
      ['/osv/vulns.json', 'osv'],
      ['/nvd/cves.json', 'nvd'],
    ];
    for (const [path, kind] of paths) {
      await request(t.http)
        .post('/api/v1/frontier-models/sources')
        .set(platform.auth)
        .send({ name: path, url: feeds.url(path), kind })
        .expect(201);
    }

    // Two runs at once: every source is fetched twice, by whichever workers take the jobs.
    await Promise.all([
      request(t.http).post('/api/v1/frontier-models/sources/fetch').set(platform.auth).expect(202),
      request(t.http).post('/api/v1/frontier-models/sources/fetch').set(platform.auth).expect(202),
    ]);
    await waitFor(async () => {
      const counts = await queue().getJobCounts();
      return counts.completed >= 2 + 2 * paths.length && counts.active === 0 && counts.waiting === 0;
    }, 40_000);
    const requested = paths.reduce((sum, [path]) => sum + feeds.statsOf(path).requests, 0);
    expect(requested).toBe(2 * paths.length);

    const alerts = (await request(t.http).get('/api/v1/frontier-alerts?limit=100').set(org.auth).expect(200)).body.data as Array<{
      model: { modelId: string };
      category: string;
    }>;
    expect(alerts.map((a) => `${a.model.modelId}/${a.category}`).sort()).toEqual(
      ['claude-opus-4-1/deprecation', 'gemini-2.5-pro/feature', 'gpt-4o/deprecation', 'gpt-4o/security'].sort(),
    );
    const duplicates: unknown[] = await t.app
      .get(DataSource)
      .query('SELECT canonical_url FROM frontier_feed_items WHERE canonical_url IS NOT NULL GROUP BY canonical_url HAVING count(*) > 1');
    expect(duplicates).toEqual([]);
  });

  it('runs the fetch on the schedule, without any request', async () => {
    const sources = (await request(t.http).get('/api/v1/frontier-models/sources?enabled=true').set(platform.auth).expect(200)).body
      .data as Array<{
      id: number;
      lastFetchedAt: string;
    }>;
    const before = Math.max(...sources.map((s) => new Date(s.lastFetchedAt).getTime()));
    // Bull's cron accepts seconds: every second.
    const everySecond = await createTestWorker(t, { env: { FRONTIER_FETCH_CRON: '* * * * * *' } });
    try {
      await waitFor(async () => {
        const now = (await request(t.http).get('/api/v1/frontier-models/sources?enabled=true').set(platform.auth).expect(200)).body
          .data as Array<{
          lastFetchedAt: string;
        }>;
        return now.every((s) => new Date(s.lastFetchedAt).getTime() > before);
      }, 20_000);
    } finally {
      for (const schedule of await queue().getRepeatableJobs()) await queue().removeRepeatableByKey(schedule.key);
      await everySecond.close();
    }
  });
});
