import Bull from 'bull';
import request from 'supertest';
import { QueueName } from '../../src/queue/queue.constants.js';
import { registerOrganization, type Session } from '../support/factories.js';
import { FakeGithubServer } from '../support/fake-github-server.js';
import {
  allProcessOutput,
  assertBuilt,
  killAllProcesses,
  startApi,
  startWorker,
  type ApiProcess,
  type ManagedProcess,
} from '../support/processes.js';
import { freePort, RedisInstance } from '../support/service-instances.js';
import { createTestDatabase } from '../support/test-database.js';
import { waitFor } from '../support/test-app.js';
import {
  createPlatformAdminIn,
  expectErrorShape,
  FAST_RECOVERY_ENV,
  generateBiasCsv,
  syntheticOrganization,
  timedFetch,
  waitForBiasStatus,
  waitForGithubRun,
  withProcessOutput,
} from './fault-support.js';

/**
 * Redis dies under a running API and worker (real processes, Redis of the test's own) and comes
 * back on the same port: nothing is restarted.
 */
describe('Fault: Redis outage and recovery', () => {
  assertBuilt();
  let redis: RedisInstance;
  let github: FakeGithubServer;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let api: ApiProcess;
  let worker: ManagedProcess;
  let pids: { api: number; worker: number };
  let admin: Session;
  let platform: Session;
  let configId: number;
  const csv = generateBiasCsv(2000).csv;

  beforeAll(async () => {
    redis = await RedisInstance.start();
    github = new FakeGithubServer({
      organizations: { 'redis-org': syntheticOrganization(4001, 3).organization },
      tokens: { ghp_redis: ['redis-org'] },
    });
    await github.start();
    database = await createTestDatabase();
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: database.name,
      GITHUB_API_URL: github.url,
      GITHUB_TOKEN: 'ghp_redis',
      FRONTIER_FETCH_TIMEOUT_MS: '2000',
      ...FAST_RECOVERY_ENV,
    };
    [api, worker] = await Promise.all([startApi('api', await freePort(), env), startWorker('worker', env)]);
    pids = { api: api.pid, worker: worker.pid };
    admin = await registerOrganization(api.url);
    platform = await createPlatformAdminIn(database.url, api.url);
    await request(api.url)
      .post('/api/v1/risk-items')
      .set(admin.auth)
      .send({ title: 'Kept readable', status: 'open', severity: 'high', impact: 'medium', likelihood: 'low', category: 'bias' })
      .expect(201);
    configId = (await request(api.url).post('/api/v1/github/scan-configs').set(admin.auth).send({ githubOrgName: 'redis-org' }).expect(201))
      .body.id;
  }, 120_000);

  afterAll(async () => {
    await killAllProcesses();
    await redis?.close();
    await github?.close();
    await database?.drop();
  });

  const auth = (session: Session) => ({ authorization: session.auth.Authorization });
  const startScan = () => timedFetch(`${api.url}/api/v1/github/scan-configs/${configId}/scans`, { method: 'POST', headers: auth(admin) });
  const fetchFeeds = () => timedFetch(`${api.url}/api/v1/frontier-models/sources/fetch`, { method: 'POST', headers: auth(platform) });
  const uploadScan = async () => {
    const form = new FormData();
    form.append('name', 'During a Redis outage');
    form.append('config', JSON.stringify({ labelColumn: 'y_true', predictionColumn: 'y_pred', protectedAttributes: ['race', 'sex'] }));
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'data.csv');
    return timedFetch(`${api.url}/api/v1/bias-analysis/scans`, { method: 'POST', headers: auth(admin), body: form });
  };

  it('while Redis is down: reads answer 200, job-creating requests 503 within seconds, /health 503 naming Redis', async () => {
    await withProcessOutput(allProcessOutput, async () => {
      await redis.stop();

      const read = await timedFetch(`${api.url}/api/v1/risk-items`, { headers: auth(admin) });
      expect(read.status).toBe(200);
      expect((read.body.data as Array<{ title: string }>).map((r) => r.title)).toEqual(['Kept readable']);
      expect(read.elapsedMs).toBeLessThan(3000);

      // All three at once (each gives up after the producer's 3 s enqueue timeout).
      const refused = await Promise.all([startScan(), uploadScan(), fetchFeeds()]);
      for (const [label, res] of ['GitHub scan', 'bias upload', 'frontier fetch'].map((l, i) => [l, refused[i]] as const)) {
        const message = expectErrorShape(res, 503);
        expect({ label, message }).toEqual({ label, message: expect.stringMatching(/queue \(Redis\) is unavailable/) });
        // Never hangs on the Redis client's offline queue.
        expect({ label, fast: res.elapsedMs < 8000 }).toEqual({ label, fast: true });
      }

      // The refused scan is not left "queued" forever, and the refused upload left no scan behind.
      const runs = await request(api.url).get(`/api/v1/github/scan-configs/${configId}/scans`).set(admin.auth).expect(200);
      expect(runs.body.data).toEqual([
        expect.objectContaining({ status: 'failed', error: expect.stringMatching(/queue was unavailable/) }),
      ]);
      const scans = await request(api.url).get('/api/v1/bias-analysis/scans').set(admin.auth).expect(200);
      expect(scans.body.data).toEqual([]);

      const health = await timedFetch(`${api.url}/health`);
      expect(expectErrorShape(health, 503)).toMatch(/^Unhealthy: redis/);
      expect(health.body.details).toMatchObject({ database: { status: 'up' }, redis: { status: 'down' } });
      expect(health.elapsedMs).toBeLessThan(5000);
    });
  }, 60_000);

  it('after Redis returns on the same port: /health 200, jobs are accepted and the worker runs them to completion, without restarts', async () => {
    await withProcessOutput(allProcessOutput, async () => {
      await redis.start();
      await waitFor(async () => (await timedFetch(`${api.url}/health`)).status === 200, 45_000);

      // The API's queue clients may reconnect a moment after the health check's: retry on 503 only.
      const started = await waitFor(async () => {
        const res = await startScan();
        if (res.status === 503) return undefined;
        return res;
      }, 30_000);
      expect(started.status).toBe(202);
      const run = await waitForGithubRun(api.url, admin, configId, started.body.scanId as number, 60_000);
      expect(run).toMatchObject({ status: 'completed', progress: { done: 3, total: 3 }, repositoriesFailed: 0 });

      const upload = await uploadScan();
      expect(upload.status).toBe(202);
      const scan = await waitForBiasStatus(api.url, admin, upload.body.id as number, (s) => ['completed', 'failed'].includes(s), 60_000);
      expect(scan).toMatchObject({ status: 'completed', rowCount: 2000 });

      const fetchRun = await fetchFeeds();
      expect(fetchRun.status).toBe(202);
      const queue = new Bull(QueueName.FrontierFetch, redis.url, { prefix: database.name });
      try {
        await waitFor(async () => (await (await queue.getJob(fetchRun.body.jobId as string))?.isCompleted()) ?? false, 60_000);
      } finally {
        await queue.close();
      }
      // The same processes throughout: nothing was restarted.
      expect([api.running, worker.running, api.pid, worker.pid]).toEqual([true, true, pids.api, pids.worker]);
    });
  }, 150_000);
});
