import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Usernames are unique regardless of case. The service checks this before inserting; this index
 * makes it hold under concurrent sign-ups too. (Emails are stored lower-cased, so their plain
 * unique constraint suffices.)
 */
export class CaseInsensitiveUsernames1795974600000 implements MigrationInterface {
  name = 'CaseInsensitiveUsernames1795974600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_users_username_lower" ON "users" (lower("username"))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."UQ_users_username_lower"`);
  }
}
