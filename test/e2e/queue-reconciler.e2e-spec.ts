import { getQueueToken } from '@nestjs/bull';
import type { INestApplicationContext } from '@nestjs/common';
import type { Queue } from 'bull';
import { Redis } from 'ioredis';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { GithubScanJob, repositoryJobId, runJobId, scheduleJobId } from '../../src/modules/github-scans/github-scans.constants.js';
import { FETCH_SCHEDULE_JOB_ID, FrontierJob } from '../../src/modules/frontier-models/frontier.constants.js';
import { LOST_SCANS_SQL } from '../../src/modules/bias-analysis/bias-analysis.reconciler.js';
import { LOST_RUNS_SQL } from '../../src/modules/github-scans/github-scans.reconciler.js';
import { liveJobIds, QueueReconciler, STALLED_LIMIT_REASON } from '../../src/queue/queue-reconciler.js';
import { QueueName } from '../../src/queue/queue.constants.js';
import { registerOrganization, type Session } from '../support/factories.js';
import type { FakeGithubServer } from '../support/fake-github-server.js';
import { createGithubTestWorker, startFixtureGithub } from '../support/github-test-worker.js';
import { createTestApp, waitFor, type TestApp } from '../support/test-app.js';

const ACME_SCANNED_REPOSITORIES = 11;
const CSV =
  'y_true,y_pred,sex\n' + Array.from({ length: 200 }, (_, i) => `${i % 2},${i % 3 === 0 ? 1 : 0},${i % 4 ? 'F' : 'M'}`).join('\n') + '\n';
const HOUR = 3_600_000;

/**
 * The queue reconciler's decisions against real PostgreSQL and Redis. "Redis lost its data" is
 * simulated by deleting every key of this file's own queue prefix (never FLUSHALL: the Redis is
 * shared); the passes are run by hand (`reconcile(graceMs)`) instead of waiting for the timer.
 */
