import Bull from 'bull';
import { Redis } from 'ioredis';
import request from 'supertest';
import { FETCH_SCHEDULE_JOB_ID, FrontierJob } from '../../src/modules/frontier-models/frontier.constants.js';
import { GithubScanJob, scheduleJobId } from '../../src/modules/github-scans/github-scans.constants.js';
import { QueueName } from '../../src/queue/queue.constants.js';
import { oracleMetrics, type OracleCounts } from '../support/bias-oracle.js';
import { registerOrganization, type Session } from '../support/factories.js';
import { allProcessOutput, assertBuilt, startApi, startWorker, type ApiProcess, type ManagedProcess } from '../support/processes.js';
import { freePort } from '../support/service-instances.js';
import { waitFor } from '../support/test-app.js';
import {
  biasResults,
  generateBiasCsv,
  queryDatabase,
  startGithubFaultServices,
  syntheticOrganization,
  uploadBiasScan,
  waitForBiasStatus,
  waitForGithubRun,
  withProcessOutput,
  type BiasResultRow,
  type GithubFaultServices,
} from './fault-support.js';

const REPOSITORIES = 12;
const BIAS_ROWS = 5000;

/**
 * Redis loses every key (FLUSHALL on a Redis of the test's own, as a restart without persistence
 * or a fail-over to an empty replica would) while a GitHub scan is half-way and a bias analysis is
 * queued. Nothing is restarted: the worker's queue reconciler (every second here) finds the work
 * PostgreSQL still holds as queued and the schedules, and puts them back.
 */
