import request from 'supertest';
import { registerOrganization, type Session } from '../support/factories.js';
import {
  allProcessOutput,
  assertBuilt,
  killAllProcesses,
  startApi,
  startWorker,
  type ApiProcess,
  type ManagedProcess,
} from '../support/processes.js';
import { freePort, PostgresInstance, RedisInstance } from '../support/service-instances.js';
import { waitFor } from '../support/test-app.js';
import {
  FAST_RECOVERY_ENV,
  generateBiasCsv,
  timedFetch,
  uploadBiasScan,
  waitForBiasStatus,
  withProcessOutput,
  type TimedResponse,
} from './fault-support.js';

/** No request may take longer than this, outage or not. */
const REQUEST_DEADLINE_MS = 10_000;

/**
 * PostgreSQL (a cluster of the test's own) is stopped with `pg_ctl stop -m fast` under a steady
 * request load and started again; the API and the worker are never restarted.
 */
describe('Fault: PostgreSQL restarted under load', () => {
  assertBuilt();
  let postgres: PostgresInstance;
  let redis: RedisInstance;
  let api: ApiProcess;
  let worker: ManagedProcess;
  let admin: Session;

  beforeAll(async () => {
    [postgres, redis] = await Promise.all([PostgresInstance.create(), RedisInstance.start()]);
    await postgres.query('postgres', 'CREATE DATABASE aura');
    const env = {
      DATABASE_URL: postgres.urlFor('aura'),
      REDIS_URL: redis.url,
      QUEUE_PREFIX: 'aura_fault_pg',
      ...FAST_RECOVERY_ENV,
    };
    // The API applies the migrations at start (MIGRATIONS_RUN, as in production); the worker never does.
    api = await startApi('api', await freePort(), { ...env, MIGRATIONS_RUN: 'true' });
    worker = await startWorker('worker', env);
    admin = await registerOrganization(api.url);
    await request(api.url)
      .post('/api/v1/risk-items')
      .set(admin.auth)
      .send({ title: 'Survives the restart', status: 'open', severity: 'high', impact: 'medium', likelihood: 'low', category: 'bias' })
      .expect(201);
  }, 180_000);

  afterAll(async () => {
    await killAllProcesses();
    await redis?.close();
    await postgres?.close();
  });

  it('answers 503 in the error shape during the outage (never 500, never a hang) and 200 again by itself afterwards', async () => {
    await withProcessOutput(allProcessOutput, async () => {
      type Outcome = TimedResponse & { phase: string; path: string };
      const outcomes: Outcome[] = [];
      let phase = 'before';
      let running = true;
      const paths = ['/api/v1/risk-items', '/api/v1/ai-systems', '/api/v1/compliance-issues'];
      // Four clients in a loop, each waiting for its answer before the next request.
      const clients = [0, 1, 2, 3].map(async (client) => {
        for (let i = 0; running; i++) {
          const path = paths[(client + i) % paths.length];
          const current = phase;
          try {
            outcomes.push({
              ...(await timedFetch(`${api.url}${path}`, { headers: admin.auth }, REQUEST_DEADLINE_MS)),
              phase: current,
              path,
            });
          } catch (error) {
            outcomes.push({ status: 0, body: { error: (error as Error).message }, elapsedMs: REQUEST_DEADLINE_MS, phase: current, path });
          }
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
      });
      const okIn = (p: string) => outcomes.filter((o) => o.phase === p && o.status === 200).length;
      await waitFor(async () => okIn('before') >= 20, 30_000);

      phase = 'outage';
      await postgres.stop();
      const stoppedAt = Date.now();
      // At least two seconds of outage, and a dozen refused requests in it.
      await waitFor(
        async () => Date.now() - stoppedAt >= 2000 && outcomes.filter((o) => o.phase === 'outage' && o.status === 503).length >= 12,
        30_000,
      );
      const health = await timedFetch(`${api.url}/health`, {}, REQUEST_DEADLINE_MS);
      expect(health.status).toBe(503);
      expect(health.body.message).toMatch(/^Unhealthy: database/);
      const write = await timedFetch(
        `${api.url}/api/v1/ai-systems`,
        {
          method: 'POST',
          headers: { ...admin.auth, 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'During the outage' }),
        },
        REQUEST_DEADLINE_MS,
      );
      expect({ status: write.status, message: write.body.message }).toEqual({ status: 503, message: expect.stringMatching(/unavailable/) });

      phase = 'restarted';
      await postgres.start();
      await waitFor(async () => okIn('restarted') >= 20, 60_000);
      running = false;
      await Promise.all(clients);

      const unexpected = outcomes.filter((o) => !(o.status === 200 || (o.phase !== 'before' && o.status === 503)));
      expect(unexpected).toEqual([]);
      for (const failed of outcomes.filter((o) => o.status === 503)) {
        expect(failed.body).toEqual({
          statusCode: 503,
          error: 'Service Unavailable',
          message: expect.stringMatching(/unavailable|did not answer/),
        });
      }
      expect(Math.max(...outcomes.map((o) => o.elapsedMs))).toBeLessThan(REQUEST_DEADLINE_MS);
      // Once the first request succeeds after the restart, every later one does too.
      const restarted = outcomes.filter((o) => o.phase === 'restarted');
      const firstOk = restarted.findIndex((o) => o.status === 200);
      expect(restarted.slice(firstOk + 8).filter((o) => o.status !== 200)).toEqual([]);

      await waitFor(async () => (await timedFetch(`${api.url}/health`)).status === 200, 30_000);
      const items = await request(api.url).get('/api/v1/risk-items').set(admin.auth).expect(200);
      expect(items.body.data.map((r: { title: string }) => r.title)).toEqual(['Survives the restart']);
    });
  }, 180_000);

  it('the worker, never restarted, processes a job queued after the recovery', async () => {
    await withProcessOutput(allProcessOutput, async () => {
      const scanId = await uploadBiasScan(api.url, admin, generateBiasCsv(5000).csv, 'After the restart');
      const scan = await waitForBiasStatus(api.url, admin, scanId, (s) => ['completed', 'failed'].includes(s), 90_000);
      expect(scan).toMatchObject({ status: 'completed', rowCount: 5000, error: null });
      expect([api.running, worker.running]).toEqual([true, true]);
    });
  }, 120_000);
});
