import type {
  Action,
  ActionHandler,
  ActionRequest,
  ActionResponse,
  After,
  Before,
  PropertyOptions,
  ResourceOptions,
  ResourceWithOptions,
} from 'adminjs';
import { ACTIONS, ValidationError } from 'adminjs';
import type { DataSource, EntityMetadata } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import { hashPassword } from '../../common/auth/password.js';
import {
  AI_SYSTEM_RISK_LEVELS,
  AI_SYSTEM_STATUSES,
  COMPLIANCE_STATUSES,
  IMPACT_LEVELS,
  LIKELIHOOD_LEVELS,
  MITIGATION_STATUSES,
  RISK_CATEGORIES,
  RISK_STATUSES,
  SEVERITIES,
} from '../../common/domain/vocabulary.js';
import { ENTITIES } from '../../database/entities.js';
import { adminConsoleContext, runWithAuditContext } from '../audit-logs/audit-context.js';
import { isSecretName, stripSecrets } from './admin-secrets.js';

/** Navigation groups, by table name. */
const NAVIGATION: Array<{ name: string; icon: string; tables: RegExp }> = [
  { name: 'Organizations & access', icon: 'Users', tables: /^(organizations|roles|users|api_keys)$/ },
  { name: 'AI risk', icon: 'Shield', tables: /^(ai_systems|risk_|compliance_)/ },
  { name: 'AI usage detection', icon: 'GitHub', tables: /^github_/ },
  { name: 'Bias analysis', icon: 'BarChart2', tables: /^bias_/ },
  { name: 'Frontier models', icon: 'Cpu', tables: /^frontier_/ },
  { name: 'Audit trail', icon: 'FileText', tables: /^audit_logs$/ },
];

/**
 * English labels AdminJS would otherwise derive with lodash's startCase ("Organizations Access",
 * "Organization Id").
 */
export const ADMIN_TRANSLATIONS = {
  labels: Object.fromEntries(NAVIGATION.map((n) => [n.name, n.name])),
  properties: {
    organizationId: 'Organization',
    aiSystemId: 'AI system',
    roleId: 'Role',
    createdById: 'Created by',
    ownerId: 'Owner',
    newPassword: 'New password',
  },
};

/** Rows written only by jobs (results, summaries, runs, alerts, webhook deliveries, fetched feed items, uploaded data): shown, never edited. */
const READ_ONLY_TABLES = /(_results|_summaries|_runs|_alerts|_deliveries|_feed_items|_feed_item_keys|_chunks|_logs?)$/;

/** Tables whose rows are only created through the API (an API key is shown once, at creation). */
const NO_CREATE_TABLES = new Set(['api_keys']);

/** Allowed values of enumerated text columns, offered as a select. */
const VALUES: Record<string, Record<string, readonly string[]>> = {
  risk_items: {
    status: RISK_STATUSES,
    severity: SEVERITIES,
    impact: IMPACT_LEVELS,
    likelihood: LIKELIHOOD_LEVELS,
    category: RISK_CATEGORIES,
  },
  risk_mitigations: { status: MITIGATION_STATUSES },
  ai_systems: { status: AI_SYSTEM_STATUSES, riskLevel: AI_SYSTEM_RISK_LEVELS },
  compliance_issues: { status: COMPLIANCE_STATUSES, severity: SEVERITIES },
};

/** Long or structured columns left out of list views. */
const LONG_COLUMN = /description|details|notes|content|body|summary|message|evidence|payload|metadata|raw|snippet|text|url/i;
const MAX_LIST_COLUMNS = 7;

const STANDARD_ACTIONS = ['list', 'show', 'new', 'edit', 'delete', 'bulkDelete', 'search'] as const;

/** Every response goes through stripSecrets (AdminJS sends record params unfiltered, hidden or not). */
const removeSecrets: After<ActionResponse> = async (response) => stripSecrets(response);

const hashNewPassword =
  (required: boolean): Before =>
  async (request: ActionRequest) => {
    if (request.method !== 'post' || !request.payload) return request;
    // A raw `password` param is dropped: the hash is only ever produced here.
    const { newPassword, password: _raw, ...payload } = request.payload as Record<string, unknown>;
    if (typeof payload.email === 'string') payload.email = payload.email.trim().toLowerCase();
    if (typeof newPassword === 'string' && newPassword.length > 0) {
      if (newPassword.length < 8) throw new ValidationError({ newPassword: { message: 'At least 8 characters' } });
      payload.password = await hashPassword(newPassword);
    } else if (required) {
      throw new ValidationError({ newPassword: { message: 'Required for a new user' } });
    }
    return { ...request, payload };
  };

