import {
  DataSource,
  type EntitySubscriberInterface,
  type InsertEvent,
  type ObjectLiteral,
  type RemoveEvent,
  type UpdateEvent,
} from 'typeorm';
import { RoleName } from '../../../src/common/permissions/permissions.js';
import { auditedEntity } from '../../../src/modules/audit-logs/audited-entities.js';
import type { DocumentedOperation } from '../../support/openapi-operations.js';
import { expectNoSecretsLeaked } from '../../support/security/leak-scan.js';
import { getAt, idFields, isListOperation, queryParameters, requestBodySchema, setAt } from '../../support/security/openapi-schema.js';
import {
  capableActor,
  describeResponse,
  errorShapeProblem,
  isPublic,
  prepare,
  readBack,
  recipeOf,
  roleLacks,
  send,
  type PreparedRequest,
} from '../../support/security/operation-requests.js';
import { RESOURCES, idTarget } from '../../support/security/recipes.js';
import { SecurityWorld, type OrgFixture } from '../../support/security/world.js';

const ORGANIZATION_ROLES = [RoleName.Viewer, RoleName.Analyst, RoleName.ComplianceOfficer, RoleName.RiskManager, RoleName.Admin];

const is2xx = (status: number) => status >= 200 && status < 300;
const scopeOf = (op: DocumentedOperation) => RESOURCES[recipeOf(op).resourceName].scope;
/** Operations with effects beyond their object (a fetch of every feed) go last. */
const byRunLast = (a: DocumentedOperation, b: DocumentedOperation) =>
  Number(!!recipeOf(a).operation.runLast) - Number(!!recipeOf(b).operation.runLast);

/**
 * Roles and organizations, checked on every operation of the OpenAPI document: a role lacking a
 * permission an operation requires gets 403 and changes nothing; another organization gets 404 on
 * every route that names an object and changes nothing; ids of another organization inside bodies
 * are refused; lists only ever show the caller's organization.
 */
