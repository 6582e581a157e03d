import request from 'supertest';
import { oracleMetrics, type OracleCounts } from '../support/bias-oracle.js';
import { registerOrganization, type Session } from '../support/factories.js';
import { allProcessOutput, assertBuilt, startApi, startWorker, type ApiProcess, type ManagedProcess } from '../support/processes.js';
import { freePort } from '../support/service-instances.js';
import { waitFor } from '../support/test-app.js';
import {
  biasResults,
  CountingProxy,
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

const REPOSITORIES = 30;
const BIAS_ROWS = 1_500_000;

/**
 * A worker process is SIGKILLed in the middle of a job; Bull's stalled-job check in another worker
 * requeues the job once its lock expires (QUEUE_LOCK_DURATION_MS, shortened here), and the result
 * is complete and counted once.
 */
describe('Fault: a worker killed (SIGKILL) in the middle of a job', () => {
  assertBuilt();
  let services: GithubFaultServices;
  let api: ApiProcess;
  let admin: Session;
  const proxies: Record<string, CountingProxy> = {};
  const workers: Record<string, ManagedProcess> = {};
  const { organization, withAi } = syntheticOrganization(5001, REPOSITORIES);

  /** A worker whose GitHub requests pass through a proxy of its own and whose PostgreSQL sessions carry its name. */
  async function worker(name: string): Promise<ManagedProcess> {
    proxies[name] = await new CountingProxy(services.github.url).start();
    workers[name] = await startWorker(name, { ...services.env, GITHUB_API_URL: proxies[name].url, PGAPPNAME: `aura-fault-${name}` });
    return workers[name];
  }

  beforeAll(async () => {
    // Latency makes each repository job take about a second (tree + blobs), the scan several.
    services = await startGithubFaultServices({ organization: ['crash-org', organization], token: 'ghp_crash', latencyMs: 150 });
    [api] = await Promise.all([startApi('api', await freePort(), services.env), worker('worker-a'), worker('worker-b')]);
    admin = await registerOrganization(api.url);
  }, 120_000);

  afterAll(async () => {
    await services?.close();
    for (const proxy of Object.values(proxies)) await proxy.close();
  });

  it('GitHub scan: the other worker takes over the killed one’s repository jobs; one result per repository, summary correct', async () => {
    await withProcessOutput(allProcessOutput, async () => {
      const configId = (
        await request(api.url).post('/api/v1/github/scan-configs').set(admin.auth).send({ githubOrgName: 'crash-org' }).expect(201)
      ).body.id as number;
      const started = await request(api.url).post(`/api/v1/github/scan-configs/${configId}/scans`).set(admin.auth).expect(202);
      const runId = started.body.scanId as number;

      // Worker A is in the middle of repository jobs: it fetched trees and has GitHub requests in flight.
      const a = proxies['worker-a'];
      await waitFor(async () => a.treeRequests().length >= 1 && a.inFlight > 0, 60_000, 20);
      const progressAtKill = (await request(api.url).get(`/api/v1/github/scan-configs/${configId}/scans/${runId}`).set(admin.auth)).body;
      await workers['worker-a'].kill();
      expect(progressAtKill.status).toBe('running');
      expect(progressAtKill.progress.done).toBeLessThan(REPOSITORIES);

      const run = await waitForGithubRun(api.url, admin, configId, runId, 120_000);
      expect(run).toMatchObject({ status: 'completed', progress: { done: REPOSITORIES, total: REPOSITORIES }, repositoriesFailed: 0 });

      // Every repository exactly once, with the right findings.
      const results = (await request(api.url).get(`/api/v1/github/scan-configs/${configId}/results?limit=100`).set(admin.auth).expect(200))
        .body.data as Array<{ repositoryName: string; hasAiUsage: boolean; scanError: string | null }>;
      expect(results.map((r) => r.repositoryName).sort()).toEqual(organization.repositories.map((r) => r.name).sort());
      expect(results.filter((r) => r.hasAiUsage).map((r) => r.repositoryName)).toEqual(withAi);
      expect(results.filter((r) => r.scanError)).toEqual([]);
      const summaries = (await request(api.url).get(`/api/v1/github/scan-configs/${configId}/summaries`).set(admin.auth).expect(200)).body
        .data;
      expect(summaries).toEqual([
        expect.objectContaining({ totalRepositories: REPOSITORIES, repositoriesWithAi: withAi.length, repositoriesFailed: 0 }),
      ]);

      // The jobs A was running were redone by B (B fetched their trees too), and B finished the rest.
      const treeOf = (path: string) => /\/repos\/[^/]+\/([^/]+)\/git\/trees\//.exec(path)?.[1];
      const byA = new Set(a.treeRequests().map(treeOf));
      const byB = new Set(proxies['worker-b'].treeRequests().map(treeOf));
      expect([...byA].filter((name) => byB.has(name)).length).toBeGreaterThanOrEqual(1);
      expect(new Set([...byA, ...byB]).size).toBe(REPOSITORIES);

      const [stored] = await queryDatabase(
        services.database.url,
        `SELECT (SELECT count(*)::int FROM github_scan_results WHERE scan_config_id = $1 AND run_id = $2) AS results,
                (SELECT count(*)::int FROM github_scan_summaries WHERE run_id = $2) AS summaries`,
        [configId, runId],
      );
      expect(stored).toEqual({ results: REPOSITORIES, summaries: 1 });
    });
  }, 180_000);

  it('bias analysis of 1.5M rows: another worker finishes it; the results equal an independent computation and are not duplicated', async () => {
    await withProcessOutput(allProcessOutput, async () => {
      await worker('worker-c');
      const { csv, counts } = generateBiasCsv(BIAS_ROWS);
      const scanId = await uploadBiasScan(api.url, admin, csv, 'Interrupted analysis');
      await waitForBiasStatus(api.url, admin, scanId, (s) => s !== 'pending', 60_000);

      // The worker holding the job is the one reading the staged chunks (its sessions carry its name).
      const holder = await waitFor(
        async () => {
          const rows = await queryDatabase<{ application_name: string }>(
            services.database.url,
            `SELECT DISTINCT application_name FROM pg_stat_activity
            WHERE datname = current_database() AND application_name LIKE 'aura-fault-worker-%' AND query ILIKE '%bias_analysis_data_chunks%'`,
          );
          return rows.length === 1 ? rows[0].application_name.replace('aura-fault-', '') : undefined;
        },
        30_000,
        20,
      );
      const survivor = holder === 'worker-b' ? 'worker-c' : 'worker-b';
      await workers[holder].kill();
      const atKill = await waitForBiasStatus(api.url, admin, scanId, () => true);
      expect({ holder, status: atKill.status }).toEqual({ holder, status: 'processing' });
      expect(workers[survivor].running).toBe(true);

      const scan = await waitForBiasStatus(api.url, admin, scanId, (s) => ['completed', 'failed'].includes(s), 150_000);
      expect(scan).toMatchObject({ status: 'completed', error: null, rowCount: BIAS_ROWS });

      const rows = await biasResults(api.url, admin, scanId);
      const keys = rows.map((r) => `${r.metricName} ${r.demographicGroup}`);
      expect(new Set(keys).size).toBe(keys.length);
      expectMatchesOracle(rows, 'race', counts.race);
      expectMatchesOracle(rows, 'sex', counts.sex);
      // 8 aggregate metrics per attribute and one disparate-impact row per group, nothing else.
      expect(rows).toHaveLength(8 + counts.race.length + 8 + counts.sex.length);
      const [stored] = await queryDatabase<{ n: number }>(
        services.database.url,
        'SELECT count(*)::int AS n FROM bias_analysis_results WHERE scan_id = $1',
        [scanId],
      );
      expect(stored.n).toBe(rows.length);
    });
  }, 240_000);
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