type Actions = Record<string, Partial<Action<ActionResponse>>>;

/**
 * Runs an action inside an audit context naming the signed-in admin, so that the writes it makes are
 * recorded in the audit trail as admin_console (AdminJS's router runs before Nest's middleware).
 */
const withAuditContext =
  (handler: ActionHandler<ActionResponse>): ActionHandler<ActionResponse> =>
  (request, response, context) => {
    const ip = (response as { req?: { ip?: string } } | undefined)?.req?.ip ?? null;
    return runWithAuditContext(adminConsoleContext(context.currentAdmin, ip), async () => handler(request, response, context));
  };

/** Custom actions, by table name. */
export type ExtraActions = Record<string, Actions>;

function propertyOptions(metadata: EntityMetadata): Record<string, PropertyOptions> {
  const properties: Record<string, PropertyOptions> = {};
  for (const column of metadata.columns) {
    if (isSecretName(column.propertyName) || isSecretName(column.databaseName)) {
      properties[column.propertyPath] = { isVisible: false };
    }
  }
  for (const [name, values] of Object.entries(VALUES[metadata.tableName] ?? {})) {
    if (metadata.findColumnWithPropertyName(name)) {
      properties[name] = { availableValues: values.map((value) => ({ value, label: value })) };
    }
  }
  return properties;
}

function listProperties(metadata: EntityMetadata): string[] {
  const shown = (c: ColumnMetadata) => !isSecretName(c.propertyName) && !isSecretName(c.databaseName) && !c.isPrimary;
  const short = metadata.columns.filter(
    (c) =>
      shown(c) &&
      !c.isCreateDate &&
      !c.isUpdateDate &&
      !LONG_COLUMN.test(c.propertyName) &&
      !['json', 'jsonb'].includes(String(c.type)) &&
      !c.isArray,
  );
  const created = metadata.columns.find((c) => c.isCreateDate);
  return [
    ...metadata.primaryColumns.map((c) => c.propertyPath),
    ...short.slice(0, MAX_LIST_COLUMNS - (created ? 2 : 1)).map((c) => c.propertyPath),
    ...(created ? [created.propertyPath] : []),
  ];
}

function actionsFor(metadata: EntityMetadata, extra: Actions = {}): Actions {
  const table = metadata.tableName;
  const readOnly = READ_ONLY_TABLES.test(table);
  const actions: Actions = {};
  for (const name of STANDARD_ACTIONS) actions[name] = {};
  if (readOnly) for (const name of ['new', 'edit', 'delete', 'bulkDelete']) actions[name] = { isAccessible: false };
  if (NO_CREATE_TABLES.has(table)) actions.new = { isAccessible: false };
  if (table === 'users') {
    actions.new = { before: hashNewPassword(true) };
    actions.edit = { before: hashNewPassword(false) };
  }
  Object.assign(actions, extra);
  for (const [name, action] of Object.entries(actions)) {
    const after = action?.after;
    const handler = action?.handler ?? ACTIONS[name as keyof typeof ACTIONS]?.handler;
    actions[name] = {
      ...action,
      after: after ? [...(Array.isArray(after) ? after : [after]), removeSecrets] : [removeSecrets],
      ...(typeof handler === 'function' ? { handler: withAuditContext(handler) } : {}),
    };
  }
  return actions;
}

/** Every entity of the product as an AdminJS resource, grouped by domain; `extra` adds custom actions by table name. */
export function buildAdminResources(dataSource: DataSource, extra: ExtraActions = {}): ResourceWithOptions[] {
  return ENTITIES.map((entity) => {
    const metadata = dataSource.getMetadata(entity);
    const group = NAVIGATION.find((n) => n.tables.test(metadata.tableName));
    const properties = propertyOptions(metadata);
    if (metadata.tableName === 'users') {
      properties.newPassword = {
        type: 'password',
        isVisible: { list: false, show: false, filter: false, edit: true },
        description: 'Sets the password (stored as an argon2 hash). Leave empty to keep the current one.',
      };
    }
    const options: ResourceOptions = {
      id: entity.name,
      navigation: group ? { name: group.name, icon: group.icon } : null,
      listProperties: listProperties(metadata),
      sort: { sortBy: metadata.primaryColumns[0]?.propertyPath ?? 'id', direction: 'desc' },
      properties,
      actions: actionsFor(metadata, extra[metadata.tableName]),
    };
    return { resource: entity, options };
  });
}
