import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail: who changed what and when, one row per audited write. Listed per organization
 * newest first, or per entity; every foreign key is indexed.
 */
export class AuditLogs1796400000000 implements MigrationInterface {
  name = 'AuditLogs1796400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_logs" ("id" BIGSERIAL NOT NULL, "organization_id" integer, "actor_type" text NOT NULL, "actor_user_id" integer, "actor_api_key_id" integer, "actor_label" text, "action" text NOT NULL, "entity_type" text NOT NULL, "entity_id" text NOT NULL, "changes" jsonb NOT NULL, "request_id" text, "ip_address" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_audit_logs" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_audit_logs_organization_created" ON "audit_logs" ("organization_id", "created_at", "id") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_audit_logs_organization_entity" ON "audit_logs" ("organization_id", "entity_type", "entity_id") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_audit_logs_actor_user" ON "audit_logs" ("actor_user_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_audit_logs_actor_api_key" ON "audit_logs" ("actor_api_key_id") `);
    await queryRunner.query(
      `ALTER TABLE "audit_logs" ADD CONSTRAINT "FK_audit_logs_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "audit_logs" ADD CONSTRAINT "FK_audit_logs_actor_user" FOREIGN KEY ("actor_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "audit_logs" ADD CONSTRAINT "FK_audit_logs_actor_api_key" FOREIGN KEY ("actor_api_key_id") REFERENCES "api_keys"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_logs" DROP CONSTRAINT "FK_audit_logs_actor_api_key"`);
    await queryRunner.query(`ALTER TABLE "audit_logs" DROP CONSTRAINT "FK_audit_logs_actor_user"`);
    await queryRunner.query(`ALTER TABLE "audit_logs" DROP CONSTRAINT "FK_audit_logs_organization"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_audit_logs_actor_api_key"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_audit_logs_actor_user"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_audit_logs_organization_entity"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_audit_logs_organization_created"`);
    await queryRunner.query(`DROP TABLE "audit_logs"`);
  }
}
