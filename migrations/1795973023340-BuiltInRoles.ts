import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Seeds the built-in roles. The lists are written out here (not imported) so that this migration
 * keeps meaning what it meant when it shipped; later permission changes get their own migration.
 */
const READ = [
  'organization:read',
  'users:read',
  'ai_systems:read',
  'risks:read',
  'compliance:read',
  'github_scans:read',
  'bias_scans:read',
  'frontier_models:read',
  'frontier_alerts:read',
];
const ORGANIZATION_WIDE = [
  ...READ,
  'organization:write',
  'users:write',
  'ai_systems:write',
  'risks:write',
  'compliance:write',
  'github_scans:write',
  'github_scans:run',
  'bias_scans:run',
  'frontier_alerts:write',
  'audit_logs:read',
];
const ROLES: Array<[string, string, string[]]> = [
  [
    'platform_admin',
    'Operates the platform: everything in every organization, the catalog, feed sources, AdminJS and the queue dashboard.',
    [...ORGANIZATION_WIDE, 'frontier_models:write', 'frontier_sources:manage', 'platform:admin'],
  ],
  ['admin', 'Everything inside its own organization: users, roles, API keys, settings and all governance data.', ORGANIZATION_WIDE],
  [
    'risk_manager',
    'Maintains the AI inventory, the risk register and mitigations; runs scans; follows frontier alerts.',
    [
      ...READ,
      'ai_systems:write',
      'risks:write',
      'compliance:write',
      'github_scans:write',
      'github_scans:run',
      'bias_scans:run',
      'frontier_alerts:write',
    ],
  ],
  [
    'compliance_officer',
    'Tracks compliance issues and fairness audits; reads everything else.',
    [...READ, 'compliance:write', 'bias_scans:run', 'frontier_alerts:write'],
  ],
  [
    'analyst',
    'Runs AI-usage and bias scans and records the risks they find; reads everything else.',
    [...READ, 'risks:write', 'github_scans:write', 'github_scans:run', 'bias_scans:run'],
  ],
  ['viewer', 'Read-only access to the organization’s governance data.', READ],
];

export class BuiltInRoles1795973023340 implements MigrationInterface {
  name = 'BuiltInRoles1795973023340';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const [name, description, permissions] of ROLES) {
      await queryRunner.query(
        `INSERT INTO "roles" ("name", "description", "permissions") VALUES ($1, $2, $3)
         ON CONFLICT ("name") DO UPDATE SET "description" = EXCLUDED."description", "permissions" = EXCLUDED."permissions"`,
        [name, description, permissions],
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "roles" WHERE "name" = ANY($1)`, [ROLES.map(([name]) => name)]);
  }
}
