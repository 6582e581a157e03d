import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A partial index of the runs still queued or running, for the queue reconciler's check (every
 * QUEUE_RECONCILE_INTERVAL_MS) that their jobs still exist in Redis: it holds only active runs, so
 * the check reads nothing when no scan is in progress, however many runs the history holds.
 */
export class GithubScanActiveRunsIndex1796000000001 implements MigrationInterface {
  name = 'GithubScanActiveRunsIndex1796000000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_github_scan_runs_active" ON "github_scan_runs" ("created_at") WHERE status IN ('queued', 'running')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_github_scan_runs_active"`);
  }
}
