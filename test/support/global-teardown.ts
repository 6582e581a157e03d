import pg from 'pg';
import { Redis } from 'ioredis';

/** Drops every database of this run (the template and any clone a crashed file left) and its queue keys. */
export default async function globalTeardown(): Promise<void> {
  const runId = process.env['AURA_TEST_RUN_ID'];
  const adminUrl = process.env.AURA_TEST_PG_ADMIN_URL;
  if (!runId || !adminUrl) return;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [
    `aura_test_${runId}_%`,
  ]);
  for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  await admin.end();

  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `aura_test_${runId}*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } catch {
    // Redis being down must not fail the run's teardown.
  } finally {
    redis.disconnect();
  }
}
