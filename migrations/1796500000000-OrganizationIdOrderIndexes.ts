import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * (organization_id, id) on the large organization-owned tables. Lists sorted by id (`sort=id:asc|desc`)
 * otherwise walk the primary key over every organization's rows, filtering out all but one's: at a
 * million risk items a small organization's first page read tens of thousands of rows. With this index
 * the page is the next 20 entries of the organization's own range.
 * Plain CREATE INDEX (migrations run in a transaction): at 1M rows it takes about a second, during which
 * writes to the table wait.
 */
export class OrganizationIdOrderIndexes1796500000000 implements MigrationInterface {
  name = 'OrganizationIdOrderIndexes1796500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_19f4741d8ea360c1d434084e41" ON "risk_items" ("organization_id", "id") `);
    await queryRunner.query(`CREATE INDEX "IDX_d8667751b5a1ece1c213e03097" ON "ai_systems" ("organization_id", "id") `);
    await queryRunner.query(`CREATE INDEX "IDX_3a81d72099b47c0815888fbaff" ON "compliance_issues" ("organization_id", "id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_3a81d72099b47c0815888fbaff"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d8667751b5a1ece1c213e03097"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_19f4741d8ea360c1d434084e41"`);
  }
}
