import type { MigrationInterface, QueryRunner } from 'typeorm';
import { FRONTIER_MODEL_CATALOG } from '../src/modules/frontier-models/data/frontier-model-catalog.js';

/**
 * Frontier alerts: model aliases and the seeded catalog, feed sources, stored feed items with
 * their identity keys, and the link from each alert to the item it came from.
 */
export class FrontierAlerting1796200000000 implements MigrationInterface {
  name = 'FrontierAlerting1796200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "frontier_models_list" ADD "aliases" text array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(
      `CREATE TABLE "frontier_sources" ("id" SERIAL NOT NULL, "name" text NOT NULL, "url" text NOT NULL, "kind" text NOT NULL, "provider" text, "enabled" boolean NOT NULL DEFAULT true, "etag" text, "last_modified" text, "last_fetched_at" TIMESTAMP WITH TIME ZONE, "status" text NOT NULL DEFAULT 'pending', "last_error" text, "consecutive_failures" integer NOT NULL DEFAULT 0, "next_attempt_at" TIMESTAMP WITH TIME ZONE, "final_url" text, "last_item_count" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_frontier_sources_url" UNIQUE ("url"), CONSTRAINT "PK_frontier_sources" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "frontier_feed_items" ("id" SERIAL NOT NULL, "source_id" integer, "native_id" text NOT NULL, "canonical_url" text, "advisory_ids" text array NOT NULL DEFAULT '{}', "title" text NOT NULL, "text" text NOT NULL, "url" text, "published_at" TIMESTAMP WITH TIME ZONE NOT NULL, "content_hash" text NOT NULL, "category" text NOT NULL, "model_ids" integer array NOT NULL DEFAULT '{}', "first_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_frontier_feed_items_source_native" UNIQUE ("source_id", "native_id"), CONSTRAINT "PK_frontier_feed_items" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_frontier_feed_items_canonical_url" ON "frontier_feed_items" ("canonical_url") `);
    await queryRunner.query(
      `ALTER TABLE "frontier_feed_items" ADD CONSTRAINT "FK_frontier_feed_items_source" FOREIGN KEY ("source_id") REFERENCES "frontier_sources"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE TABLE "frontier_feed_item_keys" ("key" text NOT NULL, "item_id" integer NOT NULL, CONSTRAINT "PK_frontier_feed_item_keys" PRIMARY KEY ("key"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_frontier_feed_item_keys_item" ON "frontier_feed_item_keys" ("item_id") `);
    await queryRunner.query(
      `ALTER TABLE "frontier_feed_item_keys" ADD CONSTRAINT "FK_frontier_feed_item_keys_item" FOREIGN KEY ("item_id") REFERENCES "frontier_feed_items"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // Alerts written before this migration have no item; they cannot be told apart from new ones.
    await queryRunner.query(`DELETE FROM "frontier_models_alerts"`);
    await queryRunner.query(`ALTER TABLE "frontier_models_alerts" ADD "feed_item_id" integer NOT NULL`);
    await queryRunner.query(`CREATE INDEX "IDX_frontier_alerts_feed_item" ON "frontier_models_alerts" ("feed_item_id") `);
    await queryRunner.query(
      `ALTER TABLE "frontier_models_alerts" ADD CONSTRAINT "UQ_frontier_alerts_config_item" UNIQUE ("alert_config_id", "feed_item_id")`,
    );
    await queryRunner.query(
      `ALTER TABLE "frontier_models_alerts" ADD CONSTRAINT "FK_frontier_alerts_feed_item" FOREIGN KEY ("feed_item_id") REFERENCES "frontier_feed_items"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // Duplicate follows would give an organization the same alert twice; keep the oldest.
    await queryRunner.query(
      `DELETE FROM "frontier_models_alerts_config" c USING "frontier_models_alerts_config" o WHERE c."organization_id" = o."organization_id" AND c."model_id" = o."model_id" AND c."category" = o."category" AND c."id" > o."id"`,
    );
    await queryRunner.query(
      `ALTER TABLE "frontier_models_alerts_config" ADD CONSTRAINT "UQ_frontier_alert_configs_org_model_category" UNIQUE ("organization_id", "model_id", "category")`,
    );
    // Insert-only: platform admins' later edits and deletions are not overwritten by re-runs.
    for (const model of FRONTIER_MODEL_CATALOG) {
      await queryRunner.query(
        `INSERT INTO "frontier_models_list" ("model_id", "name", "provider", "release_date", "description", "capabilities", "aliases")
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT ("model_id") DO UPDATE SET "aliases" = EXCLUDED."aliases" WHERE "frontier_models_list"."aliases" = '{}'`,
        [model.modelId, model.name, model.provider, model.releaseDate, model.description, model.capabilities, model.aliases],
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "frontier_models_alerts_config" DROP CONSTRAINT "UQ_frontier_alert_configs_org_model_category"`);
    await queryRunner.query(`ALTER TABLE "frontier_models_alerts" DROP CONSTRAINT "FK_frontier_alerts_feed_item"`);
    await queryRunner.query(`ALTER TABLE "frontier_models_alerts" DROP CONSTRAINT "UQ_frontier_alerts_config_item"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_frontier_alerts_feed_item"`);
    await queryRunner.query(`ALTER TABLE "frontier_models_alerts" DROP COLUMN "feed_item_id"`);
    await queryRunner.query(`ALTER TABLE "frontier_feed_item_keys" DROP CONSTRAINT "FK_frontier_feed_item_keys_item"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_frontier_feed_item_keys_item"`);
    await queryRunner.query(`DROP TABLE "frontier_feed_item_keys"`);
    await queryRunner.query(`ALTER TABLE "frontier_feed_items" DROP CONSTRAINT "FK_frontier_feed_items_source"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_frontier_feed_items_canonical_url"`);
    await queryRunner.query(`DROP TABLE "frontier_feed_items"`);
    await queryRunner.query(`DROP TABLE "frontier_sources"`);
    // Seeded catalog rows stay: they may be followed by alert configs.
    await queryRunner.query(`ALTER TABLE "frontier_models_list" DROP COLUMN "aliases"`);
  }
}
