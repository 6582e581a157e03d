import type { DataSource, Migration } from 'typeorm';

/** Arbitrary but fixed: every AuraAI process applying migrations takes this advisory lock first. */
const MIGRATION_LOCK_KEY = 7_410_352_981;

/**
 * Applies pending migrations while holding a PostgreSQL advisory lock, so that several API
 * processes starting at once (a rolling deploy, a scaled-out service) apply each migration once:
 * the others wait, then find nothing pending.
 */
export async function runMigrationsExclusively(dataSource: DataSource): Promise<Migration[]> {
  const lockHolder = dataSource.createQueryRunner();
  await lockHolder.connect();
  try {
    await lockHolder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    return await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    // Ending the session also drops the lock; unlocking first keeps a pooled session clean.
    await lockHolder.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lockHolder.release();
  }
}
