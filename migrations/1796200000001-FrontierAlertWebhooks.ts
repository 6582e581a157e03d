import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Per-organization notification webhooks for frontier alerts, and their deliveries. */
export class FrontierAlertWebhooks1796200000001 implements MigrationInterface {
  name = 'FrontierAlertWebhooks1796200000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "frontier_alert_webhooks" ("id" SERIAL NOT NULL, "organization_id" integer NOT NULL, "url" text NOT NULL, "enabled" boolean NOT NULL DEFAULT true, "secret_ciphertext" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_frontier_alert_webhooks_organization" UNIQUE ("organization_id"), CONSTRAINT "PK_frontier_alert_webhooks" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "frontier_alert_webhooks" ADD CONSTRAINT "FK_frontier_alert_webhooks_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE TABLE "frontier_alert_deliveries" ("id" SERIAL NOT NULL, "organization_id" integer NOT NULL, "webhook_id" integer NOT NULL, "alert_ids" integer array NOT NULL, "status" text NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT 0, "last_status_code" integer, "last_error" text, "delivered_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_frontier_alert_deliveries" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_frontier_alert_deliveries_organization" ON "frontier_alert_deliveries" ("organization_id") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_frontier_alert_deliveries_webhook" ON "frontier_alert_deliveries" ("webhook_id") `);
    await queryRunner.query(
      `ALTER TABLE "frontier_alert_deliveries" ADD CONSTRAINT "FK_frontier_alert_deliveries_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "frontier_alert_deliveries" ADD CONSTRAINT "FK_frontier_alert_deliveries_webhook" FOREIGN KEY ("webhook_id") REFERENCES "frontier_alert_webhooks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "frontier_alert_deliveries" DROP CONSTRAINT "FK_frontier_alert_deliveries_webhook"`);
    await queryRunner.query(`ALTER TABLE "frontier_alert_deliveries" DROP CONSTRAINT "FK_frontier_alert_deliveries_organization"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_frontier_alert_deliveries_webhook"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_frontier_alert_deliveries_organization"`);
    await queryRunner.query(`DROP TABLE "frontier_alert_deliveries"`);
    await queryRunner.query(`ALTER TABLE "frontier_alert_webhooks" DROP CONSTRAINT "FK_frontier_alert_webhooks_organization"`);
    await queryRunner.query(`DROP TABLE "frontier_alert_webhooks"`);
  }
}
