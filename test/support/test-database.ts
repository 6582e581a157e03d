import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/app-config.js';
import { buildDataSourceOptions } from '../../src/database/data-source-options.js';
import { databaseUrl, TEST_ENV } from './test-env.js';

const TEMPLATE_LOCK = 7_301_001;

/** Applies the migrations to the run's template once, whichever test file comes first. */
async function ensureTemplateMigrated(template: string): Promise<void> {
  const lock = new pg.Client({ connectionString: TEST_ENV.adminUrl });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    const dataSource = new DataSource(buildDataSourceOptions(loadConfig({ ...process.env, DATABASE_URL: databaseUrl(template) })));
    await dataSource.initialize();
    try {
      if (await dataSource.showMigrations()) await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]).catch(() => undefined);
    await lock.end();
  }
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_ENV.adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A database of this test file's own, cloned from the run's migrated template. */
export async function createTestDatabase(
  options: { empty?: boolean } = {},
): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const runId = process.env[TEST_ENV.runIdVar];
  const template = process.env[TEST_ENV.templateVar];
  if (!runId || !template) throw new Error('global setup did not run (AURA_TEST_TEMPLATE_DB is unset)');
  const name = `aura_test_${runId}_${randomBytes(4).toString('hex')}`;
  if (!options.empty) await ensureTemplateMigrated(template);
  await withAdmin((client) =>
    client.query(options.empty ? `CREATE DATABASE "${name}"` : `CREATE DATABASE "${name}" TEMPLATE "${template}"`),
  );
  return {
    name,
    url: databaseUrl(name),
    drop: () => withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}
