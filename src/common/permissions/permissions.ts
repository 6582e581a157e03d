/**
 * Every permission of the product, as `<area>:<action>`, and the built-in roles that hold them.
 * The roles table is seeded from these lists by migrations; a test checks that the two agree.
 */
export const Permission = {
  OrganizationRead: 'organization:read',
  OrganizationWrite: 'organization:write',
  UsersRead: 'users:read',
  UsersWrite: 'users:write',
  AiSystemsRead: 'ai_systems:read',
  AiSystemsWrite: 'ai_systems:write',
  RisksRead: 'risks:read',
  RisksWrite: 'risks:write',
  ComplianceRead: 'compliance:read',
  ComplianceWrite: 'compliance:write',
  GithubScansRead: 'github_scans:read',
  GithubScansWrite: 'github_scans:write',
  GithubScansRun: 'github_scans:run',
  BiasScansRead: 'bias_scans:read',
  BiasScansRun: 'bias_scans:run',
  FrontierModelsRead: 'frontier_models:read',
  FrontierModelsWrite: 'frontier_models:write',
  FrontierSourcesManage: 'frontier_sources:manage',
  FrontierAlertsRead: 'frontier_alerts:read',
  FrontierAlertsWrite: 'frontier_alerts:write',
  AuditLogsRead: 'audit_logs:read',
  PlatformAdmin: 'platform:admin',
} as const;

export type Permission = (typeof Permission)[keyof typeof Permission];

export const ALL_PERMISSIONS: readonly Permission[] = Object.values(Permission);

/** Permissions that reach beyond one organization: only platform admins hold them. */
export const PLATFORM_PERMISSIONS: readonly Permission[] = [
  Permission.FrontierModelsWrite,
  Permission.FrontierSourcesManage,
  Permission.PlatformAdmin,
];

const READ_PERMISSIONS: readonly Permission[] = [
  Permission.OrganizationRead,
  Permission.UsersRead,
  Permission.AiSystemsRead,
  Permission.RisksRead,
  Permission.ComplianceRead,
  Permission.GithubScansRead,
  Permission.BiasScansRead,
  Permission.FrontierModelsRead,
  Permission.FrontierAlertsRead,
];

export const RoleName = {
  PlatformAdmin: 'platform_admin',
  Admin: 'admin',
  RiskManager: 'risk_manager',
  ComplianceOfficer: 'compliance_officer',
  Analyst: 'analyst',
  Viewer: 'viewer',
} as const;

export type RoleName = (typeof RoleName)[keyof typeof RoleName];

export interface BuiltInRole {
  name: RoleName;
  description: string;
  permissions: readonly Permission[];
}

export const BUILT_IN_ROLES: readonly BuiltInRole[] = [
  {
    name: RoleName.PlatformAdmin,
    description: 'Operates the platform: everything in every organization, the catalog, feed sources, AdminJS and the queue dashboard.',
    permissions: ALL_PERMISSIONS,
  },
  {
    name: RoleName.Admin,
    description: 'Everything inside its own organization: users, roles, API keys, settings and all governance data.',
    permissions: ALL_PERMISSIONS.filter((p) => !PLATFORM_PERMISSIONS.includes(p)),
  },
  {
    name: RoleName.RiskManager,
    description: 'Maintains the AI inventory, the risk register and mitigations; runs scans; follows frontier alerts.',
    permissions: [
      ...READ_PERMISSIONS,
      Permission.AiSystemsWrite,
      Permission.RisksWrite,
      Permission.ComplianceWrite,
      Permission.GithubScansWrite,
      Permission.GithubScansRun,
      Permission.BiasScansRun,
      Permission.FrontierAlertsWrite,
    ],
  },
  {
    name: RoleName.ComplianceOfficer,
    description: 'Tracks compliance issues and fairness audits; reads everything else.',
    permissions: [...READ_PERMISSIONS, Permission.ComplianceWrite, Permission.BiasScansRun, Permission.FrontierAlertsWrite],
  },
  {
    name: RoleName.Analyst,
    description: 'Runs AI-usage and bias scans and records the risks they find; reads everything else.',
    permissions: [
      ...READ_PERMISSIONS,
      Permission.RisksWrite,
      Permission.GithubScansWrite,
      Permission.GithubScansRun,
      Permission.BiasScansRun,
    ],
  },
  {
    name: RoleName.Viewer,
    description: 'Read-only access to the organization’s governance data.',
    permissions: READ_PERMISSIONS,
  },
];

export function isSubsetOf(required: readonly string[], held: readonly string[]): boolean {
  const heldSet = new Set(held);
  return required.every((p) => heldSet.has(p));
}
