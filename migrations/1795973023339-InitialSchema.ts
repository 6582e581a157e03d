import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1795973023339 implements MigrationInterface {
  name = 'InitialSchema1795973023339';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "organizations" ("id" SERIAL NOT NULL, "name" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6b031fcd0863e3f6b44230163f9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "roles" ("id" SERIAL NOT NULL, "name" text NOT NULL, "permissions" text array NOT NULL DEFAULT '{}', "description" text, CONSTRAINT "UQ_648e3f5447f725579d7d4ffdfb7" UNIQUE ("name"), CONSTRAINT "PK_c1433d71a4838793a49dcad46ab" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "users" ("id" SERIAL NOT NULL, "username" text NOT NULL, "email" text NOT NULL, "password" text NOT NULL, "first_name" text, "last_name" text, "avatar_url" text, "active" boolean NOT NULL DEFAULT true, "organization_id" integer NOT NULL, "role_id" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_login_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_fe0bb3f6520ee0469504521e710" UNIQUE ("username"), CONSTRAINT "UQ_97672ac88f789774dd47f7c8be3" UNIQUE ("email"), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_21a659804ed7bf61eb91688dea" ON "users" ("organization_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_a2cecd1a3531c0b041e29ba46e" ON "users" ("role_id") `);
    await queryRunner.query(
      `CREATE TABLE "ai_systems" ("id" SERIAL NOT NULL, "name" text NOT NULL, "description" text, "status" text NOT NULL DEFAULT 'active', "owner_id" integer, "organization_id" integer NOT NULL, "risk_level" text, "version" text, "deployed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ca090df9614e1a21cf7fc9c460a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_1e0af0539bf41b4db2303c8989" ON "ai_systems" ("owner_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_bd4c3b6054a70c95dd3a280536" ON "ai_systems" ("organization_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_e5ae378e0e57ee00eca9c240f4" ON "ai_systems" ("organization_id", "created_at") `);
    await queryRunner.query(`CREATE INDEX "IDX_2b0b8f52facb1db64ff6448c3f" ON "ai_systems" ("organization_id", "risk_level") `);
    await queryRunner.query(`CREATE INDEX "IDX_18209b745dc4558978b06fa7bd" ON "ai_systems" ("organization_id", "status") `);
    await queryRunner.query(
      `CREATE TABLE "api_keys" ("id" SERIAL NOT NULL, "organization_id" integer NOT NULL, "name" text NOT NULL, "key_prefix" text NOT NULL, "key_hash" text NOT NULL, "role_id" integer NOT NULL, "created_by_id" integer, "expires_at" TIMESTAMP WITH TIME ZONE, "last_used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_57384430aa1959f4578046c9b81" UNIQUE ("key_hash"), CONSTRAINT "PK_5c8a79801b44bd27b79228e1dad" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_a283bdef18876e525aefaec042" ON "api_keys" ("organization_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_0a4ace2ba56f859006688e2944" ON "api_keys" ("role_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_3afd227c6cb003779abe2a88b4" ON "api_keys" ("created_by_id") `);
    await queryRunner.query(
      `CREATE TABLE "bias_analysis_scans" ("id" SERIAL NOT NULL, "organization_id" integer NOT NULL, "name" text NOT NULL, "description" text, "data_source" text NOT NULL, "status" text NOT NULL DEFAULT 'pending', "started_at" TIMESTAMP WITH TIME ZONE DEFAULT now(), "completed_at" TIMESTAMP WITH TIME ZONE, "created_by" integer, CONSTRAINT "PK_0e12979874031a9866e30253f82" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_5ca04dd9bef77d07e322091496" ON "bias_analysis_scans" ("organization_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_39791c6d6787277ae532cc3cd0" ON "bias_analysis_scans" ("created_by") `);
    await queryRunner.query(`CREATE INDEX "IDX_ce488b8949c686d73785fc7d27" ON "bias_analysis_scans" ("organization_id", "status") `);
    await queryRunner.query(
      `CREATE TABLE "bias_analysis_results" ("id" SERIAL NOT NULL, "scan_id" integer NOT NULL, "organization_id" integer NOT NULL, "metric_name" text NOT NULL, "metric_description" text, "score" double precision, "threshold" double precision NOT NULL, "status" text NOT NULL, "demographic_group" text, "additional_data" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_49b19f83659e590073c419c36ec" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_5ac8fe98839f896e2de1fa9209" ON "bias_analysis_results" ("scan_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_b6cf7e7f335e6b50b4c2617a73" ON "bias_analysis_results" ("organization_id") `);
    await queryRunner.query(
      `CREATE TABLE "compliance_issues" ("id" SERIAL NOT NULL, "title" text NOT NULL, "description" text, "status" text NOT NULL DEFAULT 'open', "severity" text NOT NULL, "ai_system_id" integer, "organization_id" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9d1f18c69bd0346528ac3564521" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_bf9f349cc5be563662fb8588aa" ON "compliance_issues" ("ai_system_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_cabb7480c77be5372675cac466" ON "compliance_issues" ("organization_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_f3f838335e6943dcaedc4abe37" ON "compliance_issues" ("organization_id", "created_at") `);
    await queryRunner.query(`CREATE INDEX "IDX_0cf0c6e013a0b57cf5adfd6d39" ON "compliance_issues" ("organization_id", "severity") `);
    await queryRunner.query(`CREATE INDEX "IDX_b46a021ab6fac56056c4e1357f" ON "compliance_issues" ("organization_id", "status") `);
    await queryRunner.query(
      `CREATE TABLE "frontier_models_list" ("id" SERIAL NOT NULL, "model_id" text NOT NULL, "name" text NOT NULL, "provider" text NOT NULL, "release_date" TIMESTAMP WITH TIME ZONE, "description" text, "capabilities" text array NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_652d2d921312c0a59aa84b7ee4a" UNIQUE ("model_id"), CONSTRAINT "PK_9cb9a31cb532747d17c5c2829dc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_d4c56026ca5dc5380d6ceaccee" ON "frontier_models_list" ("provider") `);
    await queryRunner.query(
      `CREATE TABLE "frontier_models_alerts_config" ("id" SERIAL NOT NULL, "model_id" integer NOT NULL, "category" text NOT NULL, "organization_id" integer NOT NULL, "created_by_id" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f39afeb9a0c6dc9101d82244721" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_5d532e3b9406677633a414fb58" ON "frontier_models_alerts_config" ("model_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_6e002b4e458ff767ab7449d52a" ON "frontier_models_alerts_config" ("organization_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_c3ab51324bb21806706ddeeffc" ON "frontier_models_alerts_config" ("created_by_id") `);
    await queryRunner.query(
      `CREATE TABLE "frontier_models_alerts" ("id" SERIAL NOT NULL, "alert_config_id" integer NOT NULL, "title" text NOT NULL, "description" text, "url" text, "date_published" TIMESTAMP WITH TIME ZONE NOT NULL, "organization_id" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0fc930b56619c9851a9977051a5" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_2b6ebe41756e05cad6c5749c23" ON "frontier_models_alerts" ("alert_config_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_beb31f47599ba8a349fcf3f4fc" ON "frontier_models_alerts" ("organization_id") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_e48e5bc30db43bac6ab03989fe" ON "frontier_models_alerts" ("organization_id", "date_published") `,
    );
    await queryRunner.query(
      `CREATE TABLE "github_scan_configs" ("id" SERIAL NOT NULL, "github_org_name" text NOT NULL, "organization_id" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_scan_at" TIMESTAMP WITH TIME ZONE, "status" text NOT NULL DEFAULT 'idle', CONSTRAINT "PK_d0e663d944d6716870e5dff1fc5" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_cb9720c9459f9807c9699956bd" ON "github_scan_configs" ("organization_id") `);
    await queryRunner.query(
      `CREATE TABLE "github_scan_results" ("id" SERIAL NOT NULL, "scan_config_id" integer NOT NULL, "repository_name" text NOT NULL, "repository_url" text NOT NULL, "has_ai_usage" boolean NOT NULL DEFAULT false, "ai_libraries" text array NOT NULL DEFAULT '{}', "ai_frameworks" text array NOT NULL DEFAULT '{}', "scan_date" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "added_to_risk" boolean NOT NULL DEFAULT false, "confidence_score" double precision, "detection_type" text, CONSTRAINT "PK_130e7606079fd706e4e2f086c1d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_f1db622cec53453972bb3baad5" ON "github_scan_results" ("scan_config_id") `);
    await queryRunner.query(
      `CREATE TABLE "github_scan_summaries" ("id" SERIAL NOT NULL, "scan_config_id" integer NOT NULL, "total_repositories" integer NOT NULL DEFAULT '0', "repositories_with_ai" integer NOT NULL DEFAULT '0', "scan_date" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bc376e4fbc3a296a1da31e09c2b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_2cabc869c8abc492bf4e4130c2" ON "github_scan_summaries" ("scan_config_id") `);
    await queryRunner.query(
      `CREATE TABLE "risk_items" ("id" SERIAL NOT NULL, "title" text NOT NULL, "description" text, "status" text NOT NULL DEFAULT 'open', "severity" text NOT NULL, "impact" text NOT NULL, "likelihood" text NOT NULL, "category" text NOT NULL, "system_details" text, "ai_system_id" integer, "created_by_id" integer, "organization_id" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0dfed41baf42e9bd33fbbd8064f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_07ac263d69bfdcb6a642445cb5" ON "risk_items" ("ai_system_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_a694dc2ba8602c07915f493dda" ON "risk_items" ("created_by_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_9ba54386d7c7d0a1021fdd0128" ON "risk_items" ("organization_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_1d1778afccda16033c26a2898e" ON "risk_items" ("organization_id", "created_at") `);
    await queryRunner.query(`CREATE INDEX "IDX_a063da7ae73e5c51b012366cf6" ON "risk_items" ("organization_id", "severity") `);
    await queryRunner.query(`CREATE INDEX "IDX_517ea401007f30566f058f4cf6" ON "risk_items" ("organization_id", "status") `);
    await queryRunner.query(
      `CREATE TABLE "risk_mitigations" ("id" SERIAL NOT NULL, "risk_item_id" integer NOT NULL, "description" text NOT NULL, "status" text NOT NULL DEFAULT 'planned', "notes" text, "organization_id" integer NOT NULL, "created_by_id" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0dcac1957fda580f0a2897403c4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_816fd4f546b9d76a16d14a7d7f" ON "risk_mitigations" ("risk_item_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_6522e3bd3e07717d84afb76f95" ON "risk_mitigations" ("organization_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_142f72e2b2e0bdad85bb4200fa" ON "risk_mitigations" ("created_by_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_5f98d026f42b8c6b6cca0b1ffb" ON "risk_mitigations" ("organization_id", "status") `);
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "FK_21a659804ed7bf61eb91688dea7" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "FK_a2cecd1a3531c0b041e29ba46e1" FOREIGN KEY ("role_id") REFERENCES "roles"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ai_systems" ADD CONSTRAINT "FK_1e0af0539bf41b4db2303c8989b" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ai_systems" ADD CONSTRAINT "FK_bd4c3b6054a70c95dd3a2805365" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "api_keys" ADD CONSTRAINT "FK_a283bdef18876e525aefaec042f" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "api_keys" ADD CONSTRAINT "FK_0a4ace2ba56f859006688e29447" FOREIGN KEY ("role_id") REFERENCES "roles"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "api_keys" ADD CONSTRAINT "FK_3afd227c6cb003779abe2a88b4e" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "bias_analysis_scans" ADD CONSTRAINT "FK_5ca04dd9bef77d07e3220914965" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "bias_analysis_scans" ADD CONSTRAINT "FK_39791c6d6787277ae532cc3cd05" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "bias_analysis_results" ADD CONSTRAINT "FK_5ac8fe98839f896e2de1fa92099" FOREIGN KEY ("scan_id") REFERENCES "bias_analysis_scans"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "bias_analysis_results" ADD CONSTRAINT "FK_b6cf7e7f335e6b50b4c2617a734" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "compliance_issues" ADD CONSTRAINT "FK_bf9f349cc5be563662fb8588aad" FOREIGN KEY ("ai_system_id") REFERENCES "ai_systems"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "compliance_issues" ADD CONSTRAINT "FK_cabb7480c77be5372675cac4667" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "frontier_models_alerts_config" ADD CONSTRAINT "FK_5d532e3b9406677633a414fb58d" FOREIGN KEY ("model_id") REFERENCES "frontier_models_list"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "frontier_models_alerts_config" ADD CONSTRAINT "FK_6e002b4e458ff767ab7449d52a6" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "frontier_models_alerts_config" ADD CONSTRAINT "FK_c3ab51324bb21806706ddeeffc0" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "frontier_models_alerts" ADD CONSTRAINT "FK_2b6ebe41756e05cad6c5749c230" FOREIGN KEY ("alert_config_id") REFERENCES "frontier_models_alerts_config"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "frontier_models_alerts" ADD CONSTRAINT "FK_beb31f47599ba8a349fcf3f4fc0" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "github_scan_configs" ADD CONSTRAINT "FK_cb9720c9459f9807c9699956bd1" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "github_scan_results" ADD CONSTRAINT "FK_f1db622cec53453972bb3baad5e" FOREIGN KEY ("scan_config_id") REFERENCES "github_scan_configs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "github_scan_summaries" ADD CONSTRAINT "FK_2cabc869c8abc492bf4e4130c26" FOREIGN KEY ("scan_config_id") REFERENCES "github_scan_configs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "risk_items" ADD CONSTRAINT "FK_07ac263d69bfdcb6a642445cb59" FOREIGN KEY ("ai_system_id") REFERENCES "ai_systems"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "risk_items" ADD CONSTRAINT "FK_a694dc2ba8602c07915f493dda2" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "risk_items" ADD CONSTRAINT "FK_9ba54386d7c7d0a1021fdd01282" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "risk_mitigations" ADD CONSTRAINT "FK_816fd4f546b9d76a16d14a7d7fb" FOREIGN KEY ("risk_item_id") REFERENCES "risk_items"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "risk_mitigations" ADD CONSTRAINT "FK_6522e3bd3e07717d84afb76f95d" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "risk_mitigations" ADD CONSTRAINT "FK_142f72e2b2e0bdad85bb4200fae" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "risk_mitigations" DROP CONSTRAINT "FK_142f72e2b2e0bdad85bb4200fae"`);
    await queryRunner.query(`ALTER TABLE "risk_mitigations" DROP CONSTRAINT "FK_6522e3bd3e07717d84afb76f95d"`);
    await queryRunner.query(`ALTER TABLE "risk_mitigations" DROP CONSTRAINT "FK_816fd4f546b9d76a16d14a7d7fb"`);
    await queryRunner.query(`ALTER TABLE "risk_items" DROP CONSTRAINT "FK_9ba54386d7c7d0a1021fdd01282"`);
    await queryRunner.query(`ALTER TABLE "risk_items" DROP CONSTRAINT "FK_a694dc2ba8602c07915f493dda2"`);
    await queryRunner.query(`ALTER TABLE "risk_items" DROP CONSTRAINT "FK_07ac263d69bfdcb6a642445cb59"`);
    await queryRunner.query(`ALTER TABLE "github_scan_summaries" DROP CONSTRAINT "FK_2cabc869c8abc492bf4e4130c26"`);
    await queryRunner.query(`ALTER TABLE "github_scan_results" DROP CONSTRAINT "FK_f1db622cec53453972bb3baad5e"`);
    await queryRunner.query(`ALTER TABLE "github_scan_configs" DROP CONSTRAINT "FK_cb9720c9459f9807c9699956bd1"`);
    await queryRunner.query(`ALTER TABLE "frontier_models_alerts" DROP CONSTRAINT "FK_beb31f47599ba8a349fcf3f4fc0"`);
    await queryRunner.query(`ALTER TABLE "frontier_models_alerts" DROP CONSTRAINT "FK_2b6ebe41756e05cad6c5749c230"`);
    await queryRunner.query(`ALTER TABLE "frontier_models_alerts_config" DROP CONSTRAINT "FK_c3ab51324bb21806706ddeeffc0"`);
    await queryRunner.query(`ALTER TABLE "frontier_models_alerts_config" DROP CONSTRAINT "FK_6e002b4e458ff767ab7449d52a6"`);
    await queryRunner.query(`ALTER TABLE "frontier_models_alerts_config" DROP CONSTRAINT "FK_5d532e3b9406677633a414fb58d"`);
    await queryRunner.query(`ALTER TABLE "compliance_issues" DROP CONSTRAINT "FK_cabb7480c77be5372675cac4667"`);
    await queryRunner.query(`ALTER TABLE "compliance_issues" DROP CONSTRAINT "FK_bf9f349cc5be563662fb8588aad"`);
    await queryRunner.query(`ALTER TABLE "bias_analysis_results" DROP CONSTRAINT "FK_b6cf7e7f335e6b50b4c2617a734"`);
    await queryRunner.query(`ALTER TABLE "bias_analysis_results" DROP CONSTRAINT "FK_5ac8fe98839f896e2de1fa92099"`);
    await queryRunner.query(`ALTER TABLE "bias_analysis_scans" DROP CONSTRAINT "FK_39791c6d6787277ae532cc3cd05"`);
    await queryRunner.query(`ALTER TABLE "bias_analysis_scans" DROP CONSTRAINT "FK_5ca04dd9bef77d07e3220914965"`);
    await queryRunner.query(`ALTER TABLE "api_keys" DROP CONSTRAINT "FK_3afd227c6cb003779abe2a88b4e"`);
    await queryRunner.query(`ALTER TABLE "api_keys" DROP CONSTRAINT "FK_0a4ace2ba56f859006688e29447"`);
    await queryRunner.query(`ALTER TABLE "api_keys" DROP CONSTRAINT "FK_a283bdef18876e525aefaec042f"`);
    await queryRunner.query(`ALTER TABLE "ai_systems" DROP CONSTRAINT "FK_bd4c3b6054a70c95dd3a2805365"`);
    await queryRunner.query(`ALTER TABLE "ai_systems" DROP CONSTRAINT "FK_1e0af0539bf41b4db2303c8989b"`);
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "FK_a2cecd1a3531c0b041e29ba46e1"`);
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "FK_21a659804ed7bf61eb91688dea7"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5f98d026f42b8c6b6cca0b1ffb"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_142f72e2b2e0bdad85bb4200fa"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6522e3bd3e07717d84afb76f95"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_816fd4f546b9d76a16d14a7d7f"`);
    await queryRunner.query(`DROP TABLE "risk_mitigations"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_517ea401007f30566f058f4cf6"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a063da7ae73e5c51b012366cf6"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_1d1778afccda16033c26a2898e"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_9ba54386d7c7d0a1021fdd0128"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a694dc2ba8602c07915f493dda"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_07ac263d69bfdcb6a642445cb5"`);
    await queryRunner.query(`DROP TABLE "risk_items"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_2cabc869c8abc492bf4e4130c2"`);
    await queryRunner.query(`DROP TABLE "github_scan_summaries"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f1db622cec53453972bb3baad5"`);
    await queryRunner.query(`DROP TABLE "github_scan_results"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_cb9720c9459f9807c9699956bd"`);
    await queryRunner.query(`DROP TABLE "github_scan_configs"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e48e5bc30db43bac6ab03989fe"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_beb31f47599ba8a349fcf3f4fc"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_2b6ebe41756e05cad6c5749c23"`);
    await queryRunner.query(`DROP TABLE "frontier_models_alerts"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c3ab51324bb21806706ddeeffc"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6e002b4e458ff767ab7449d52a"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5d532e3b9406677633a414fb58"`);
    await queryRunner.query(`DROP TABLE "frontier_models_alerts_config"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d4c56026ca5dc5380d6ceaccee"`);
    await queryRunner.query(`DROP TABLE "frontier_models_list"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b46a021ab6fac56056c4e1357f"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_0cf0c6e013a0b57cf5adfd6d39"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f3f838335e6943dcaedc4abe37"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_cabb7480c77be5372675cac466"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_bf9f349cc5be563662fb8588aa"`);
    await queryRunner.query(`DROP TABLE "compliance_issues"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b6cf7e7f335e6b50b4c2617a73"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5ac8fe98839f896e2de1fa9209"`);
    await queryRunner.query(`DROP TABLE "bias_analysis_results"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ce488b8949c686d73785fc7d27"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_39791c6d6787277ae532cc3cd0"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5ca04dd9bef77d07e322091496"`);
    await queryRunner.query(`DROP TABLE "bias_analysis_scans"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_3afd227c6cb003779abe2a88b4"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_0a4ace2ba56f859006688e2944"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a283bdef18876e525aefaec042"`);
    await queryRunner.query(`DROP TABLE "api_keys"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_18209b745dc4558978b06fa7bd"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_2b0b8f52facb1db64ff6448c3f"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e5ae378e0e57ee00eca9c240f4"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_bd4c3b6054a70c95dd3a280536"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_1e0af0539bf41b4db2303c8989"`);
    await queryRunner.query(`DROP TABLE "ai_systems"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a2cecd1a3531c0b041e29ba46e"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_21a659804ed7bf61eb91688dea"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP TABLE "roles"`);
    await queryRunner.query(`DROP TABLE "organizations"`);
  }
}
