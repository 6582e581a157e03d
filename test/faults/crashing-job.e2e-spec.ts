import request from 'supertest';
import { registerOrganization, type Session } from '../support/factories.js';
import { fakeRepository } from '../support/fake-github-server.js';
import { allProcessOutput, assertBuilt, startApi, startWorker, type ApiProcess, type ManagedProcess } from '../support/processes.js';
import { freePort } from '../support/service-instances.js';
import { waitFor } from '../support/test-app.js';
import {
  CountingProxy,
  startGithubFaultServices,
  syntheticOrganization,
  waitForGithubRun,
  withProcessOutput,
  type GithubFaultServices,
} from './fault-support.js';

const POISON = 'poison-monorepo';
const MAX_STALLED_COUNT = 1;
const HEALTHY = 5;

/**
 * A job that takes down every worker running it (here: a worker is SIGKILLed while it scans one repository, as an
 * out-of-memory kill would, once the other repositories are done, so that no other job dies with it). Bull hands the
 * job to another worker after each death, and after QUEUE_MAX_STALLED_COUNT take-overs fails it; the worker whose stalled-job check failed it counts the repository
 * as failed, and the run completes with the other repositories. Nothing queues the job again.
 */
describe('Fault: a job that crashes every worker running it', () => {
  assertBuilt();
  let services: GithubFaultServices;
  let api: ApiProcess;
  let admin: Session;
  const proxies = new Map<string, CountingProxy>();
  const workers = new Map<string, ManagedProcess>();
  const { organization, withAi } = syntheticOrganization(5002, HEALTHY);
  organization.repositories.push(fakeRepository(POISON, { 'requirements.txt': 'openai==1.40.0\n' }));

  async function startNamedWorker(name: string): Promise<void> {
    // The poison repository's tree is never answered: the worker holds the job until it is killed.
    const proxy = await new CountingProxy(services.github.url, new RegExp(`/${POISON}/git/trees/`)).start();
    proxies.set(name, proxy);
    workers.set(name, await startWorker(name, { ...services.env, GITHUB_API_URL: proxy.url }));
  }

  beforeAll(async () => {
    // Latency keeps a repository job busy long enough for the test to see which worker holds it.
    services = await startGithubFaultServices({
      organization: ['poison-org', organization],
      token: 'ghp_poison',
      latencyMs: 150,
      extraEnv: {
        QUEUE_MAX_STALLED_COUNT: String(MAX_STALLED_COUNT),
        // Frequent reconciliation passes (grace 2 s): were the failed job queued again, a worker would take it below.
        QUEUE_RECONCILE_INTERVAL_MS: '1000',
      },
    });
    [api] = await Promise.all([
      startApi('api', await freePort(), services.env),
      startNamedWorker('worker-1'),
      startNamedWorker('worker-2'),
    ]);
    admin = await registerOrganization(api.url);
  }, 120_000);

  afterAll(async () => {
    await services?.close();
    for (const proxy of proxies.values()) await proxy.close();
  });

  it('GitHub scan: the repository is counted as failed after the take-overs; the others are scanned; the run completes', async () => {
    await withProcessOutput(allProcessOutput, async () => {
      const configId = (
        await request(api.url).post('/api/v1/github/scan-configs').set(admin.auth).send({ githubOrgName: 'poison-org' }).expect(201)
      ).body.id as number;
      const runId = (await request(api.url).post(`/api/v1/github/scan-configs/${configId}/scans`).set(admin.auth).expect(202)).body
        .scanId as number;

      // Every worker that starts scanning the poison repository dies; a fresh one replaces it.
      const killed: string[] = [];
      const holdsPoison = (name: string) =>
        proxies
          .get(name)!
          .treeRequests()
          .some((path) => path.includes(`/${POISON}/git/trees/`));
      const currentRun = async () =>
        (await request(api.url).get(`/api/v1/github/scan-configs/${configId}/scans/${runId}`).set(admin.auth)).body as {
          status: string;
          progress: { done: number };
        };
      const finished = async () => ['completed', 'failed'].includes((await currentRun()).status);
      while (!(await finished())) {
        const victim = await waitFor(
          async () => {
            const run = await currentRun();
            if (['completed', 'failed'].includes(run.status)) return 'none';
            if (run.progress.done < HEALTHY) return undefined;
            return [...workers].find(([name, process]) => process.running && holdsPoison(name))?.[0];
          },
          60_000,
          20,
        );
        if (victim === 'none') break;
        await workers.get(victim)!.kill();
        killed.push(victim);
        expect(killed.length).toBeLessThanOrEqual(MAX_STALLED_COUNT + 1);
        await startNamedWorker(`worker-${workers.size + 1}`);
      }
      expect(killed).toHaveLength(MAX_STALLED_COUNT + 1);

      const run = await waitForGithubRun(api.url, admin, configId, runId, 60_000);
      expect(run).toMatchObject({ status: 'completed', progress: { done: HEALTHY + 1, total: HEALTHY + 1 }, repositoriesFailed: 1 });
      const results = (await request(api.url).get(`/api/v1/github/scan-configs/${configId}/results?limit=100`).set(admin.auth).expect(200))
        .body.data as Array<{ repositoryName: string; hasAiUsage: boolean; scanError: string | null }>;
      expect(results.find((r) => r.repositoryName === POISON)?.scanError).toMatch(
        new RegExp(`^Scanning repository ${POISON} stopped the worker process running it each time it was taken over`),
      );
      const healthy = results.filter((r) => r.repositoryName !== POISON);
      expect(healthy.filter((r) => r.scanError)).toEqual([]);
      expect(healthy.filter((r) => r.hasAiUsage).map((r) => r.repositoryName)).toEqual(withAi);

      // Not queued again: through several reconciliation passes, no worker alive touches the repository.
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      expect([...workers].filter(([name, process]) => process.running && holdsPoison(name))).toEqual([]);
      expect(killed).toHaveLength(MAX_STALLED_COUNT + 1);
    });
  }, 240_000);
});
