import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * GitHub scanning: scan runs (status, progress, cost), per-repository state on the results
 * (unique per configuration and repository, so workers upsert), evidence, the encrypted token and
 * scan options on the configuration, and organization_id on results and summaries.
 */
export class GithubScanRuns1796000000000 implements MigrationInterface {
  name = 'GithubScanRuns1796000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "github_scan_runs" ("id" SERIAL NOT NULL, "organization_id" integer NOT NULL, "scan_config_id" integer NOT NULL, "status" text NOT NULL DEFAULT 'queued', "trigger" text NOT NULL DEFAULT 'manual', "error" text, "progress_done" integer NOT NULL DEFAULT '0', "progress_total" integer NOT NULL DEFAULT '0', "repositories_skipped" integer NOT NULL DEFAULT '0', "repositories_reused" integer NOT NULL DEFAULT '0', "repositories_failed" integer NOT NULL DEFAULT '0', "api_requests" integer NOT NULL DEFAULT '0', "not_modified_responses" integer NOT NULL DEFAULT '0', "requested_by_id" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_4525cd9ae526cf4be16b451550d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_5c548af9e2069d63db39dc6373" ON "github_scan_runs" ("organization_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_github_scan_runs_requested_by" ON "github_scan_runs" ("requested_by_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_github_scan_runs_config_created" ON "github_scan_runs" ("scan_config_id", "created_at") `);

    await queryRunner.query(`ALTER TABLE "github_scan_configs" ADD "token_ciphertext" text`);
    await queryRunner.query(`ALTER TABLE "github_scan_configs" ADD "include_archived" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "github_scan_configs" ADD "include_forks" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "github_scan_configs" ADD "rescan_cron" text`);
    await queryRunner.query(`ALTER TABLE "github_scan_configs" ADD "listing_cache" jsonb`);

    // Existing results and summaries take the organization of their configuration.
    for (const table of ['github_scan_results', 'github_scan_summaries']) {
      await queryRunner.query(`ALTER TABLE "${table}" ADD "organization_id" integer`);
      await queryRunner.query(
        `UPDATE "${table}" t SET "organization_id" = c."organization_id" FROM "github_scan_configs" c WHERE c."id" = t."scan_config_id"`,
      );
      await queryRunner.query(`ALTER TABLE "${table}" ALTER COLUMN "organization_id" SET NOT NULL`);
    }
    // Earlier duplicates of a repository (none are expected) would block the unique key: keep the newest.
    await queryRunner.query(
      `DELETE FROM "github_scan_results" a USING "github_scan_results" b WHERE a."scan_config_id" = b."scan_config_id" AND a."repository_name" = b."repository_name" AND a."id" < b."id"`,
    );
    await queryRunner.query(`ALTER TABLE "github_scan_results" ADD "evidence" jsonb NOT NULL DEFAULT '[]'`);
    await queryRunner.query(`ALTER TABLE "github_scan_results" ADD "scan_warnings" text array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "github_scan_results" ADD "scan_error" text`);
    await queryRunner.query(`ALTER TABLE "github_scan_results" ADD "pushed_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "github_scan_results" ADD "default_branch" text`);
    await queryRunner.query(`ALTER TABLE "github_scan_results" ADD "tree_sha" text`);
    await queryRunner.query(`ALTER TABLE "github_scan_results" ADD "knowledge_base_version" text`);
    await queryRunner.query(`ALTER TABLE "github_scan_results" ADD "ai_usage_removed_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "github_scan_results" ADD "run_id" integer`);
    await queryRunner.query(`ALTER TABLE "github_scan_results" ADD "risk_item_id" integer`);
    await queryRunner.query(`ALTER TABLE "github_scan_results" ADD "ai_system_id" integer`);
    await queryRunner.query(`ALTER TABLE "github_scan_summaries" ADD "run_id" integer`);
    await queryRunner.query(`ALTER TABLE "github_scan_summaries" ADD "repositories_failed" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "github_scan_summaries" ADD "repositories_skipped" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "github_scan_summaries" ADD "repositories_reused" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "github_scan_summaries" ADD "repositories_ai_removed" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "github_scan_summaries" ADD "api_requests" integer NOT NULL DEFAULT '0'`);