describe('Queue reconciler (work PostgreSQL holds as queued, lost by Redis)', () => {
  let github: FakeGithubServer;
  let t: TestApp;
  let worker: INestApplicationContext;
  let admin: Session;
  let redis: Redis;
  let db: DataSource;

  const queue = (name: QueueName) => t.app.get<Queue>(getQueueToken(name), { strict: false });
  const reconciler = () => worker.get(QueueReconciler);

  /** What a Redis restarted without persistence looks like to this test's queues. */
  async function loseRedisData(): Promise<void> {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${t.env.QUEUE_PREFIX}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  }

  /**
   * As if every worker that took the job died with it (killed, out of memory): the job is put in the active list
   * without a lock, and Bull's own stalled-job check finds it, queues it again, and after maxStalledCount
   * take-overs fails it, and emits 'failed' on `q` (the instance that ran the check). The queue is paused, so no
   * live worker takes the job in between.
   */
  async function crashEveryWorkerOn(q: Queue, jobId: string): Promise<void> {
    const checkStalled = q as Queue & { moveUnlockedJobsToWait(): Promise<void> };
    for (let takeover = 0; (await (await q.getJob(jobId))!.getState()) !== 'failed'; takeover++) {
      if (takeover > 20) throw new Error(`Bull never failed ${jobId}`);
      await redis.multi().lrem(q.toKey('paused'), 0, jobId).lrem(q.toKey('wait'), 0, jobId).lpush(q.toKey('active'), jobId).exec();
      // The first check marks the active jobs, the next one handles those still without a lock.
      for (let check = 0; check < 2; check++) {
        await redis.del(q.toKey('stalled-check'));
        await checkStalled.moveUnlockedJobsToWait();
      }
    }
    expect((await q.getJob(jobId))!.failedReason).toBe(STALLED_LIMIT_REASON);
  }

  const uploadBiasScan = async (name: string): Promise<number> =>
    (
      await request(t.http)
        .post('/api/v1/bias-analysis/scans')
        .set(admin.auth)
        .field('name', name)
        .field('config', JSON.stringify({ labelColumn: 'y_true', predictionColumn: 'y_pred', protectedAttributes: ['sex'] }))
        .attach('file', Buffer.from(CSV), { filename: 'data.csv', contentType: 'text/csv' })
        .expect(202)
    ).body.id;

  const biasScan = async (id: number) =>
    (await request(t.http).get(`/api/v1/bias-analysis/scans/${id}`).set(admin.auth).expect(200)).body as {
      status: string;
      rowCount: number;
      error: string | null;
    };

  const createScanConfig = async (githubOrgName: string) =>
    (await request(t.http).post('/api/v1/github/scan-configs').set(admin.auth).send({ githubOrgName }).expect(201)).body as { id: number };

  const startScan = async (configId: number) =>
    (await request(t.http).post(`/api/v1/github/scan-configs/${configId}/scans`).set(admin.auth).expect(202)).body as { scanId: number };

  const run = async (configId: number, runId: number) =>
    (await request(t.http).get(`/api/v1/github/scan-configs/${configId}/scans/${runId}`).set(admin.auth).expect(200)).body as {
      status: string;
      error: string | null;
      progress: { done: number; total: number };
      repositoriesReused: number;
      repositoriesFailed: number;
    };

  const waitForRun = (configId: number, runId: number) =>
    waitFor(async () => {
      const current = await run(configId, runId);
      return ['completed', 'failed'].includes(current.status) ? current : undefined;
    }, 45_000);

  beforeAll(async () => {
    github = await startFixtureGithub();
    // The worker's own stalled-job check is left to the tests (crashEveryWorkerOn), so it never races them.
    t = await createTestApp({ GITHUB_API_URL: github.url, GITHUB_TOKEN: 'ghp_env_default', QUEUE_STALLED_INTERVAL_MS: '3600000' });
    worker = await createGithubTestWorker(t);
    admin = await registerOrganization(t.http);
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    db = new DataSource({ type: 'postgres', url: t.databaseUrl });
    await db.initialize();
  });

  afterAll(async () => {
    await db?.destroy();
    await loseRedisData().catch(() => undefined);
    redis?.disconnect();
    await worker?.close();
    await t?.close();
    await github?.close();
  });

  // Each test leaves no queued work behind, so the passes below count only what the test lost.
  afterEach(async () => {
    await queue(QueueName.BiasAnalysis).resume();
    await queue(QueueName.GithubScan).resume();
  });

  it('registers the frontier fetch schedule and every rescan schedule again, once; removes a deleted configuration’s', async () => {
    const config = (
      await request(t.http)
        .post('/api/v1/github/scan-configs')
        .set(admin.auth)
        .send({ githubOrgName: 'scheduled-org', rescanCron: '0 4 * * *' })
        .expect(201)
    ).body as { id: number };
    const schedules = async () => ({
      frontier: (await queue(QueueName.FrontierFetch).getRepeatableJobs()).map((j) => [j.name, j.id]),
      github: (await queue(QueueName.GithubScan).getRepeatableJobs()).map((j) => [j.name, j.id, j.cron]),
    });
    const expected = {
      frontier: [[FrontierJob.FetchAll, FETCH_SCHEDULE_JOB_ID]],
      github: [[GithubScanJob.ScheduledRescan, scheduleJobId(config.id), '0 4 * * *']],
    };
    expect(await schedules()).toEqual(expected);
    // Nothing missing: nothing done.
    expect(await reconciler().reconcile(0)).toBe(0);

    await loseRedisData();
    expect(await schedules()).toEqual({ frontier: [], github: [] });
    expect(await reconciler().reconcile(HOUR)).toBe(2);
    expect(await schedules()).toEqual(expected);
    expect(await reconciler().reconcile(0)).toBe(0);

    // A configuration deleted while its schedule was kept elsewhere: the schedule goes.
    await db.query('DELETE FROM github_scan_configs WHERE id = $1', [config.id]);
    expect(await reconciler().reconcile(0)).toBe(1);
    expect((await schedules()).github).toEqual([]);
  });

  it('queues a bias analysis again under its job id once its job is lost, and only then', async () => {
    const biasQueue = queue(QueueName.BiasAnalysis);
    // Paused for every worker: the job waits in Redis until the test lets it go.
    await biasQueue.pause();
    const scanId = await uploadBiasScan('Lost analysis');
    const jobId = `bias-analysis:${scanId}`;
    expect([...(await liveJobIds(biasQueue))]).toEqual([jobId]);
    // Its job is still in Redis: nothing to do.
    expect(await reconciler().reconcile(0)).toBe(0);

    await loseRedisData();
    expect(await biasQueue.getJob(jobId)).toBeNull();
    // Queued less than the grace period ago (its own enqueue may still be on its way): only the
    // frontier schedule is registered again.
    expect(await reconciler().reconcile(HOUR)).toBe(1);
    expect(await reconciler().reconcile(0)).toBe(1);
    const completed = await waitFor(async () => {
      const scan = await biasScan(scanId);
      return scan.status === 'completed' ? scan : undefined;
    });
    expect(completed).toMatchObject({ rowCount: 200 });
    expect(await biasQueue.getJob(jobId)).toEqual(expect.objectContaining({ id: jobId }));
    const [results] = await db.query('SELECT count(*)::int AS n FROM bias_analysis_results WHERE scan_id = $1', [scanId]);
    expect(results.n).toBeGreaterThan(0);
    // Finished: it is no longer looked at.
    expect(await reconciler().reconcile(0)).toBe(0);
  });

  it('replaces a finished job that still holds the id of an analysis PostgreSQL holds as queued (e.g. a lost re-run)', async () => {
    const biasQueue = queue(QueueName.BiasAnalysis);
    await biasQueue.pause();
    const scanId = await uploadBiasScan('Finished job, queued scan');
    const jobId = `bias-analysis:${scanId}`;
    // Bull ignores an add whose id exists in any state: a kept failed job would swallow the new one.
    // Moved by hand where Bull keeps failed jobs, as if an earlier attempt had failed.
    await redis.multi().lrem(biasQueue.toKey('paused'), 0, jobId).zadd(biasQueue.toKey('failed'), Date.now(), jobId).exec();
    expect(await (await biasQueue.getJob(jobId))!.getState()).toBe('failed');

    expect(await reconciler().reconcile(0)).toBe(1);
    expect(await (await biasQueue.getJob(jobId))!.getState()).toBe('paused');
    await biasQueue.resume();
    await waitFor(async () => (await biasScan(scanId)).status === 'completed');
  });

  it('lets one of several workers reconcile a lost job at a time: the job is queued once', async () => {
    const other = await createGithubTestWorker(t);
    try {
      const biasQueue = queue(QueueName.BiasAnalysis);
      await biasQueue.pause();
      const scanId = await uploadBiasScan('Lost once');
      await loseRedisData();
      await biasQueue.pause();
      const passes = await Promise.all([reconciler().reconcile(0), other.get(QueueReconciler).reconcile(0)]);
      // The analysis and the frontier schedule, each once.
      expect(passes.reduce((a, b) => a + b, 0)).toBe(2);
      expect(await biasQueue.getJobCounts()).toMatchObject({ paused: 1, waiting: 0, active: 0 });
      expect([...(await liveJobIds(biasQueue))]).toEqual([`bias-analysis:${scanId}`]);
      await biasQueue.resume();
      await waitFor(async () => (await biasScan(scanId)).status === 'completed');
    } finally {
      await other.close();
    }
  });

  it('resumes a GitHub scan whose listing job was lost before it ran; a new scan then starts', async () => {
    const config = await createScanConfig('acme-ai');
    await queue(QueueName.GithubScan).pause();
    const started = await startScan(config.id);
    await loseRedisData();
    // Until then, starting again answers with the run that has no job left.
    expect((await startScan(config.id)).scanId).toBe(started.scanId);
    expect(await reconciler().reconcile(HOUR)).toBe(1); // the frontier schedule only
    expect(await reconciler().reconcile(0)).toBe(1);
    expect(await waitForRun(config.id, started.scanId)).toMatchObject({
      status: 'completed',
      progress: { done: ACME_SCANNED_REPOSITORIES, total: ACME_SCANNED_REPOSITORIES },
      repositoriesFailed: 0,
    });
    const next = await startScan(config.id);
    expect(next.scanId).not.toBe(started.scanId);
    expect(await waitForRun(config.id, next.scanId)).toMatchObject({ status: 'completed' });
  });

  it('resumes a GitHub scan that lost its repository jobs half-way: each repository counted once, scanned ones reused', async () => {
    const [{ id: configId }] = await db.query(`SELECT id FROM github_scan_configs WHERE github_org_name = 'acme-ai'`);
    await queue(QueueName.GithubScan).pause();
    const { scanId } = await startScan(configId);
    // The state a run is in after its listing fanned out and 4 of its repositories were scanned,
    // when Redis lost the remaining repository jobs.
    await db.query(
      `UPDATE github_scan_results SET run_id = $1 WHERE id IN (SELECT id FROM github_scan_results WHERE scan_config_id = $2 ORDER BY id LIMIT 4)`,
      [scanId, configId],
    );
    await db.query(
      `UPDATE github_scan_runs SET status = 'running', started_at = now(), progress_done = 4, progress_total = $2 WHERE id = $1`,
      [scanId, ACME_SCANNED_REPOSITORIES],
    );
    await loseRedisData();
    const mark = github.requests.length;

    // The run and the frontier schedule.
    expect(await reconciler().reconcile(0)).toBe(2);
    expect(await waitForRun(configId, scanId)).toMatchObject({
      status: 'completed',
      progress: { done: ACME_SCANNED_REPOSITORIES, total: ACME_SCANNED_REPOSITORIES },
      repositoriesReused: ACME_SCANNED_REPOSITORIES,
      repositoriesFailed: 0,
    });
    // Only the listing was read again: no repository was scanned twice.
    expect(github.requests.slice(mark).filter((r) => r.path.includes('/git/'))).toEqual([]);
    const results: Array<{ run_id: number }> = await db.query('SELECT run_id FROM github_scan_results WHERE scan_config_id = $1', [
      configId,
    ]);
    expect(results).toHaveLength(ACME_SCANNED_REPOSITORIES);
    expect(results.every((r) => r.run_id === scanId)).toBe(true);
    const [summary] = await db.query('SELECT total_repositories FROM github_scan_summaries WHERE run_id = $1', [scanId]);
    expect(summary).toEqual({ total_repositories: ACME_SCANNED_REPOSITORIES });
    expect(await reconciler().reconcile(0)).toBe(0);
  });

  it('fails, never queues again, a bias analysis whose job crashed every worker that ran it', async () => {
    const biasQueue = queue(QueueName.BiasAnalysis);
    await biasQueue.pause();
    // Bull's stalled-job check in the worker fails the job: the worker fails the scan at once.
    const seenByWorker = await uploadBiasScan('Crashes its workers');
    await crashEveryWorkerOn(worker.get<Queue>(getQueueToken(QueueName.BiasAnalysis), { strict: false }), `bias-analysis:${seenByWorker}`);
    const failed = await waitFor(async () => {
      const scan = await biasScan(seenByWorker);
      return scan.status === 'failed' ? scan : undefined;
    });
    expect(failed.error).toMatch(/^The analysis stopped the worker process running it each time it was taken over/);

    // Failed by a check elsewhere (a process without the handler, or one that died right after): the reconciler
    // fails it rather than queue it again, where it would crash maxStalledCount + 1 more workers at every pass.
    const seenElsewhere = await uploadBiasScan('Crashes its workers too');
    await crashEveryWorkerOn(biasQueue, `bias-analysis:${seenElsewhere}`);
    expect((await biasScan(seenElsewhere)).status).toBe('pending');
    expect(await reconciler().reconcile(0)).toBe(0);
    expect(await biasScan(seenElsewhere)).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/^The analysis stopped the worker process running it each time it was taken over/),
    });
    expect([...(await liveJobIds(biasQueue))]).toEqual([]);
    expect(await reconciler().reconcile(0)).toBe(0);
  });

  it('settles a GitHub scan whose job crashed every worker that ran it: a listing fails the run, a repository counts as failed', async () => {
    const githubQueue = queue(QueueName.GithubScan);
    const config = await createScanConfig('crash-org');

    await githubQueue.pause();
    const listing = await startScan(config.id);
    await crashEveryWorkerOn(githubQueue, runJobId(listing.scanId));
    // Resumed, it would crash maxStalledCount + 1 more workers at every pass.
    expect(await reconciler().reconcile(0)).toBe(0);
    expect(await run(config.id, listing.scanId)).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/^Listing the organization’s repositories stopped the worker process running it each time/),
    });
    expect([...(await liveJobIds(githubQueue))]).toEqual([]);

    // The next run listed one repository, whose job then crashed every worker that scanned it.
    const fanned = await startScan(config.id);
    expect(fanned.scanId).not.toBe(listing.scanId);
    await (await githubQueue.getJob(runJobId(fanned.scanId)))!.remove();
    await db.query(`UPDATE github_scan_runs SET status = 'running', started_at = now(), progress_total = 1 WHERE id = $1`, [fanned.scanId]);
    const repository = {
      name: 'huge-monorepo',
      htmlUrl: 'https://github.com/crash-org/huge-monorepo',
      defaultBranch: 'main',
      pushedAt: '2026-11-01T10:00:00Z',
      archived: false,
      fork: false,
    };
    const repositoryJob = repositoryJobId(fanned.scanId, repository.name);
    await githubQueue.add(
      GithubScanJob.ScanRepository,
      { organizationId: admin.organizationId, runId: fanned.scanId, repository },
      { jobId: repositoryJob },
    );
    await crashEveryWorkerOn(githubQueue, repositoryJob);
    expect(await reconciler().reconcile(0)).toBe(0);
    expect(await run(config.id, fanned.scanId)).toMatchObject({
      status: 'completed',
      progress: { done: 1, total: 1 },
      repositoriesFailed: 1,
    });
    const results = (await request(t.http).get(`/api/v1/github/scan-configs/${config.id}/results`).set(admin.auth).expect(200)).body.data;
    expect(results).toEqual([
      expect.objectContaining({
        repositoryName: 'huge-monorepo',
        scanError: expect.stringMatching(/^Scanning repository huge-monorepo stopped the worker process running it each time/),
      }),
    ]);
    expect([...(await liveJobIds(githubQueue))]).toEqual([]);
    expect(await reconciler().reconcile(0)).toBe(0);
  });

  it('looks past the runs in progress: a lost run is resumed however many older runs still have their jobs', async () => {
    const githubQueue = queue(QueueName.GithubScan);
    const config = await createScanConfig('busy-org');
    await githubQueue.pause();
    // More runs in progress, with their listing jobs waiting, than a pass resumes (500), all older than the lost one.
    const inProgress: Array<{ id: number }> = await db.query(
      `INSERT INTO github_scan_runs (organization_id, scan_config_id, status, created_at)
       SELECT $1, $2, 'queued', now() - interval '2 hours' + n * interval '1 second' FROM generate_series(1, 600) AS n RETURNING id`,
      [admin.organizationId, config.id],
    );
    await githubQueue.addBulk(
      inProgress.map(({ id }) => ({
        name: GithubScanJob.ScanOrganization,
        data: { organizationId: admin.organizationId, runId: id },
        opts: { jobId: runJobId(id) },
      })),
    );
    const [lost] = await db.query(
      `INSERT INTO github_scan_runs (organization_id, scan_config_id, status, created_at) VALUES ($1, $2, 'queued', now() - interval '1 hour') RETURNING id`,
      [admin.organizationId, config.id],
    );
    try {
      expect(await reconciler().reconcile(0)).toBe(1);
      expect(await (await githubQueue.getJob(runJobId(lost.id)))!.getState()).toBe('paused');
      expect(await reconciler().reconcile(0)).toBe(0);
    } finally {
      await githubQueue.empty();
      await db.query(`UPDATE github_scan_runs SET status = 'failed' WHERE scan_config_id = $1`, [config.id]);
    }
  });

  it('finds queued work through partial indexes that hold only queued work (no scan of the history)', async () => {
    const runner = db.createQueryRunner();
    try {
      // The tables are small here: without seq scans the planner shows which index it would use.
      await runner.query('SET enable_seqscan = off');
      for (const [sql, index] of [
        [LOST_RUNS_SQL, 'IDX_github_scan_runs_active'],
        [LOST_SCANS_SQL, 'IDX_bias_analysis_scans_queued'],
      ]) {
        const plan: Array<{ 'QUERY PLAN': string }> = await runner.query(`EXPLAIN ${sql}`, [new Date(), [1, 2, 3]]);
        const text = plan.map((row) => row['QUERY PLAN']).join('\n');
        // A plain or a bitmap scan of the partial index (the planner picks either as the table grows), never the table.
        expect(text).toMatch(new RegExp(`(Index Scan using|Bitmap Index Scan on) "${index}"`));
        expect(text).not.toContain('Seq Scan');
      }
    } finally {
      await runner.release();
    }
  });
});