describe('Security: authorization and tenancy on every documented operation', () => {
  let world: SecurityWorld;
  let checks = 0;

  beforeAll(async () => {
    world = await SecurityWorld.start({ worker: true });
  });
  afterAll(async () => {
    await world?.close();
  });

  /** Sends `prepared` as `auth`; failures unless `expected(status)` and, for a refusal, the error shape and an unchanged object. */
  async function expectRefused(
    prepared: PreparedRequest,
    auth: Record<string, string>,
    who: string,
    statuses: number[],
    overrides: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<string[]> {
    checks++;
    const before = await readBack(world, prepared);
    const res = await send(world, prepared, auth, overrides);
    const problems: string[] = [];
    if (!statuses.includes(res.status))
      problems.push(`${prepared.op.label} as ${who}: expected ${statuses.join('/')}, got ${describeResponse(res)}`);
    else {
      const shape = errorShapeProblem(res);
      if (shape) problems.push(`${prepared.op.label} as ${who}: ${shape}`);
    }
    const after = await readBack(world, prepared);
    if (JSON.stringify(after) !== JSON.stringify(before))
      problems.push(
        `${prepared.op.label} as ${who}: the object changed: ${JSON.stringify(before).slice(0, 300)} → ${JSON.stringify(after).slice(0, 300)}`,
      );
    return problems;
  }

  async function expectSucceeds(prepared: PreparedRequest, auth: Record<string, string>, who: string): Promise<string[]> {
    checks++;
    const res = await send(world, prepared, auth);
    return is2xx(res.status) ? [] : [`${prepared.op.label} as ${who}: expected 2xx, got ${describeResponse(res)}`];
  }

  describe('roles', () => {
    it.each(ORGANIZATION_ROLES)(
      'refuses (403) a %s, signed in or by API key, every operation needing a permission the role lacks, and changes nothing',
      async (role) => {
        const session = await world.sessionWithRole(world.a, role);
        const apiKey = await world.apiKeyWithRole(world.a, role);
        const refused = world.operations.filter((op) => roleLacks(op, role)).sort(byRunLast);
        const failures: string[] = [];
        for (const op of refused) {
          const prepared = await prepare(world, op, world.a, { actor: session });
          failures.push(...(await expectRefused(prepared, session.auth, role, [403])));
          failures.push(...(await expectRefused(prepared, apiKey, `${role} API key`, [403])));
        }
        expect(failures).toEqual([]);
        // Every write is refused to a viewer; the platform operations to everyone below the platform admin.
        if (role === RoleName.Viewer) expect(refused.length).toBeGreaterThan(30);
        else expect(refused.length).toBeGreaterThan(0);
      },
    );

    it('lets a viewer use every operation whose permissions the viewer role holds (never 403)', async () => {
      const viewer = await world.sessionWithRole(world.a, RoleName.Viewer);
      const allowed = world.operations.filter((op) => !isPublic(op) && !roleLacks(op, RoleName.Viewer));
      const failures: string[] = [];
      for (const op of allowed)
        failures.push(...(await expectSucceeds(await prepare(world, op, world.a, { actor: viewer }), viewer.auth, 'viewer')));
      expect(failures).toEqual([]);
      expect(allowed.length).toBeGreaterThan(20);
    });

    it('lets the platform admin perform the platform operations organization admins are refused', async () => {
      const platformOnly = world.operations.filter((op) => roleLacks(op, RoleName.Admin)).sort(byRunLast);
      expect(platformOnly.map((op) => op.label)).toEqual(
        expect.arrayContaining(['POST /api/v1/frontier-models', 'POST /api/v1/frontier-models/sources']),
      );
      const failures: string[] = [];
      for (const op of platformOnly) {
        const prepared = await prepare(world, op, world.platform, { fresh: true });
        failures.push(...(await expectSucceeds(prepared, world.platform.admin.auth, 'platform admin')));
      }
      expect(failures).toEqual([]);
    });

    it('refuses every escalation by a role below admin: creating or promoting an admin, or a key acting as one', async () => {
      const failures: string[] = [];
      for (const role of ORGANIZATION_ROLES.filter((r) => r !== RoleName.Admin)) {
        const member = await world.sessionWithRole(world.a, role);
        const attempts: Array<[string, string, unknown]> = [
          ['post', '/api/v1/users', world.newUserBody(world.a, RoleName.Admin)],
          ['patch', `/api/v1/users/${member.userId}`, { role: RoleName.Admin }],
          ['patch', `/api/v1/users/${member.userId}`, { role: RoleName.PlatformAdmin }],
          ['post', '/api/v1/api-keys', { name: 'escalation', role: RoleName.Admin }],
        ];
        for (const [method, url, body] of attempts) {
          checks++;
          const res = await world.client.send(method, url, { auth: member.auth, body });
          if (res.status !== 403)
            failures.push(`${method.toUpperCase()} ${url} ${JSON.stringify(body)} as ${role}: ${describeResponse(res)}`);
        }
        const me = await world.client.expect(200, 'GET', '/api/v1/auth/me', { auth: member.auth });
        if (me.body.role !== role) failures.push(`${role} is now ${me.body.role}`);
      }
      expect(failures).toEqual([]);
    });
  });

  describe('organizations', () => {
    /** Operations that address one organization's object by id in the path. */
    const itemRoutes = () => world.operations.filter((op) => op.pathParameters.length > 0 && scopeOf(op) === 'organization');

    it("answers 404 to another organization's admin (token or API key) on every route naming an object, changes nothing, and the owner succeeds", async () => {
      const failures: string[] = [];
      const routes = itemRoutes();
      for (const op of routes) {
        const prepared = await prepare(world, op, world.a, { fresh: true });
        if (isPublic(op)) {
          // Webhook records: the credential is the scan's secret; another organization's scan secret must not open this one.
          const foreign = await prepare(world, op, world.b, { fresh: true });
          failures.push(
            ...(await expectRefused(prepared, {}, 'organization B (its own scan secret)', [401, 404], { headers: foreign.headers })),
          );
        } else {
          // B sends what would be valid in B (its own ids in the body), aimed at A's object.
          const asB = { body: (await prepare(world, op, world.b, { instance: prepared.instance, actor: world.b.admin })).body };
          const bKey = await world.apiKeyWithRole(world.b, RoleName.Admin);
          failures.push(...(await expectRefused(prepared, world.b.admin.auth, 'organization B admin', [404], asB)));
          failures.push(...(await expectRefused(prepared, bKey, 'organization B API key', [404], asB)));
        }
        failures.push(...(await expectSucceeds(prepared, isPublic(op) ? {} : prepared.owner.admin.auth, 'owner')));
      }
      expect(failures).toEqual([]);
      expect(routes.length).toBeGreaterThan(40);
    });

    it("refuses (400/404) another organization's ids inside request bodies, creating and changing nothing", async () => {
      const failures: string[] = [];
      let fieldsChecked = 0;
      for (const op of world.operations.filter((o) => o.operation.requestBody && !isPublic(o))) {
        const prepared = await prepare(world, op, world.a, { fresh: true });
        const schema = requestBodySchema(op, world.document, prepared.body);
        const references = (schema ? idFields(schema, world.document) : []).flatMap((path) => {
          const target = idTarget(path[path.length - 1]);
          return target ? [{ path, target: target.resource }] : [];
        });
        if (!references.length) continue;
        for (const { path, target } of references) {
          const foreignId = (await world.shared(target, world.b)).params.id;
          fieldsChecked++;
          failures.push(
            ...(await expectRefused(prepared, prepared.owner.admin.auth, `owner with ${path.join('.')} of organization B`, [400, 404], {
              body: setAt(prepared.body, path, foreignId),
            })),
          );
        }
        // The same body with the organization's own ids is accepted.
        if (references.some(({ path }) => getAt(prepared.body, path) !== undefined))
          failures.push(...(await expectSucceeds(prepared, prepared.owner.admin.auth, 'owner with its own ids')));
      }
      expect(failures).toEqual([]);
      expect(fieldsChecked).toBeGreaterThanOrEqual(8);
    });

    it("lists only the caller's rows: never another organization's, with or without q and id filters", async () => {
      const failures: string[] = [];
      const lists = world.operations.filter((op) => isListOperation(op, world.document) && ['organization', 'self'].includes(scopeOf(op)));
      const rowsOf = async (org: OrgFixture, op: DocumentedOperation, query: string) => {
        checks++;
        const prepared = await prepare(world, op, org);
        const res = await world.client.send('get', `${prepared.url}?limit=100${query}`, { auth: prepared.owner.admin.auth });
        return { res, rows: (res.body?.data ?? []) as Array<{ id: number; organizationId?: number }> };
      };
      for (const op of lists) {
        const theirs = await rowsOf(world.b, op, '');
        const theirIds = new Set(theirs.rows.map((row) => row.id));
        const mine = await rowsOf(world.a, op, '');
        if (!theirs.rows.length || !mine.rows.length)
          failures.push(`${op.label}: the recipes made no rows in ${!mine.rows.length ? 'A' : 'B'}`);
        // Filtering by another organization's id finds nothing (or is refused).
        const idFilters = queryParameters(op).flatMap((p) => {
          const target = idTarget(p.name);
          return target ? [{ name: p.name, ...target }] : [];
        });
        const variants: Array<{ query: string; empty: boolean }> = [
          { query: '', empty: false },
          { query: `&q=${world.b.tag}`, empty: true },
        ];
        for (const filter of idFilters) {
          const foreignId = (await world.shared(filter.resource, world.b)).params.id;
          variants.push({ query: `&${filter.name}=${foreignId}${filter.filter ? `&${filter.filter}` : ''}`, empty: true });
        }
        for (const { query, empty } of variants) {
          const { res, rows } = query ? await rowsOf(world.a, op, query) : mine;
          const where = `${op.label}?${query.slice(1) || '(no filter)'}`;
          if (res.status !== 200 && !(query && [400, 404].includes(res.status))) failures.push(`${where}: ${describeResponse(res)}`);
          const leaked = rows.filter(
            (row) => theirIds.has(row.id) || (row.organizationId !== undefined && row.organizationId !== world.a.admin.organizationId),
          );
          if (leaked.length) failures.push(`${where}: shows organization B's rows ${leaked.map((r) => r.id).join(', ')}`);
          if (res.text.includes(world.b.tag)) failures.push(`${where}: the response mentions organization B's objects`);
          if (empty && rows.length && query !== `&q=${world.b.tag}`)
            failures.push(`${where}: a filter on organization B's id matched rows`);
        }
      }
      expect(failures).toEqual([]);
      expect(lists.length).toBeGreaterThan(15);
    });

    it("never shows organization B's objects in anything organization A reads", async () => {
      const failures: string[] = [];
      const reads = world.operations.filter((op) => op.method === 'get' && !isPublic(op) && ['organization', 'self'].includes(scopeOf(op)));
      for (const op of reads) {
        checks++;
        const prepared = await prepare(world, op, world.a);
        const res = await send(world, prepared, prepared.owner.admin.auth);
        if (!is2xx(res.status)) failures.push(`${op.label}: ${describeResponse(res)}`);
        if ((res.text ?? '').includes(world.b.tag)) failures.push(`${op.label}: mentions organization B's objects`);
      }
      expect(failures).toEqual([]);
    });
  });

  /*
   * Read requests run without an audit context (src/modules/audit-logs/audit-context.ts: it would tax
   * every promise of the process), so an audited write made by a GET would go unrecorded. None may.
   */
  it('writes no audited entity on any read (GET) operation', async () => {
    const writes: string[] = [];
    let recording = false;
    const spy: EntitySubscriberInterface = {
      afterInsert: (event: InsertEvent<ObjectLiteral>) =>
        void (recording && auditedEntity(event.metadata) && writes.push(`insert ${event.metadata.name}`)),
      afterUpdate: (event: UpdateEvent<ObjectLiteral>) =>
        void (recording && auditedEntity(event.metadata) && writes.push(`update ${event.metadata.name}`)),
      afterRemove: (event: RemoveEvent<ObjectLiteral>) =>
        void (recording && auditedEntity(event.metadata) && writes.push(`delete ${event.metadata.name}`)),
    };
    const dataSource = world.t.app.get(DataSource);
    dataSource.subscribers.push(spy);
    try {
      const reads = world.operations.filter((op) => op.method === 'get' && !isPublic(op));
      const failures: string[] = [];
      for (const op of reads) {
        checks++;
        const prepared = await prepare(world, op, world.a);
        recording = true;
        const res = await send(world, prepared, capableActor(world, op, prepared.owner).auth);
        recording = false;
        if (!is2xx(res.status)) failures.push(`${op.label}: ${describeResponse(res)}`);
        if (writes.length) failures.push(`${op.label}: ${writes.splice(0).join(', ')}`);
      }
      expect(failures).toEqual([]);
      expect(reads.length).toBeGreaterThan(30);
      // Control: the spy does see an audited write made through the API.
      recording = true;
      await world.fresh('riskItem', world.a);
      recording = false;
      expect(writes).toContain('insert RiskItem');
    } finally {
      dataSource.subscribers.splice(dataSource.subscribers.indexOf(spy), 1);
    }
  });

  it('shows no secret in any response of this file, and writes none to the logs', () => {
    expectNoSecretsLeaked(world);
    // For the report: how much the file checked.
    console.info(
      `authorization and tenancy: ${world.operations.length} operations, ${checks} checks, ${world.client.exchanges.length} requests`,
    );
  });
});
