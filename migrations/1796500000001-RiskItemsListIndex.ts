import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The risk register's list index: (organization_id, created_at, id) carrying every filterable column, so that
 * the page's ids and the total of any filtered list are read from the index alone (index-only scans; lists fetch
 * the page's rows afterwards by id, see deferredPage in src/common/pagination/list-query.ts). It replaces
 * (organization_id, created_at), its prefix. About 90 bytes per risk item (89 MB at a million); built in ≈ 2 s
 * there, while writes to the table wait (migrations run in a transaction).
 */
export class RiskItemsListIndex1796500000001 implements MigrationInterface {
  name = 'RiskItemsListIndex1796500000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_risk_items_list" ON "risk_items" ("organization_id", "created_at", "id")
         INCLUDE ("status", "severity", "impact", "likelihood", "category", "ai_system_id", "created_by_id", "updated_at")`,
    );
    await queryRunner.query(`DROP INDEX "public"."IDX_1d1778afccda16033c26a2898e"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_1d1778afccda16033c26a2898e" ON "risk_items" ("organization_id", "created_at") `);
    await queryRunner.query(`DROP INDEX "public"."IDX_risk_items_list"`);
  }
}
