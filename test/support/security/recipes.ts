import { createHmac } from 'node:crypto';
import type { Session } from '../factories.js';
import type { OrgFixture, SecurityWorld } from './world.js';

/**
 * Test data recipes: for every operation of the OpenAPI document, how to make the object(s) it
 * needs in a given organization through the API, and a valid request for it. The security specs
 * derive every check from the document and these recipes; an operation without a recipe (or a
 * recipe naming an operation the document lacks) fails the suite.
 *
 * A resource recipe is shared by its operations:
 * - `scope`: who owns its rows — `organization` (one organization's rows, addressed by id),
 *   `self` (the caller's own user or organization, no id in the path), `global` (the catalog:
 *   readable by everyone, written by platform admins), `platform` (platform admins only) or
 *   `none` (public endpoints).
 * - `create`: makes one object in `org` and returns the path parameters that address it (plus
 *   any data other steps need, such as a webhook secret).
 * - `body`: a valid request body for the resource's writes (operations may override it).
 * - `read`: where its owner reads it back, to prove that a refused request changed nothing
 *   (default: the GET on the operation's own path, when the document has one).
 */

export type Scope = 'organization' | 'self' | 'global' | 'platform' | 'none';

/** An object made by a recipe: the path parameters that address it, and what else the checks need. */
export interface Instance {
  params: Record<string, number>;
  data: Record<string, unknown>;
}

export interface RecipeContext {
  world: SecurityWorld;
  org: OrgFixture;
}

export interface RequestContext extends RecipeContext {
  /** The object the request addresses (empty for collections without a parent). */
  instance: Instance;
  /** Who sends the request. */
  actor: Session;
}

export interface OperationRecipe {
  body?: (ctx: RequestContext) => unknown | Promise<unknown>;
  /** Headers a valid request needs besides credentials (e.g. a webhook signature over `raw`). */
  headers?: (ctx: RequestContext, raw: string) => Record<string, string>;
  /** Overrides the resource's `read`; `null`: the operation changes no object a refusal could prove unchanged. */
  read?: string | null;
  /** The operation has effects beyond its object (it fetches every feed source): run its checks after the others. */
  runLast?: boolean;
}

export interface ResourceRecipe {
  scope: Scope;
  create?: (ctx: RecipeContext) => Promise<Instance>;
  body?: (ctx: RequestContext) => unknown | Promise<unknown>;
  read?: string;
  operations: Record<string, OperationRecipe>;
}

export type ResourceName =
  | 'auth'
  | 'profile'
  | 'organization'
  | 'role'
  | 'dashboard'
  | 'health'
  | 'user'
  | 'apiKey'
  | 'aiSystem'
  | 'riskItem'
  | 'mitigation'
  | 'complianceIssue'
  | 'scanConfig'
  | 'scannedConfig'
  | 'scanResult'
  | 'biasScan'
  | 'failedBiasScan'
  | 'webhookScan'
  | 'frontierSource'
  | 'frontierModel'
  | 'alertConfig'
  | 'alert'
  | 'webhook'
  | 'auditLog';

/**
 * What each id field of a request body or list filter names: a resource recipe (its rows belong to
 * one organization, so another organization's id must be refused) or `global` (built-in roles,
 * the model catalog). A new `…Id` field fails the suite until it is listed here.
 */
export const ID_FIELDS: Record<string, ResourceName | 'global' | { resource: ResourceName; filter: string }> = {
  aiSystemId: 'aiSystem',
  ownerId: 'user',
  createdById: 'user',
  roleId: 'global',
  modelId: 'global',
  actorUserId: 'user',
  actorApiKeyId: 'apiKey',
  // Audit-log filter: the written entity's id, meaningful with its kind.
  entityId: { resource: 'aiSystem', filter: 'entityType=ai_system' },
};

/** The resource an id field names (undefined for global rows) and any filter that goes with it. */
export function idTarget(field: string): { resource: ResourceName; filter: string } | undefined {
  const target = ID_FIELDS[field];
  if (target === undefined || target === 'global') return undefined;
  return typeof target === 'string' ? { resource: target, filter: '' } : target;
}

