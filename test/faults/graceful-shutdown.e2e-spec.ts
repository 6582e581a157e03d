import { request as httpRequest } from 'node:http';
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
import { freePort, portOpen, RedisInstance } from '../support/service-instances.js';
import { waitFor } from '../support/test-app.js';
import { createTestDatabase } from '../support/test-database.js';
import {
  BIAS_CONFIG,
  biasResults,
  FAST_RECOVERY_ENV,
  generateBiasCsv,
  queryDatabase,
  uploadBiasScan,
  waitForBiasStatus,
  withProcessOutput,
} from './fault-support.js';

const ROWS = 1_000_000;

/** SIGTERM: the API drains the requests in flight; a worker finishes its job, or hands it back past its grace period. */
describe('Fault: SIGTERM (graceful shutdown)', () => {
  assertBuilt();
  let redis: RedisInstance;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let api: ApiProcess;
  let admin: Session;
  let env: Record<string, string>;
  const dataset = generateBiasCsv(ROWS);

  beforeAll(async () => {
    redis = await RedisInstance.start();
    database = await createTestDatabase();
    env = { DATABASE_URL: database.url, REDIS_URL: redis.url, QUEUE_PREFIX: database.name, ...FAST_RECOVERY_ENV };
    api = await startApi('api', await freePort(), { ...env, PGAPPNAME: 'aura-fault-api' });
    admin = await registerOrganization(api.url);
  }, 120_000);

  afterAll(async () => {
    await killAllProcesses();
    await redis?.close();
    await database?.drop();
  });

  /** Which of the named workers is reading the scan's staged data (its PostgreSQL sessions carry its name). */
  const holderOf = (names: string[]) =>
    waitFor(
      async () => {
        const rows = await queryDatabase<{ application_name: string }>(
          database.url,
          `SELECT DISTINCT application_name FROM pg_stat_activity
            WHERE datname = current_database() AND application_name = ANY($1) AND query ILIKE '%bias_analysis_data_chunks%'`,
          [names.map((n) => `aura-fault-${n}`)],
        );
        return rows.length === 1 ? rows[0].application_name.replace('aura-fault-', '') : undefined;
      },
      30_000,
      20,
    );
  const resultKey = (r: { metricName: string; demographicGroup: string }) => `${r.metricName} ${r.demographicGroup}`;
  let cleanResults: Array<Record<string, unknown>>;

  it('a worker SIGTERMed during an analysis finishes it, then exits 0', async () => {
    await withProcessOutput(allProcessOutput, async () => {
      const worker = await startWorker('worker-finishing', { ...env, PGAPPNAME: 'aura-fault-worker-finishing' });
      const scanId = await uploadBiasScan(api.url, admin, dataset.csv, 'Finished on SIGTERM');
      await waitForBiasStatus(api.url, admin, scanId, (s) => s !== 'pending', 60_000);
      await holderOf(['worker-finishing']);
      const beforeSignal = await waitForBiasStatus(api.url, admin, scanId, () => true);
      worker.signal('SIGTERM');
      expect(beforeSignal.status).toBe('processing');
      const exit = await worker.waitForExit(60_000);
      // It was the only worker: the scan is complete when it exits, so it finished the job itself.
      const [row] = await queryDatabase<{ status: string; row_count: number }>(
        database.url,
        'SELECT status, row_count FROM bias_analysis_scans WHERE id = $1',
        [scanId],
      );
      expect({ exit, row }).toEqual({ exit: { code: 0, signal: null }, row: { status: 'completed', row_count: ROWS } });
      cleanResults = (await biasResults(api.url, admin, scanId)).map((r) => ({ ...r }));
      expect(cleanResults.length).toBeGreaterThan(0);
    });
  }, 180_000);

  it('a worker still busy when its grace period ends releases the job; another worker completes it with identical results', async () => {
    await withProcessOutput(allProcessOutput, async () => {
      // A lock of 60 s: the takeover within seconds below can only come from the explicit release.
      // A grace period of 1 ms: the job cannot finish in it, however fast the machine.
      const slowLock = { QUEUE_LOCK_DURATION_MS: '60000', QUEUE_LOCK_RENEW_MS: '15000', SHUTDOWN_GRACE_MS: '1' };
      const names = ['worker-b', 'worker-c'];
      const workers = Object.fromEntries(
        await Promise.all(
          names.map(async (name) => [name, await startWorker(name, { ...env, ...slowLock, PGAPPNAME: `aura-fault-${name}` })] as const),
        ),
      ) as Record<string, ManagedProcess>;
      const scanId = await uploadBiasScan(api.url, admin, dataset.csv, 'Released on SIGTERM');
      await waitForBiasStatus(api.url, admin, scanId, (s) => s !== 'pending', 60_000);
      const holder = await holderOf(names);
      const other = names.find((n) => n !== holder)!;

      const signalledAt = Date.now();
      workers[holder].signal('SIGTERM');
      expect(await workers[holder].waitForExit(10_000)).toEqual({ code: 0, signal: null });
      const atExit = await waitForBiasStatus(api.url, admin, scanId, () => true);
      expect({ holder, status: atExit.status }).toEqual({ holder, status: 'processing' });

      const scan = await waitForBiasStatus(api.url, admin, scanId, (s) => ['completed', 'failed'].includes(s), 120_000);
      expect(scan).toMatchObject({ status: 'completed', error: null, rowCount: ROWS });
      expect(Date.now() - signalledAt).toBeLessThan(50_000);
      expect(workers[other].running).toBe(true);

      // Identical to the analysis that ran without interruption (bootstrap intervals included: seeded), once each.
      const rows = await biasResults(api.url, admin, scanId);
      expect(new Set(rows.map(resultKey)).size).toBe(rows.length);
      const strip = (r: Record<string, unknown>) => ({ ...r, id: undefined, scanId: undefined, createdAt: undefined });
      const byKey = (list: Array<Record<string, unknown>>) =>
        [...list].map(strip).sort((a, b) => resultKey(a as never).localeCompare(resultKey(b as never)));
      expect(byKey(rows as never)).toEqual(byKey(cleanResults));
    });
  }, 180_000);

  it('the API SIGTERMed during a slowly streamed upload refuses new connections, completes the upload with 202 and exits 0', async () => {
    await withProcessOutput(allProcessOutput, async () => {
      const boundary = 'fault-test-boundary';
      const csv = generateBiasCsv(20_000).csv;
      const head = Buffer.from(
        [
          `--${boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\nSlow upload\r\n`,
          `--${boundary}\r\nContent-Disposition: form-data; name="config"\r\n\r\n${JSON.stringify(BIAS_CONFIG)}\r\n`,
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="data.csv"\r\nContent-Type: text/csv\r\n\r\n`,
        ].join(''),
      );
      const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
      const body = Buffer.concat([head, csv, tail]);
      const upload = httpRequest(`${api.url}/api/v1/bias-analysis/scans`, {
        method: 'POST',
        headers: {
          ...admin.auth,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': String(body.length),
        },
      });
      const answer = new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
        upload.once('response', (res) => {
          let text = '';
          res.on('data', (d) => (text += d));
          res.once('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
        });
        upload.once('error', reject);
      });
      const firstPart = head.length + 1000;
      upload.write(body.subarray(0, firstPart));

      // The API is inside the upload: its transaction holds the new scan row and waits for more data.
      await waitFor(async () => {
        const rows = await queryDatabase(
          database.url,
          `SELECT 1 FROM pg_stat_activity WHERE application_name = 'aura-fault-api' AND state LIKE 'idle in transaction%'`,
        );
        return rows.length > 0;
      }, 30_000);
      const signalledAt = Date.now();
      api.signal('SIGTERM');
      // New connections are refused at once, while the upload goes on.
      await waitFor(async () => !(await portOpen(api.port)), 5_000, 20);
      expect(api.running).toBe(true);

      const rest = body.subarray(firstPart);
      const pieces = 10;
      for (let i = 0; i < pieces; i++) {
        upload.write(rest.subarray(Math.floor((i * rest.length) / pieces), Math.floor(((i + 1) * rest.length) / pieces)));
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
      upload.end();
      const response = await answer;
      expect(response).toEqual({ status: 202, body: expect.objectContaining({ id: expect.any(Number), status: 'pending' }) });
      expect(await api.waitForExit(10_000)).toEqual({ code: 0, signal: null });
      expect(Date.now() - signalledAt).toBeLessThan(15_000);

      // The upload was stored and queued before the API exited: the remaining worker analyses it.
      await waitFor(async () => {
        const [row] = await queryDatabase<{ status: string; row_count: number }>(
          database.url,
          'SELECT status, row_count FROM bias_analysis_scans WHERE id = $1',
          [response.body.id],
        );
        return row?.status === 'completed' && row.row_count === 20_000;
      }, 60_000);
    });
  }, 120_000);
});
