import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A partial index of the scans whose analysis is queued and not finished, for the queue
 * reconciler's check (every QUEUE_RECONCILE_INTERVAL_MS) that their jobs still exist in Redis: it
 * reads nothing when no analysis is waiting, however many scans the history holds.
 */
export class BiasScansQueuedIndex1796100000001 implements MigrationInterface {
  name = 'BiasScansQueuedIndex1796100000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_bias_analysis_scans_queued" ON "bias_analysis_scans" ("queued_at") WHERE status IN ('pending', 'processing') AND queued_at IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_bias_analysis_scans_queued"`);
  }
}