describe('Fault: Redis loses its data', () => {
  assertBuilt();
  let services: GithubFaultServices;
  let api: ApiProcess;
  let worker: ManagedProcess;
  let admin: Session;
  let configId: number;
  let queues: Record<QueueName, Bull.Queue>;
  const { organization, withAi } = syntheticOrganization(4101, REPOSITORIES, 'lost');

  beforeAll(async () => {
    // Slow enough that the scan is still running when Redis is flushed.
    services = await startGithubFaultServices({
      organization: ['lost-org', organization],
      token: 'ghp_lost',
      latencyMs: 250,
      extraEnv: { QUEUE_RECONCILE_INTERVAL_MS: '1000' },
    });
    [api, worker] = await Promise.all([startApi('api', await freePort(), services.env), startWorker('worker', services.env)]);
    admin = await registerOrganization(api.url);
    configId = (
      await request(api.url)
        .post('/api/v1/github/scan-configs')
        .set(admin.auth)
        .send({ githubOrgName: 'lost-org', rescanCron: '30 2 * * *' })
        .expect(201)
    ).body.id;
    queues = Object.fromEntries(
      Object.values(QueueName).map((name) => [name, new Bull(name, services.redis.url, { prefix: services.database.name })]),
    ) as Record<QueueName, Bull.Queue>;
  }, 120_000);

  afterAll(async () => {
    await Promise.all(Object.values(queues ?? {}).map((queue) => queue.close()));
    await services?.close();
  });

  const schedules = async () => ({
    frontier: (await queues[QueueName.FrontierFetch].getRepeatableJobs()).map((j) => [j.name, j.id]),
    github: (await queues[QueueName.GithubScan].getRepeatableJobs()).map((j) => [j.name, j.id, j.cron]),
  });
  const expectedSchedules = {
    frontier: [[FrontierJob.FetchAll, FETCH_SCHEDULE_JOB_ID]],
    github: [[GithubScanJob.ScheduledRescan, scheduleJobId(1), '30 2 * * *']],
  };

  it('after FLUSHALL, without restarts: the queued analysis completes correctly, the half-done scan resumes and completes, the schedules are back', async () => {
    await withProcessOutput(allProcessOutput, async () => {
      expectedSchedules.github[0][1] = scheduleJobId(configId);
      expect(await schedules()).toEqual(expectedSchedules);
      const pids = [api.pid, worker.pid];

      // The analysis stays queued: the bias queue is paused for every worker (a flag that lives in Redis too).
      await queues[QueueName.BiasAnalysis].pause();
      const { csv, counts } = generateBiasCsv(BIAS_ROWS);
      const scanId = await uploadBiasScan(api.url, admin, csv, 'Queued when Redis lost its data');

      const started = await request(api.url).post(`/api/v1/github/scan-configs/${configId}/scans`).set(admin.auth).expect(202);
      const runId = started.body.scanId as number;
      // Half-way: listed, fanned out, some repositories scanned and the rest still queued in Redis.
      await waitFor(
        async () => {
          const [run] = await queryDatabase<{ progress_done: number; progress_total: number }>(
            services.database.url,
            'SELECT progress_done, progress_total FROM github_scan_runs WHERE id = $1',
            [runId],
          );
          return run.progress_total === REPOSITORIES && run.progress_done >= 2;
        },
        60_000,
        20,
      );

      const flusher = new Redis(services.redis.url);
      try {
        await flusher.flushall();
        expect(await flusher.dbsize()).toBe(0);
      } finally {
        flusher.disconnect();
      }
      expect(await schedules()).toEqual({ frontier: [], github: [] });
      const [atLoss] = await queryDatabase<{ status: string; progress_done: number }>(
        services.database.url,
        'SELECT status, progress_done FROM github_scan_runs WHERE id = $1',
        [runId],
      );
      expect(atLoss.status).toBe('running');
      expect(atLoss.progress_done).toBeLessThan(REPOSITORIES);
      expect((await waitForBiasStatus(api.url, admin, scanId, () => true)).status).toBe('pending');

      // The schedules are back within a few reconciler ticks.
      await waitFor(async () => JSON.stringify(await schedules()) === JSON.stringify(expectedSchedules), 30_000, 200);

      // The analysis is queued again and its results are those of an independent computation, once.
      const scan = await waitForBiasStatus(api.url, admin, scanId, (s) => ['completed', 'failed'].includes(s), 90_000);
      expect(scan).toMatchObject({ status: 'completed', error: null, rowCount: BIAS_ROWS });
      const rows = await biasResults(api.url, admin, scanId);
      expectMatchesOracle(rows, 'race', counts.race);
      expectMatchesOracle(rows, 'sex', counts.sex);
      expect(rows).toHaveLength(8 + counts.race.length + 8 + counts.sex.length);

      // The scan run is resumed and completes with every repository counted once.
      const run = await waitForGithubRun(api.url, admin, configId, runId, 90_000);
      expect(run).toMatchObject({
        status: 'completed',
        error: null,
        progress: { done: REPOSITORIES, total: REPOSITORIES },
        repositoriesFailed: 0,
      });
      const results = await queryDatabase<{ repository_name: string; run_id: number; has_ai_usage: boolean }>(
        services.database.url,
        'SELECT repository_name, run_id, has_ai_usage FROM github_scan_results WHERE scan_config_id = $1 ORDER BY repository_name',
        [configId],
      );
      expect(results.map((r) => r.repository_name)).toEqual(organization.repositories.map((r) => r.name));
      expect(results.every((r) => r.run_id === runId)).toBe(true);
      expect(results.filter((r) => r.has_ai_usage).map((r) => r.repository_name)).toEqual(withAi);

      // A new scan starts (not the old run) and completes.
      const next = await request(api.url).post(`/api/v1/github/scan-configs/${configId}/scans`).set(admin.auth).expect(202);
      expect(next.body.scanId).not.toBe(runId);
      expect(await waitForGithubRun(api.url, admin, configId, next.body.scanId as number, 90_000)).toMatchObject({
        status: 'completed',
        progress: { done: REPOSITORIES, total: REPOSITORIES },
      });

      // One line per recovered item, and the same processes throughout.
      await worker.waitForLine(new RegExp(`bias scan ${scanId} .*had no job left in Redis`), 1000);
      await worker.waitForLine(new RegExp(`GitHub scan ${runId} .*had no job left in Redis: resumed`), 1000);
      expect([api.running, worker.running, api.pid, worker.pid]).toEqual([true, true, ...pids]);
    });
  }, 300_000);
});

/** The product's rows for one attribute against Fairlearn's definitions applied to the generator's counts. */
function expectMatchesOracle(rows: BiasResultRow[], attribute: string, counts: OracleCounts[]): void {
  const expected = oracleMetrics(counts);
  for (const [metric, value] of Object.entries(expected.aggregates)) {
    const row = rows.find((r) => r.demographicGroup === attribute && r.metricName === metric);
    expect({ metric, present: Boolean(row) }).toEqual({ metric, present: true });
    if (value === null) expect(row!.score).toBeNull();
    else expect(row!.score).toBeCloseTo(value, 9);
  }
  for (const group of expected.perGroup) {
    const row = rows.find((r) => r.metricName === 'disparate_impact' && r.demographicGroup === `${attribute}=${group.group}`);
    expect(row?.additionalData).toMatchObject({ count: group.count, positives: group.positives });
    expect(row!.score).toBeCloseTo(group.disparateImpact!, 9);
  }
}
