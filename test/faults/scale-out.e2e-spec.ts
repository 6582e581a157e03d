import Bull from 'bull';
import request from 'supertest';
import { QueueName } from '../../src/queue/queue.constants.js';
import { registerOrganization, type Session } from '../support/factories.js';
import { FakeGithubServer, type FakeOrganization } from '../support/fake-github-server.js';
import { allProcessOutput, assertBuilt, killAllProcesses, startApi, startWorker, type ApiProcess } from '../support/processes.js';
import { freePort, RedisInstance } from '../support/service-instances.js';
import { waitFor } from '../support/test-app.js';
import { createTestDatabase } from '../support/test-database.js';
import { CountingProxy, queryDatabase, syntheticOrganization, waitForGithubRun, withProcessOutput } from './fault-support.js';

const SCANS = 10;
const REPOSITORIES_PER_ORG = 3;

/** Two API processes (two ports) and two workers on one PostgreSQL database and one Redis. */
describe('Scale-out: two API processes and two workers sharing PostgreSQL and Redis', () => {
  assertBuilt();
  let redis: RedisInstance;
  let github: FakeGithubServer;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let apis: ApiProcess[];
  const proxies: CountingProxy[] = [];
  const organizations: Record<string, FakeOrganization> = {};
  const withAi: Record<string, string[]> = {};
  for (let i = 0; i < SCANS; i++) {
    const org = syntheticOrganization(6000 + i, REPOSITORIES_PER_ORG, `repo${i}`);
    organizations[`scale-org-${i}`] = org.organization;
    withAi[`scale-org-${i}`] = org.withAi;
  }

  beforeAll(async () => {
    redis = await RedisInstance.start();
    github = new FakeGithubServer({ organizations, tokens: { ghp_scale: Object.keys(organizations) }, latencyMs: 40 });
    await github.start();
    database = await createTestDatabase();
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: database.name,
      GITHUB_TOKEN: 'ghp_scale',
      GITHUB_API_URL: github.url,
      LOGIN_MAX_FAILURES: '3',
    };
    proxies.push(await new CountingProxy(github.url).start(), await new CountingProxy(github.url).start());
    const ports = [await freePort(), await freePort()];
    [apis] = await Promise.all([
      Promise.all(ports.map((port, i) => startApi(`api-${i + 1}`, port, env))),
      ...proxies.map((proxy, i) => startWorker(`worker-${i + 1}`, { ...env, GITHUB_API_URL: proxy.url })),
    ]);
  }, 180_000);

  afterAll(async () => {
    await killAllProcesses();
    for (const proxy of proxies) await proxy.close();
    await redis?.close();
    await github?.close();
    await database?.drop();
  });

  it('what one API process writes, the other reads; sign-in throttling is shared through Redis', async () => {
    await withProcessOutput(allProcessOutput, async () => {
      const [one, two] = apis.map((a) => a.url);
      const admin = await registerOrganization(one);
      const created = await request(one)
        .post('/api/v1/risk-items')
        .set(admin.auth)
        .send({ title: 'Written by API 1', status: 'open', severity: 'high', impact: 'medium', likelihood: 'low', category: 'bias' })
        .expect(201);
      // The token issued by one process is accepted by the other (the JWT secret is configuration, not process state).
      await request(two).get(`/api/v1/risk-items/${created.body.id}`).set(admin.auth).expect(200);
      await request(two).patch(`/api/v1/risk-items/${created.body.id}`).set(admin.auth).send({ title: 'Edited by API 2' }).expect(200);
      const read = await request(one).get(`/api/v1/risk-items/${created.body.id}`).set(admin.auth).expect(200);
      expect(read.body.title).toBe('Edited by API 2');

      // Three failures spread over both processes lock the account on both.
      for (const url of [one, two, one]) {
        await request(url).post('/api/v1/auth/login').send({ email: admin.email, password: 'wrong-password' }).expect(401);
      }
      await request(two).post('/api/v1/auth/login').send({ email: admin.email, password: admin.password }).expect(429);
    });
  }, 60_000);

  it(`${SCANS} GitHub scans started through both APIs are each processed exactly once, spread over both workers`, async () => {
    await withProcessOutput(allProcessOutput, async () => {
      const admin = await registerOrganization(apis[0].url);
      const names = Object.keys(organizations);
      const configs = await Promise.all(
        names.map(
          async (name, i) =>
            (
              await request(apis[i % 2].url)
                .post('/api/v1/github/scan-configs')
                .set(admin.auth)
                .send({ githubOrgName: name })
                .expect(201)
            ).body.id as number,
        ),
      );
      const runs = await Promise.all(
        configs.map(
          async (configId, i) =>
            (
              await request(apis[(i + 1) % 2].url)
                .post(`/api/v1/github/scan-configs/${configId}/scans`)
                .set(admin.auth)
                .expect(202)
            ).body.scanId as number,
        ),
      );
      const finished = await Promise.all(
        configs.map((configId, i) => waitForGithubRun(apis[i % 2].url, admin, configId, runs[i], 120_000)),
      );
      for (const run of finished) {
        expect(run).toMatchObject({ status: 'completed', progress: { done: REPOSITORIES_PER_ORG, total: REPOSITORIES_PER_ORG } });
      }
      for (const [i, configId] of configs.entries()) {
        const results = (
          await request(apis[i % 2].url)
            .get(`/api/v1/github/scan-configs/${configId}/results`)
            .set(admin.auth)
            .expect(200)
        ).body.data as Array<{ repositoryName: string; hasAiUsage: boolean }>;
        expect(results.filter((r) => r.hasAiUsage).map((r) => r.repositoryName)).toEqual(withAi[names[i]]);
        expect(results).toHaveLength(REPOSITORIES_PER_ORG);
      }
      const [stored] = await queryDatabase<{ summaries: number; results: number }>(
        database.url,
        `SELECT (SELECT count(*)::int FROM github_scan_summaries WHERE run_id = ANY($1)) AS summaries,
                (SELECT count(*)::int FROM github_scan_results WHERE run_id = ANY($1)) AS results`,
        [runs],
      );
      expect(stored).toEqual({ summaries: SCANS, results: SCANS * REPOSITORIES_PER_ORG });

      // Exactly once: every organization listed once and every repository tree fetched once, over both workers …
      const listings = proxies.flatMap((p) => p.paths.filter((path) => /^\/orgs\/[^/]+\/repos/.test(path)));
      const trees = proxies.flatMap((p) => p.treeRequests());
      expect(listings).toHaveLength(SCANS);
      expect(new Set(listings.map((p) => p.split('?')[0])).size).toBe(SCANS);
      expect(trees).toHaveLength(SCANS * REPOSITORIES_PER_ORG);
      expect(new Set(trees).size).toBe(SCANS * REPOSITORIES_PER_ORG);
      // … and both workers took part.
      expect(proxies.map((p) => p.paths.length > 0)).toEqual([true, true]);

      // Bull agrees: every job completed at its first attempt, none failed or was left behind.
      const queue = new Bull(QueueName.GithubScan, redis.url, { prefix: database.name });
      try {
        await waitFor(async () => (await queue.getJobCounts()).active === 0, 10_000);
        expect(await queue.getJobCounts()).toMatchObject({
          waiting: 0,
          active: 0,
          failed: 0,
          delayed: 0,
          completed: SCANS * (1 + REPOSITORIES_PER_ORG),
        });
        const jobs = await queue.getCompleted(0, -1);
        // Bull counts failed attempts only: 0 everywhere means no job was retried.
        expect(jobs.filter((job) => job.attemptsMade > 0 || job.stacktrace.length > 0).map((job) => job.id)).toEqual([]);
      } finally {
        await queue.close();
      }
    });
  }, 180_000);
});
