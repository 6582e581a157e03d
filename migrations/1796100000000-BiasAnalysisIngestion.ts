import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bias analysis: scan settings, status details and webhook secret on the scan; staged input data
 * in bias_analysis_data_chunks (raw bytes, uncompressed: the data is read once, right away).
 */
export class BiasAnalysisIngestion1796100000000 implements MigrationInterface {
  name = 'BiasAnalysisIngestion1796100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "bias_analysis_scans" ADD "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`);
    // Existing rows (none expected) get neutral values; new rows always set these.
    await queryRunner.query(`ALTER TABLE "bias_analysis_scans" ADD "config" jsonb NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "bias_analysis_scans" ALTER COLUMN "config" DROP DEFAULT`);
    await queryRunner.query(`ALTER TABLE "bias_analysis_scans" ADD "data_format" text NOT NULL DEFAULT 'csv'`);
    await queryRunner.query(`ALTER TABLE "bias_analysis_scans" ALTER COLUMN "data_format" DROP DEFAULT`);
    await queryRunner.query(`ALTER TABLE "bias_analysis_scans" ADD "webhook_secret" text`);
    await queryRunner.query(`ALTER TABLE "bias_analysis_scans" ADD "queued_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "bias_analysis_scans" ADD "progress" integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE "bias_analysis_scans" ADD "row_count" integer`);
    await queryRunner.query(`ALTER TABLE "bias_analysis_scans" ADD "error" text`);
    await queryRunner.query(`ALTER TABLE "bias_analysis_scans" ADD "compliance_issue_id" integer`);
    await queryRunner.query(`CREATE INDEX "IDX_bias_analysis_scans_compliance_issue" ON "bias_analysis_scans" ("compliance_issue_id") `);
    await queryRunner.query(
      `ALTER TABLE "bias_analysis_scans" ADD CONSTRAINT "FK_bias_analysis_scans_compliance_issue" FOREIGN KEY ("compliance_issue_id") REFERENCES "compliance_issues"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );

    await queryRunner.query(
      `CREATE TABLE "bias_analysis_data_chunks" ("id" SERIAL NOT NULL, "scan_id" integer NOT NULL, "organization_id" integer NOT NULL, "seq" integer NOT NULL, "data" bytea NOT NULL, CONSTRAINT "UQ_bias_analysis_data_chunks_scan_seq" UNIQUE ("scan_id", "seq"), CONSTRAINT "PK_bias_analysis_data_chunks" PRIMARY KEY ("id"))`,
    );
    // Chunks are written and read once; compressing them would only cost time.
    await queryRunner.query(`ALTER TABLE "bias_analysis_data_chunks" ALTER COLUMN "data" SET STORAGE EXTERNAL`);
    await queryRunner.query(
      `CREATE INDEX "IDX_bias_analysis_data_chunks_organization" ON "bias_analysis_data_chunks" ("organization_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "bias_analysis_data_chunks" ADD CONSTRAINT "FK_bias_analysis_data_chunks_scan" FOREIGN KEY ("scan_id") REFERENCES "bias_analysis_scans"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "bias_analysis_data_chunks" ADD CONSTRAINT "FK_bias_analysis_data_chunks_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "bias_analysis_data_chunks"`);
    await queryRunner.query(`ALTER TABLE "bias_analysis_scans" DROP CONSTRAINT "FK_bias_analysis_scans_compliance_issue"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_bias_analysis_scans_compliance_issue"`);
    for (const column of [
      'compliance_issue_id',
      'error',
      'row_count',
      'progress',
      'queued_at',
      'webhook_secret',
      'data_format',
      'config',
      'created_at',
    ]) {
      await queryRunner.query(`ALTER TABLE "bias_analysis_scans" DROP COLUMN "${column}"`);
    }
  }
}
