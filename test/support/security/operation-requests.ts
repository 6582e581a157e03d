import type request from 'supertest';
import { BUILT_IN_ROLES } from '../../../src/common/permissions/permissions.js';
import type { Session } from '../factories.js';
import type { DocumentedOperation } from '../openapi-operations.js';
import { allRequestBodySchemas, idFields, queryParameters } from './openapi-schema.js';
import { ID_FIELDS, RESOURCES, idTarget, recipeIndex, type Instance, type ResolvedRecipe } from './recipes.js';
import type { OrgFixture, SecurityWorld } from './world.js';

export const RECIPES = recipeIndex();

export function recipeOf(op: DocumentedOperation): ResolvedRecipe {
  const recipe = RECIPES.get(op.label);
  if (!recipe) throw new Error(`${op.label} has no test data recipe (test/support/security/recipes.ts)`);
  return recipe;
}

export const isPublic = (op: DocumentedOperation) => op.operation['x-public'] === true;
export const requiredPermissions = (op: DocumentedOperation) => (op.operation['x-required-permissions'] ?? []) as string[];
export const isMutating = (op: DocumentedOperation) => op.method !== 'get';

export function permissionsOfRole(role: string): readonly string[] {
  const found = BUILT_IN_ROLES.find((r) => r.name === role);
  if (!found) throw new Error(`no built-in role ${role}`);
  return found.permissions;
}

/** Whether a role lacks a permission the operation requires (computed from the document and BUILT_IN_ROLES). */
export const roleLacks = (op: DocumentedOperation, role: string) =>
  !isPublic(op) && requiredPermissions(op).some((p) => !permissionsOfRole(role).includes(p));

/** Who performs the operation for real: the organization's admin, or the platform admin where an admin may not. */
export const capableActor = (world: SecurityWorld, op: DocumentedOperation, org: OrgFixture): Session =>
  roleLacks(op, 'admin') ? world.platform.admin : org.admin;

/** The path with its parameters taken from the instance. */
export function fillPath(path: string, params: Record<string, number>, label = path): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    if (params[name] === undefined) throw new Error(`${label}: the recipe's object has no "${name}" for the path`);
    return String(params[name]);
  });
}

/** Where a refused request is proven to have changed nothing; null when there is nothing to read back. */
export function readPathOf(world: SecurityWorld, op: DocumentedOperation): string | null | undefined {
  if (!isMutating(op)) return null;
  const { operation, resource } = recipeOf(op);
  if (operation.read !== undefined) return operation.read;
  if (world.document.paths[op.path]?.get) return op.path;
  return resource.read;
}

export interface PreparedRequest {
  op: DocumentedOperation;
  recipe: ResolvedRecipe;
  /** The organization the object belongs to (the platform for the catalog and feed sources). */
  owner: OrgFixture;
  instance: Instance;
  url: string;
  body?: unknown;
  /** The body as sent (JSON text), when there is one. */
  raw?: string;
  headers: Record<string, string>;
  readUrl: string | null;
}

/**
 * A valid request for `op` on an object of `org`, sent by `actor`. With `fresh`, a write gets an
 * object of its own (it may be changed or deleted); reads share one object per organization.
 */
export async function prepare(
  world: SecurityWorld,
  op: DocumentedOperation,
  org: OrgFixture,
  options: { actor?: Session; fresh?: boolean; instance?: Instance } = {},
): Promise<PreparedRequest> {
  const recipe = recipeOf(op);
  const owner = world.ownerOrg(recipe.resourceName, org);
  const instance =
    options.instance ??
    (options.fresh && isMutating(op) ? await world.fresh(recipe.resourceName, owner) : await world.shared(recipe.resourceName, owner));
  const actor = options.actor ?? capableActor(world, op, owner);
  const ctx = { world, org: owner, instance, actor };
  const makeBody = recipe.operation.body ?? recipe.resource.body;
  const body = op.operation.requestBody && makeBody ? await makeBody(ctx) : undefined;
  const raw = body === undefined ? undefined : JSON.stringify(body);
  const readPath = readPathOf(world, op);
  return {
    op,
    recipe,
    owner,
    instance,
    url: fillPath(op.path, instance.params, op.label),
    body,
    raw,
    headers: recipe.operation.headers?.(ctx, raw ?? '') ?? {},
    readUrl: readPath ? fillPath(readPath, instance.params, op.label) : null,
  };
}

