import { MigrationInterface, QueryRunner } from 'typeorm';

export class RiskItemFilterIndexes1795973736051 implements MigrationInterface {
  name = 'RiskItemFilterIndexes1795973736051';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_67551fe994f7f3a518c72eaef4" ON "risk_items" ("organization_id", "likelihood") `);
    await queryRunner.query(`CREATE INDEX "IDX_06f468c4da04b70a7d3dc8d273" ON "risk_items" ("organization_id", "impact") `);
    await queryRunner.query(`CREATE INDEX "IDX_cb440f91c35b25126f976f9a27" ON "risk_items" ("organization_id", "category") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_cb440f91c35b25126f976f9a27"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_06f468c4da04b70a7d3dc8d273"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_67551fe994f7f3a518c72eaef4"`);
  }
}
