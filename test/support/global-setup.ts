import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Once per test run: names the run (databases, queue prefix), fixes test secrets and creates an
 * empty template database. The first test file migrates the template (test-database.ts); every
 * file then clones it into a database of its own and drops that afterwards.
 * (Kept free of application imports: Jest loads this file outside its ESM module system.)
 */
export default async function globalSetup(): Promise<void> {
  // A maintenance database to create and drop the run's databases from (TEST_PG_ADMIN_URL overrides).
  const adminUrl = (process.env.AURA_TEST_PG_ADMIN_URL ??= process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const runId = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const template = `aura_test_${runId}_template`;
  process.env['AURA_TEST_RUN_ID'] = runId;
  process.env['AURA_TEST_TEMPLATE_DB'] = template;
  process.env.NODE_ENV = 'test';
  process.env.QUEUE_PREFIX = `aura_test_${runId}`;
  process.env.JWT_SECRET ??= randomBytes(32).toString('hex');
  process.env.ADMIN_SESSION_SECRET ??= randomBytes(32).toString('hex');
  process.env.ENCRYPTION_KEY ??= randomBytes(32).toString('hex');
  process.env.LOG_LEVEL ??= 'silent';

  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${template}"`);
  await admin.end();
}