/** Sends a prepared request (or a variant of its body) with `auth`. */
export function send(
  world: SecurityWorld,
  prepared: PreparedRequest,
  auth: Record<string, string>,
  overrides: { url?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<request.Response> {
  const body = 'body' in overrides ? overrides.body : prepared.body;
  const raw = body === undefined ? undefined : JSON.stringify(body);
  // A changed body needs its signature made again (webhook records are signed over the raw body).
  const headers =
    raw !== prepared.raw && prepared.recipe.operation.headers
      ? prepared.recipe.operation.headers(
          { world, org: prepared.owner, instance: prepared.instance, actor: prepared.owner.admin },
          raw ?? '',
        )
      : prepared.headers;
  return world.client.send(prepared.op.method, overrides.url ?? prepared.url, { auth, raw, headers: { ...headers, ...overrides.headers } });
}

/**
 * What the owner reads back, to compare before and after a refused request: the whole object, or
 * for a list its total, its ids and the whole row the request addresses (other rows' progress may
 * move meanwhile, e.g. an analysis running).
 */
export async function readBack(world: SecurityWorld, prepared: PreparedRequest): Promise<unknown> {
  if (!prepared.readUrl) return null;
  const res = await world.client.send('get', prepared.readUrl, { auth: prepared.owner.admin.auth });
  const body = res.body as { data?: Array<{ id: number }>; meta?: { total: number } };
  if (Array.isArray(body?.data) && body.meta) {
    const row = body.data.find((r) => r.id === prepared.instance.params.id) ?? null;
    return { status: res.status, total: body.meta.total, ids: body.data.map((r) => r.id), row };
  }
  return { status: res.status, body };
}

/** "statusCode, error, message" as the contract requires; null when the body has that shape. */
export function errorShapeProblem(res: request.Response): string | null {
  const body = res.body as Record<string, unknown> | undefined;
  if (body && body.statusCode === res.status && typeof body.error === 'string' && typeof body.message === 'string') return null;
  return `body is not the error shape: ${res.text?.slice(0, 200)}`;
}

export const describeResponse = (res: request.Response) => `${res.status} ${res.text?.slice(0, 200) ?? ''}`;

/** What the recipes lack for the document: missing or unknown operations, bodies, read-backs and id fields. */
export function recipeProblems(world: SecurityWorld): string[] {
  const problems: string[] = [];
  const labels = new Set(world.operations.map((op) => op.label));
  for (const label of RECIPES.keys()) if (!labels.has(label)) problems.push(`${label}: has a recipe but is not in the OpenAPI document`);
  for (const op of world.operations) {
    const recipe = RECIPES.get(op.label);
    if (!recipe) {
      problems.push(`${op.label}: no test data recipe`);
      continue;
    }
    const { resource, operation } = recipe;
    if (op.pathParameters.length && !resource.create) problems.push(`${op.label}: a path parameter but the recipe makes no object`);
    if (op.operation.requestBody && !(operation.body ?? resource.body)) problems.push(`${op.label}: a request body but no body recipe`);
    if (readPathOf(world, op) === undefined) problems.push(`${op.label}: no way to read its object back (recipe "read")`);
    const fields = [
      ...allRequestBodySchemas(op, world.document).flatMap((schema) =>
        idFields(schema, world.document).map((path) => path[path.length - 1]),
      ),
      ...queryParameters(op)
        .map((p) => p.name)
        .filter((name) => /Ids?$/.test(name)),
    ];
    for (const field of fields) if (!(field in ID_FIELDS)) problems.push(`${op.label}: id field "${field}" is not in ID_FIELDS`);
  }
  for (const field of Object.keys(ID_FIELDS)) {
    const target = idTarget(field);
    if (target && !(target.resource in RESOURCES)) problems.push(`ID_FIELDS.${field}: no resource "${target.resource}"`);
  }
  return problems;
}