export const signBody = (secret: string, raw: string) => `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;

const instance = (params: Record<string, number>, data: Record<string, unknown> = {}): Instance => ({ params, data });

/** Records for a bias scan: two groups, labels and predictions. */
const biasRecords = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ group: i % 2 ? 'a' : 'b', y: i % 3 === 0 ? 1 : 0, p: i % 4 === 0 ? 1 : 0 }));

const aiSystemBody = ({ world, org }: RequestContext) => ({
  name: `${org.tag} system ${world.next()}`,
  description: `Scoring model of ${org.tag}`,
  status: 'active',
  riskLevel: 'high',
  ownerId: org.admin.userId,
});

const riskItemBody = async ({ world, org }: RequestContext): Promise<Record<string, unknown>> => ({
  title: `${org.tag} risk ${world.next()}`,
  description: `Bias in ${org.tag}`,
  status: 'open',
  severity: 'high',
  impact: 'high',
  likelihood: 'medium',
  category: 'bias',
  aiSystemId: (await world.shared('aiSystem', org)).params.id,
});

const complianceIssueBody = async ({ world, org }: RequestContext): Promise<Record<string, unknown>> => ({
  title: `${org.tag} issue ${world.next()}`,
  description: 'No human oversight procedure',
  status: 'open',
  severity: 'high',
  aiSystemId: (await world.shared('aiSystem', org)).params.id,
});

// Disabled: a fetch run (POST …/sources/fetch) leaves it alone, so reading it back stays stable.
const frontierSourceBody = ({ world }: RecipeContext) => ({
  name: `Security feed ${world.next()}`,
  url: world.feeds.url(`/openai/news.rss?copy=${world.next()}`),
  kind: 'rss',
  enabled: false,
});

const frontierModelBody = ({ world }: RecipeContext) => {
  const n = world.next();
  return {
    modelId: `sec-model-${world.runTag}-${n}`,
    name: `Security Model ${world.runTag} ${n}`,
    provider: 'Security Labs',
    capabilities: ['text'],
  };
};

/** The request context of an object's creation: its organization's admin, no parent object. */
const creating = (ctx: RecipeContext): RequestContext => ({ ...ctx, instance: instance({}), actor: ctx.org.admin });

/** POSTs `body` to `path` as the organization's admin (the platform admin for platform resources) and returns the new id. */
async function post(ctx: RecipeContext, path: string, body: unknown): Promise<Instance> {
  const res = await ctx.world.client.expect(201, 'POST', path, { auth: ctx.org.admin.auth, body });
  return instance({ id: res.body.id });
}

const biasScanBody = async ({ world, org }: RequestContext): Promise<Record<string, unknown>> => ({
  name: `${org.tag} fairness audit ${world.next()}`,
  dataSource: 'webhook',
  config: {
    labelColumn: 'y',
    predictionColumn: 'p',
    protectedAttributes: ['group'],
    aiSystemId: (await world.shared('aiSystem', org)).params.id,
  },
});

/** Creates a webhook bias scan in `org`; its secret is recorded as shown once, in this response. */
async function createWebhookScan(ctx: RecipeContext): Promise<Instance> {
  const { world, org } = ctx;
  const body = {
    name: `${org.tag} webhook scan ${world.next()}`,
    dataSource: 'webhook',
    config: { labelColumn: 'y', predictionColumn: 'p', protectedAttributes: ['group'] },
  };
  const res = await world.client.expect(202, 'POST', '/api/v1/bias-analysis/scans', { auth: org.admin.auth, body });
  world.secrets.add('bias webhook secret', res.body.webhookSecret, world.client.exchangeOf(res));
  return instance({ id: res.body.id }, { secret: res.body.webhookSecret });
}

/** Pushes signed records into a webhook scan, completes it and waits for the worker's verdict. */
async function analyzeWebhookScan(ctx: RecipeContext, records: unknown[], status: 'completed' | 'failed'): Promise<Instance> {
  const { world, org } = ctx;
  const scan = await createWebhookScan(ctx);
  const raw = JSON.stringify(records);
  const path = `/api/v1/bias-analysis/scans/${scan.params.id}`;
  await world.client.expect(202, 'POST', `${path}/records`, {
    raw,
    headers: { 'X-Signature-256': signBody(scan.data.secret as string, raw) },
  });
  await world.client.expect(202, 'POST', `${path}/complete`, { auth: org.admin.auth });
  await world.waitFor(`bias scan ${scan.params.id} ${status}`, async () => {
    const res = await world.client.expect(200, 'GET', path, { auth: org.admin.auth });
    if (res.body.status === 'completed' || res.body.status === 'failed') {
      if (res.body.status !== status) throw new Error(`bias scan ended ${res.body.status}: ${res.body.error}`);
      return true;
    }
    return false;
  });
  return scan;
}

export const RESOURCES: Record<ResourceName, ResourceRecipe> = {
  auth: {
    scope: 'none',
    operations: {
      'POST /api/v1/auth/register': {
        body: ({ world }) => {
          const username = `sec${world.next()}${world.runTag}`;
          return { organizationName: `Security ${username}`, username, email: `${username}@example.com`, password: world.passwords.member };
        },
        read: null,
      },
      'POST /api/v1/auth/login': { body: ({ actor }) => ({ email: actor.email, password: actor.password }), read: null },
    },
  },

  profile: {
    scope: 'self',
    operations: {
      'GET /api/v1/auth/me': {},
      'PATCH /api/v1/auth/me': { body: () => ({ firstName: 'Security', lastName: 'Tester' }) },
      // Re-sets the same password, so that the caller's sign-in keeps working.
      'POST /api/v1/auth/change-password': {
        body: ({ actor }) => ({ currentPassword: actor.password, newPassword: actor.password }),
        read: null,
      },
    },
  },

  organization: {
    scope: 'self',
    body: ({ org }) => ({ name: org.name }),
    operations: { 'GET /api/v1/organizations/current': {}, 'PATCH /api/v1/organizations/current': {} },
  },

  role: { scope: 'global', operations: { 'GET /api/v1/roles': {} } },

  user: {
    scope: 'organization',
    create: async (ctx) => post(ctx, '/api/v1/users', ctx.world.newUserBody(ctx.org, 'analyst')),
    body: ({ world, org }) => world.newUserBody(org, 'analyst'),
    read: '/api/v1/users/{id}',
    operations: {
      'GET /api/v1/users': {},
      'POST /api/v1/users': {},
      'GET /api/v1/users/{id}': {},
      'PATCH /api/v1/users/{id}': { body: ({ org }) => ({ firstName: `${org.tag} renamed` }) },
      'DELETE /api/v1/users/{id}': {},
    },
  },

  apiKey: {
    scope: 'organization',
    create: async ({ world, org }) => {
      const res = await world.client.expect(201, 'POST', '/api/v1/api-keys', {
        auth: org.admin.auth,
        body: { name: `${org.tag} key ${world.next()}`, role: 'viewer' },
      });
      world.secrets.add('API key', res.body.key, world.client.exchangeOf(res));
      return instance({ id: res.body.id });
    },
    body: ({ world, org }) => ({ name: `${org.tag} key ${world.next()}` }),
    read: '/api/v1/api-keys/{id}',
    operations: {
      'GET /api/v1/api-keys': {},
      // A key made by a valid create is shown in that response only.
      'POST /api/v1/api-keys': {},
      'GET /api/v1/api-keys/{id}': {},
      'PATCH /api/v1/api-keys/{id}': {},
      'DELETE /api/v1/api-keys/{id}': {},
    },
  },

  aiSystem: {
    scope: 'organization',
    create: async (ctx) => post(ctx, '/api/v1/ai-systems', aiSystemBody(creating(ctx))),
    body: aiSystemBody,
    read: '/api/v1/ai-systems/{id}',
    operations: {
      'GET /api/v1/ai-systems': {},
      'POST /api/v1/ai-systems': {},
      'GET /api/v1/ai-systems/{id}': {},
      'PATCH /api/v1/ai-systems/{id}': {},
      'PUT /api/v1/ai-systems/{id}': {},
      'DELETE /api/v1/ai-systems/{id}': {},
    },
  },

  riskItem: {
    scope: 'organization',
    create: async (ctx) => post(ctx, '/api/v1/risk-items', await riskItemBody(creating(ctx))),
    body: riskItemBody,
    read: '/api/v1/risk-items/{id}',
    operations: {
      'GET /api/v1/risk-items': {},
      'POST /api/v1/risk-items': {},
      'GET /api/v1/risk-items/export.csv': {},
      'GET /api/v1/risk-items/{id}': {},
      'PATCH /api/v1/risk-items/{id}': {},
      'PUT /api/v1/risk-items/{id}': {},
      'DELETE /api/v1/risk-items/{id}': {},
    },
  },

  mitigation: {
    scope: 'organization',
    create: async (ctx) => {
      const riskItem = await post(ctx, '/api/v1/risk-items', await riskItemBody(creating(ctx)));
      const body = { description: `${ctx.org.tag} mitigation ${ctx.world.next()}`, status: 'planned' };
      const res = await ctx.world.client.expect(201, 'POST', `/api/v1/risk-items/${riskItem.params.id}/mitigations`, {
        auth: ctx.org.admin.auth,
        body,
      });
      return instance({ riskItemId: riskItem.params.id, id: res.body.id });
    },
    body: ({ world, org }) => ({
      description: `${org.tag} mitigation ${world.next()}`,
      status: 'in-progress',
      notes: 'owned by the data team',
    }),
    read: '/api/v1/risk-items/{riskItemId}/mitigations/{id}',
    operations: {
      'GET /api/v1/risk-items/{riskItemId}/mitigations': {},
      'POST /api/v1/risk-items/{riskItemId}/mitigations': {},
      'GET /api/v1/risk-items/{riskItemId}/mitigations/{id}': {},
      'PATCH /api/v1/risk-items/{riskItemId}/mitigations/{id}': {},
      'PUT /api/v1/risk-items/{riskItemId}/mitigations/{id}': {},
      'DELETE /api/v1/risk-items/{riskItemId}/mitigations/{id}': {},
    },
  },

  complianceIssue: {
    scope: 'organization',
    create: async (ctx) => post(ctx, '/api/v1/compliance-issues', await complianceIssueBody(creating(ctx))),
    body: complianceIssueBody,
    read: '/api/v1/compliance-issues/{id}',
    operations: {
      'GET /api/v1/compliance-issues': {},
      'POST /api/v1/compliance-issues': {},
      'GET /api/v1/compliance-issues/{id}': {},
      'PATCH /api/v1/compliance-issues/{id}': {},
      'PUT /api/v1/compliance-issues/{id}': {},
      'DELETE /api/v1/compliance-issues/{id}': {},
    },
  },

  dashboard: { scope: 'self', operations: { 'GET /api/v1/dashboard/summary': {} } },

  /** A scan configuration with a GitHub token (never scanned: scanning needs `scannedConfig`). */
  scanConfig: {
    scope: 'organization',
    create: async (ctx) => post(ctx, '/api/v1/github/scan-configs', ctx.world.scanConfigBody(ctx.org)),
    body: ({ world, org }) => world.scanConfigBody(org),
    read: '/api/v1/github/scan-configs/{id}',
    operations: {
      'GET /api/v1/github/scan-configs': {},
      'POST /api/v1/github/scan-configs': {},
      'GET /api/v1/github/scan-configs/{id}': {},
      'PATCH /api/v1/github/scan-configs/{id}': {},
      'DELETE /api/v1/github/scan-configs/{id}': {},
      'POST /api/v1/github/scan-configs/{id}/scans': {},
    },
  },

  /** A configuration of the fake GitHub organization, scanned once by the worker: a run, results, a summary, a BOM. */
  scannedConfig: {
    scope: 'organization',
    create: async ({ world, org }) => world.scanFakeGithub(org),
    read: '/api/v1/github/scan-configs/{id}',
    operations: {
      'GET /api/v1/github/scan-configs/{id}/scans': {},
      'GET /api/v1/github/scan-configs/{id}/scans/{scanId}': {},
      'GET /api/v1/github/scan-configs/{id}/results': {},
      'GET /api/v1/github/scan-configs/{id}/summaries': {},
      'GET /api/v1/github/scan-configs/{id}/bom': {},
    },
  },

  /** One result with AI usage, not yet added to the risk register (each call takes another). */
  scanResult: {
    scope: 'organization',
    create: async ({ world, org }) => world.takeScanResult(org),
    body: async ({ world, org }) => ({
      title: `${org.tag} AI usage`,
      severity: 'high',
      aiSystemId: (await world.shared('aiSystem', org)).params.id,
    }),
    read: '/api/v1/github/scan-configs/{scanConfigId}/results?limit=100',
    operations: { 'POST /api/v1/github/scan-results/{id}/add-to-risk': {} },
  },

  /** A bias scan analysed to completion by the worker. */
  biasScan: {
    scope: 'organization',
    create: (ctx) => analyzeWebhookScan(ctx, biasRecords(40), 'completed'),
    body: biasScanBody,
    read: '/api/v1/bias-analysis/scans/{id}',
    operations: {
      'GET /api/v1/bias-analysis/scans': {},
      'POST /api/v1/bias-analysis/scans': {},
      'GET /api/v1/bias-analysis/scans/{id}': {},
      'GET /api/v1/bias-analysis/scans/{id}/results': {},
    },
  },

  /** A bias scan whose analysis failed (its data lacks the prediction column; kept with BIAS_RETAIN_DATA): it can be re-run. */
  failedBiasScan: {
    scope: 'organization',
    create: (ctx) =>
      analyzeWebhookScan(
        ctx,
        biasRecords(10).map(({ group, y }) => ({ group, y })),
        'failed',
      ),
    read: '/api/v1/bias-analysis/scans/{id}',
    operations: { 'POST /api/v1/bias-analysis/scans/{id}/rerun': {} },
  },

  /** A webhook bias scan that has received records and is still taking more (so it can also be completed). */
  webhookScan: {
    scope: 'organization',
    create: async (ctx) => {
      const scan = await createWebhookScan(ctx);
      const raw = JSON.stringify(biasRecords(4));
      await ctx.world.client.expect(202, 'POST', `/api/v1/bias-analysis/scans/${scan.params.id}/records`, {
        raw,
        headers: { 'X-Signature-256': signBody(scan.data.secret as string, raw) },
      });
      return scan;
    },
    read: '/api/v1/bias-analysis/scans/{id}',
    operations: {
      // Public: the signature with the scan's own secret is the credential.
      'POST /api/v1/bias-analysis/scans/{id}/records': {
        body: () => biasRecords(4),
        headers: ({ instance: scan }, raw) => ({ 'X-Signature-256': signBody(scan.data.secret as string, raw) }),
      },
      'POST /api/v1/bias-analysis/scans/{id}/complete': {},
    },
  },

  frontierSource: {
    scope: 'platform',
    create: async (ctx) => post(ctx, '/api/v1/frontier-models/sources', frontierSourceBody(ctx)),
    body: frontierSourceBody,
    read: '/api/v1/frontier-models/sources/{id}',
    operations: {
      'GET /api/v1/frontier-models/sources': {},
      'POST /api/v1/frontier-models/sources': {},
      'POST /api/v1/frontier-models/sources/fetch': { read: null, runLast: true },
      'GET /api/v1/frontier-models/sources/{id}': {},
      'PATCH /api/v1/frontier-models/sources/{id}': { body: ({ world }) => ({ name: `Security feed ${world.next()}` }) },
      'DELETE /api/v1/frontier-models/sources/{id}': {},
    },
  },

  frontierModel: {
    scope: 'global',
    create: async (ctx) => post(ctx, '/api/v1/frontier-models', frontierModelBody(ctx)),
    body: frontierModelBody,
    read: '/api/v1/frontier-models/{id}',
    operations: {
      'GET /api/v1/frontier-models': {},
      'POST /api/v1/frontier-models': {},
      'GET /api/v1/frontier-models/{id}': {},
      'PATCH /api/v1/frontier-models/{id}': { body: () => ({ description: 'Reviewed by the security suite' }) },
      'DELETE /api/v1/frontier-models/{id}': {},
    },
  },

  alertConfig: {
    scope: 'organization',
    create: async ({ world, org }) => {
      const res = await world.client.expect(201, 'POST', '/api/v1/frontier-alert-configs', {
        auth: org.admin.auth,
        body: await world.unusedAlertPair(org),
      });
      return instance({ id: res.body.id }, { category: res.body.category });
    },
    body: ({ world, org }) => world.unusedAlertPair(org),
    read: '/api/v1/frontier-alert-configs/{id}',
    operations: {
      'GET /api/v1/frontier-alert-configs/suggestions': {},
      'GET /api/v1/frontier-alert-configs': {},
      'POST /api/v1/frontier-alert-configs': {},
      'GET /api/v1/frontier-alert-configs/{id}': {},
      // Restates its own category: valid, and never a duplicate.
      'PATCH /api/v1/frontier-alert-configs/{id}': { body: ({ instance: config }) => ({ category: config.data.category }) },
      'DELETE /api/v1/frontier-alert-configs/{id}': {},
    },
  },

  /** Alerts exist only once the worker has fetched a feed for a followed model (see SecurityWorld.frontierAlerts). */
  alert: {
    scope: 'organization',
    create: async ({ world, org }) => instance({ id: (await world.frontierAlerts())[org.key as 'a' | 'b'].alertId }),
    operations: { 'GET /api/v1/frontier-alerts': {}, 'GET /api/v1/frontier-alerts/{id}': {} },
  },

  /** The organization's alert webhook (one per organization) and its deliveries, made by the same feed fetch. */
  webhook: {
    scope: 'self',
    create: async ({ world }) => {
      await world.frontierAlerts();
      return instance({});
    },
    body: ({ world }) => ({ url: world.receiver.url, enabled: true }),
    operations: {
      'GET /api/v1/frontier-alert-webhook': {},
      'PUT /api/v1/frontier-alert-webhook': {},
      'DELETE /api/v1/frontier-alert-webhook': {},
      'GET /api/v1/frontier-alert-webhook/deliveries': {},
    },
  },

  /** The audit trail is written by every change: the organization's newest entry (its AI system's creation at least). */
  auditLog: {
    scope: 'organization',
    create: async ({ world, org }) => {
      await world.shared('aiSystem', org);
      const res = await world.client.expect(200, 'GET', '/api/v1/audit-logs?limit=1', { auth: org.admin.auth });
      return instance({ id: res.body.data[0].id });
    },
    operations: { 'GET /api/v1/audit-logs': {}, 'GET /api/v1/audit-logs/{id}': {} },
  },

  health: { scope: 'none', operations: { 'GET /health': {} } },
};

export interface ResolvedRecipe {
  resourceName: ResourceName;
  resource: ResourceRecipe;
  operation: OperationRecipe;
}

/** Every operation label the recipes cover, with its resource. */
export function recipeIndex(): Map<string, ResolvedRecipe> {
  const index = new Map<string, ResolvedRecipe>();
  for (const [resourceName, resource] of Object.entries(RESOURCES) as Array<[ResourceName, ResourceRecipe]>) {
    for (const [label, operation] of Object.entries(resource.operations)) {
      if (index.has(label)) throw new Error(`${label} has two recipes (${index.get(label)!.resourceName} and ${resourceName})`);
      index.set(label, { resourceName, resource, operation });
    }
  }
  return index;
}