    await queryRunner.query(`CREATE INDEX "IDX_github_scan_results_organization" ON "github_scan_results" ("organization_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_github_scan_results_run" ON "github_scan_results" ("run_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_github_scan_results_risk_item" ON "github_scan_results" ("risk_item_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_github_scan_results_ai_system" ON "github_scan_results" ("ai_system_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_github_scan_summaries_organization" ON "github_scan_summaries" ("organization_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_github_scan_summaries_run" ON "github_scan_summaries" ("run_id") `);
    await queryRunner.query(
      `ALTER TABLE "github_scan_configs" ADD CONSTRAINT "UQ_github_scan_configs_org_name" UNIQUE ("organization_id", "github_org_name")`,
    );
    await queryRunner.query(
      `ALTER TABLE "github_scan_results" ADD CONSTRAINT "UQ_github_scan_results_config_repository" UNIQUE ("scan_config_id", "repository_name")`,
    );
    await queryRunner.query(
      `ALTER TABLE "github_scan_runs" ADD CONSTRAINT "FK_5c548af9e2069d63db39dc63735" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "github_scan_runs" ADD CONSTRAINT "FK_github_scan_runs_config" FOREIGN KEY ("scan_config_id") REFERENCES "github_scan_configs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "github_scan_runs" ADD CONSTRAINT "FK_github_scan_runs_requested_by" FOREIGN KEY ("requested_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "github_scan_results" ADD CONSTRAINT "FK_github_scan_results_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "github_scan_results" ADD CONSTRAINT "FK_github_scan_results_run" FOREIGN KEY ("run_id") REFERENCES "github_scan_runs"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "github_scan_results" ADD CONSTRAINT "FK_github_scan_results_risk_item" FOREIGN KEY ("risk_item_id") REFERENCES "risk_items"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "github_scan_results" ADD CONSTRAINT "FK_github_scan_results_ai_system" FOREIGN KEY ("ai_system_id") REFERENCES "ai_systems"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "github_scan_summaries" ADD CONSTRAINT "FK_github_scan_summaries_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "github_scan_summaries" ADD CONSTRAINT "FK_github_scan_summaries_run" FOREIGN KEY ("run_id") REFERENCES "github_scan_runs"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "github_scan_summaries" DROP CONSTRAINT "FK_github_scan_summaries_run"`);
    await queryRunner.query(`ALTER TABLE "github_scan_summaries" DROP CONSTRAINT "FK_github_scan_summaries_organization"`);
    await queryRunner.query(`ALTER TABLE "github_scan_results" DROP CONSTRAINT "FK_github_scan_results_ai_system"`);
    await queryRunner.query(`ALTER TABLE "github_scan_results" DROP CONSTRAINT "FK_github_scan_results_risk_item"`);
    await queryRunner.query(`ALTER TABLE "github_scan_results" DROP CONSTRAINT "FK_github_scan_results_run"`);
    await queryRunner.query(`ALTER TABLE "github_scan_results" DROP CONSTRAINT "FK_github_scan_results_organization"`);
    await queryRunner.query(`ALTER TABLE "github_scan_results" DROP CONSTRAINT "UQ_github_scan_results_config_repository"`);
    await queryRunner.query(`ALTER TABLE "github_scan_configs" DROP CONSTRAINT "UQ_github_scan_configs_org_name"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_github_scan_summaries_run"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_github_scan_summaries_organization"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_github_scan_results_ai_system"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_github_scan_results_risk_item"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_github_scan_results_run"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_github_scan_results_organization"`);
    for (const column of [
      'api_requests',
      'repositories_ai_removed',
      'repositories_reused',
      'repositories_skipped',
      'repositories_failed',
      'run_id',
      'organization_id',
    ])
      await queryRunner.query(`ALTER TABLE "github_scan_summaries" DROP COLUMN "${column}"`);
    for (const column of [
      'ai_system_id',
      'risk_item_id',
      'run_id',
      'ai_usage_removed_at',
      'knowledge_base_version',
      'tree_sha',
      'default_branch',
      'pushed_at',
      'scan_error',
      'scan_warnings',
      'evidence',
      'organization_id',
    ])
      await queryRunner.query(`ALTER TABLE "github_scan_results" DROP COLUMN "${column}"`);
    for (const column of ['listing_cache', 'rescan_cron', 'include_forks', 'include_archived', 'token_ciphertext'])
      await queryRunner.query(`ALTER TABLE "github_scan_configs" DROP COLUMN "${column}"`);
    await queryRunner.query(`DROP TABLE "github_scan_runs"`);
  }
}
