import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Session store of the AdminJS console and queue dashboard (connect-pg-simple's table layout). */
export class AdminSessions1796300000000 implements MigrationInterface {
  name = 'AdminSessions1796300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "admin_sessions" ("sid" character varying NOT NULL, "sess" json NOT NULL, "expire" TIMESTAMP(6) NOT NULL, CONSTRAINT "PK_admin_sessions" PRIMARY KEY ("sid"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_admin_sessions_expire" ON "admin_sessions" ("expire")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_admin_sessions_expire"`);
    await queryRunner.query(`DROP TABLE "admin_sessions"`);
  }
}
