import { jest } from '@jest/globals';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { createUserWithRole, expectError, registerOrganization, unique, type Session } from '../support/factories.js';

// jest.config.js sets testTimeout per project, which Jest ignores (it reads only the global value).

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const BAD_PATH_IDS = ['abc', '0', '-1', '1.5', '99999999999', '1e3', '0x1', '+1', '007'];
const NOT_AN_OBJECT = ['[]', '"text"', 'null', '42', 'true', '{"name":'];

describe('AI systems (/api/v1/ai-systems)', () => {
  let t: TestApp;
  let db: DataSource;
  let admin: Session;
  let riskManager: Session;
  let viewer: Session;
  let other: Session;

  const url = (id?: number | string) => (id === undefined ? '/api/v1/ai-systems' : `/api/v1/ai-systems/${id}`);
  const create = (session: Session, body: unknown) =>
    request(t.http)
      .post(url())
      .set(session.auth)
      .send(body as object);
  const get = (session: Session, id: number | string) => request(t.http).get(url(id)).set(session.auth);
  const patch = (session: Session, id: number | string, body: unknown) =>
    request(t.http)
      .patch(url(id))
      .set(session.auth)
      .send(body as object);
  const put = (session: Session, id: number | string, body: unknown) =>
    request(t.http)
      .put(url(id))
      .set(session.auth)
      .send(body as object);
  const remove = (session: Session, id: number | string) => request(t.http).delete(url(id)).set(session.auth);
  const list = (session: Session, query: Record<string, string | number> = {}) => request(t.http).get(url()).query(query).set(session.auth);
  const row = async (id: number) =>
    (await db.query('SELECT * FROM ai_systems WHERE id = $1', [id]))[0] as Record<string, unknown> | undefined;
  const ids = (res: request.Response) => res.body.data.map((s: { id: number }) => s.id);

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    admin = await registerOrganization(t.http);
    riskManager = await createUserWithRole(t.http, admin, 'risk_manager');
    viewer = await createUserWithRole(t.http, admin, 'viewer');
    other = await registerOrganization(t.http);
  });
  afterAll(() => t.close());

  describe('happy path', () => {
    it('creates a system with every field and reads it back', async () => {
      const res = await create(riskManager, {
        name: '  Credit scoring model  ',
        description: 'Scores loan applications.',
        status: 'testing',
        ownerId: admin.userId,
        riskLevel: 'high',
        version: '2.3.1',
        deployedAt: '2025-03-01T10:30:00+02:00',
      }).expect(201);
      expect(res.body).toEqual({
        id: expect.any(Number),
        name: 'Credit scoring model',
        description: 'Scores loan applications.',
        status: 'testing',
        ownerId: admin.userId,
        organizationId: admin.organizationId,
        riskLevel: 'high',
        version: '2.3.1',
        deployedAt: '2025-03-01T08:30:00.000Z',
        createdAt: expect.stringMatching(ISO),
        updatedAt: expect.stringMatching(ISO),
      });
      expect(
        await get(viewer, res.body.id)
          .expect(200)
          .then((r) => r.body),
      ).toEqual(res.body);
      expect(await row(res.body.id)).toMatchObject({ organization_id: admin.organizationId, owner_id: admin.userId, risk_level: 'high' });
    });

    it('applies defaults when only a name is given', async () => {
      const res = await create(admin, { name: 'Minimal' }).expect(201);
      expect(res.body).toMatchObject({
        name: 'Minimal',
        description: null,
        status: 'active',
        ownerId: null,
        riskLevel: null,
        version: null,
        deployedAt: null,
      });
      const dateOnly = await create(admin, { name: 'Date only', deployedAt: '2024-12-31', description: '' }).expect(201);
      expect(dateOnly.body).toMatchObject({ deployedAt: '2024-12-31T00:00:00.000Z', description: '' });
    });

    it('PATCH changes only the fields sent; null clears nullable fields', async () => {
      const created = await create(admin, {
        name: 'Patch me',
        description: 'Before',
        status: 'development',
        ownerId: riskManager.userId,
        riskLevel: 'low',
        version: '1.0',
        deployedAt: '2025-01-01T00:00:00Z',
      }).expect(201);
      const renamed = await patch(riskManager, created.body.id, { name: 'Patched', status: 'active' }).expect(200);
      expect(renamed.body).toEqual({
        ...created.body,
        name: 'Patched',
        status: 'active',
        updatedAt: expect.stringMatching(ISO),
      });
      expect(new Date(renamed.body.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(created.body.updatedAt).getTime());

      const cleared = await patch(admin, created.body.id, {
        description: null,
        ownerId: null,
        riskLevel: null,
        version: null,
        deployedAt: null,
      }).expect(200);
      expect(cleared.body).toMatchObject({
        name: 'Patched',
        status: 'active',
        description: null,
        ownerId: null,
        riskLevel: null,
        version: null,
        deployedAt: null,
      });

      const empty = await patch(admin, created.body.id, {}).expect(200);
      expect(empty.body).toMatchObject({ name: 'Patched', status: 'active', description: null });
      expect(
        await get(admin, created.body.id)
          .expect(200)
          .then((r) => r.body),
      ).toEqual(empty.body);
    });

    it('PUT replaces the system: fields left out go back to their defaults', async () => {
      const created = await create(admin, {
        name: 'Replace me',
        description: 'Old',
        status: 'retired',
        ownerId: admin.userId,
        riskLevel: 'critical',
        version: '9',
        deployedAt: '2020-05-05T05:05:05Z',
      }).expect(201);
      const replaced = await put(riskManager, created.body.id, {
        name: 'Replaced',
        riskLevel: 'minimal',
        ownerId: riskManager.userId,
      }).expect(200);
      expect(replaced.body).toEqual({
        ...created.body,
        name: 'Replaced',
        description: null,
        status: 'active',
        ownerId: riskManager.userId,
        riskLevel: 'minimal',
        version: null,
        deployedAt: null,
        updatedAt: expect.stringMatching(ISO),
      });
      const full = await put(admin, created.body.id, {
        name: 'Replaced again',
        description: 'New',
        status: 'deprecated',
        ownerId: admin.userId,
        riskLevel: 'unacceptable',
        version: '10',
        deployedAt: '2026-01-15T09:00:00.123Z',
      }).expect(200);
      expect(full.body).toMatchObject({
        name: 'Replaced again',
        description: 'New',
        status: 'deprecated',
        ownerId: admin.userId,
        riskLevel: 'unacceptable',
        version: '10',
        deployedAt: '2026-01-15T09:00:00.123Z',
      });
      expect(
        await get(admin, created.body.id)
          .expect(200)
          .then((r) => r.body),
      ).toEqual(full.body);
    });

    it('DELETE answers 204, after which the system is gone', async () => {
      const created = await create(riskManager, { name: 'Delete me' }).expect(201);
      const res = await remove(riskManager, created.body.id).expect(204);
      expect(res.text).toBe('');
      expectError(await get(admin, created.body.id), 404);
      expectError(await patch(admin, created.body.id, { name: 'Ghost' }), 404);
      expectError(await put(admin, created.body.id, { name: 'Ghost' }), 404);
      expectError(await remove(admin, created.body.id), 404);
      expect(await row(created.body.id)).toBeUndefined();
    });

    it('keeps the system but clears ownerId when the owner user is deleted', async () => {
      const owner = await createUserWithRole(t.http, admin, 'analyst');
      const created = await create(admin, { name: 'Orphan', ownerId: owner.userId }).expect(201);
      await request(t.http).delete(`/api/v1/users/${owner.userId}`).set(admin.auth).expect(204);
      expect(
        await get(admin, created.body.id)
          .expect(200)
          .then((r) => r.body),
      ).toMatchObject({ id: created.body.id, name: 'Orphan', ownerId: null });
    });
  });

  describe('lists', () => {
    let org: Session;
    let owner: Session;
    const tag = unique('inv');
    const systems: Record<string, number> = {};

    beforeAll(async () => {
      org = await registerOrganization(t.http);
      owner = await createUserWithRole(t.http, org, 'risk_manager');
      const specs = [
        {
          name: `Alpha ${tag}`,
          status: 'active',
          riskLevel: 'high',
          ownerId: owner.userId,
          version: '1.0',
          deployedAt: '2025-01-01T00:00:00Z',
        },
        {
          name: `Bravo ${tag}`,
          status: 'testing',
          riskLevel: 'low',
          description: 'Uses a LARGE language model',
          deployedAt: '2024-01-01T00:00:00Z',
        },
        { name: `Charlie ${tag}`, status: 'retired', riskLevel: 'high', ownerId: owner.userId },
        { name: `Delta ${tag}`, status: 'active', riskLevel: null, version: 'v2-beta', deployedAt: '2026-01-01T00:00:00Z' },
        { name: `Echo 100% ${tag}`, status: 'planned', riskLevel: 'minimal' },
      ];
      for (const spec of specs) systems[spec.name.split(' ')[0]] = (await create(org, spec).expect(201)).body.id;
    });
    const byName = (...names: string[]) => names.map((n) => systems[n]);

    it('lists newest first by default, with pagination meta', async () => {
      const all = await list(org).expect(200);
      expect(all.body.meta).toEqual({ page: 1, limit: 20, total: 5, totalPages: 1 });
      expect(ids(all)).toEqual(byName('Echo', 'Delta', 'Charlie', 'Bravo', 'Alpha'));
      expect(all.body.data[4]).toMatchObject({
        name: `Alpha ${tag}`,
        ownerId: owner.userId,
        deployedAt: '2025-01-01T00:00:00.000Z',
        organizationId: org.organizationId,
      });

      const pages = [];
      for (const page of [1, 2, 3]) {
        const res = await list(org, { page, limit: 2 }).expect(200);
        expect(res.body.meta).toEqual({ page, limit: 2, total: 5, totalPages: 3 });
        pages.push(...ids(res));
      }
      expect(pages).toEqual(ids(all));
      expect((await list(org, { page: 4, limit: 2 }).expect(200)).body).toEqual({
        data: [],
        meta: { page: 4, limit: 2, total: 5, totalPages: 3 },
      });
      expect((await list(org, { limit: 100 }).expect(200)).body.meta.limit).toBe(100);
    });

    it('filters by status (comma list or repeated), riskLevel and ownerId', async () => {
      expect(ids(await list(org, { status: 'active' }).expect(200))).toEqual(byName('Delta', 'Alpha'));
      expect(ids(await list(org, { status: 'active,testing' }).expect(200))).toEqual(byName('Delta', 'Bravo', 'Alpha'));
      const repeated = await request(t.http).get(`${url()}?status=retired&status=planned`).set(org.auth).expect(200);
      expect(ids(repeated)).toEqual(byName('Echo', 'Charlie'));
      expect(ids(await list(org, { riskLevel: 'high' }).expect(200))).toEqual(byName('Charlie', 'Alpha'));
      expect(ids(await list(org, { riskLevel: 'low,minimal' }).expect(200))).toEqual(byName('Echo', 'Bravo'));
      expect(ids(await list(org, { ownerId: owner.userId }).expect(200))).toEqual(byName('Charlie', 'Alpha'));
      expect(ids(await list(org, { ownerId: owner.userId, status: 'active' }).expect(200))).toEqual(byName('Alpha'));
      const filtered = await list(org, { riskLevel: 'high', limit: 1 }).expect(200);
      expect(filtered.body.meta).toEqual({ page: 1, limit: 1, total: 2, totalPages: 2 });
      expect(ids(await list(org, { status: 'inactive' }).expect(200))).toEqual([]);
    });

    it('searches name, description and version with q, case-insensitively and literally', async () => {
      expect(ids(await list(org, { q: 'bravo' }).expect(200))).toEqual(byName('Bravo'));
      expect(ids(await list(org, { q: 'large LANGUAGE' }).expect(200))).toEqual(byName('Bravo'));
      expect(ids(await list(org, { q: 'V2-BETA' }).expect(200))).toEqual(byName('Delta'));
      expect(ids(await list(org, { q: '100%' }).expect(200))).toEqual(byName('Echo'));
      expect(ids(await list(org, { q: '%' }).expect(200))).toEqual(byName('Echo'));
      expect(ids(await list(org, { q: '_' }).expect(200))).toEqual([]);
      expect(ids(await list(org, { q: tag, status: 'active' }).expect(200))).toEqual(byName('Delta', 'Alpha'));
      expect(ids(await list(org, { q: 'nothing matches this' }).expect(200))).toEqual([]);
    });

    it('sorts ascending and descending on the sortable fields', async () => {
      expect(ids(await list(org, { sort: 'name:asc' }).expect(200))).toEqual(byName('Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo'));
      expect(ids(await list(org, { sort: 'name:desc' }).expect(200))).toEqual(byName('Echo', 'Delta', 'Charlie', 'Bravo', 'Alpha'));
      expect(ids(await list(org, { sort: 'name' }).expect(200))).toEqual(byName('Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo'));
      expect(ids(await list(org, { sort: 'createdAt:asc' }).expect(200))).toEqual(byName('Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo'));
      expect(ids(await list(org, { sort: 'deployedAt:desc', status: 'active,testing' }).expect(200))).toEqual(
        byName('Delta', 'Alpha', 'Bravo'),
      );
      expect(ids(await list(org, { sort: 'deployedAt:asc', status: 'active,testing' }).expect(200))).toEqual(
        byName('Bravo', 'Alpha', 'Delta'),
      );
      expect(ids(await list(org, { sort: 'status:asc,name:desc' }).expect(200))).toEqual(
        byName('Delta', 'Alpha', 'Echo', 'Charlie', 'Bravo'),
      );
      // Risk levels sort by rank (unset first ascending), not alphabetically.
      expect(ids(await list(org, { sort: 'riskLevel:asc,name:asc' }).expect(200))).toEqual(
        byName('Delta', 'Echo', 'Bravo', 'Alpha', 'Charlie'),
      );
      expect(ids(await list(org, { sort: 'riskLevel:desc,name:asc' }).expect(200))).toEqual(
        byName('Alpha', 'Charlie', 'Bravo', 'Echo', 'Delta'),
      );
    });

    it('rejects invalid list queries with 400 naming the parameter', async () => {
      const cases: Array<[Record<string, string | number>, RegExp]> = [
        [{ limit: 0 }, /limit/],
        [{ limit: 101 }, /limit/],
        [{ limit: 'ten' }, /limit/],
        [{ page: 0 }, /page/],
        [{ page: -1 }, /page/],
        [{ page: 1.5 }, /page/],
        [{ sort: 'owner:asc' }, /sort/],
        [{ sort: 'name:sideways' }, /sort/],
        [{ sort: 'name;drop table' }, /sort/],
        [{ status: 'running' }, /status/],
        [{ status: 'active,running' }, /status/],
        [{ riskLevel: 'extreme' }, /riskLevel/],
        [{ ownerId: 'me' }, /ownerId/],
        [{ ownerId: 0 }, /ownerId/],
        [{ ownerId: '99999999999' }, /ownerId/],
        [{ q: 'x'.repeat(201) }, /\bq\b/],
        [{ colour: 'blue' }, /colour/],
        [{ organizationId: other.organizationId }, /organizationId/],
      ];
      for (const [query, field] of cases) expect(expectError(await list(org, query), 400)).toMatch(field);
    });
  });

  describe('validation', () => {
    const valid = { name: 'Valid system' };
    const invalidBodies: Array<[string, Record<string, unknown>, RegExp]> = [
      ['missing name', { status: 'active' }, /name/],
      ['empty name', { name: '' }, /name/],
      ['blank name', { name: '   ' }, /name/],
      ['null name', { name: null }, /name/],
      ['numeric name', { name: 42 }, /name/],
      ['object name', { name: { first: 'x' } }, /name/],
      ['huge name', { name: 'x'.repeat(201) }, /name/],
      ['huge description', { ...valid, description: 'x'.repeat(10_001) }, /description/],
      ['huge version', { ...valid, version: 'x'.repeat(101) }, /version/],
      ['unknown status', { ...valid, status: 'running' }, /status/],
      ['null status', { ...valid, status: null }, /status/],
      ['numeric status', { ...valid, status: 1 }, /status/],
      ['unknown riskLevel', { ...valid, riskLevel: 'extreme' }, /riskLevel/],
      ['upper-case riskLevel', { ...valid, riskLevel: 'HIGH' }, /riskLevel/],
      ['string ownerId', { ...valid, ownerId: '5' }, /ownerId/],
      ['zero ownerId', { ...valid, ownerId: 0 }, /ownerId/],
      ['fractional ownerId', { ...valid, ownerId: 1.5 }, /ownerId/],
      ['huge ownerId', { ...valid, ownerId: 99_999_999_999 }, /ownerId/],
      ['unknown ownerId', { ...valid, ownerId: 2_147_483_647 }, /ownerId/],
      ['invalid deployedAt', { ...valid, deployedAt: 'yesterday' }, /deployedAt/],
      ['impossible month', { ...valid, deployedAt: '2025-13-01' }, /deployedAt/],
      ['impossible hour', { ...valid, deployedAt: '2025-01-01T25:00:00Z' }, /deployedAt/],
      ['impossible day', { ...valid, deployedAt: '2025-02-30' }, /deployedAt/],
      ['impossible leap day', { ...valid, deployedAt: '2025-02-29T10:00:00Z' }, /deployedAt/],
      ['numeric deployedAt', { ...valid, deployedAt: 1735689600000 }, /deployedAt/],
      ['unknown field', { ...valid, vendor: 'Acme' }, /vendor/],
      ['organizationId', { ...valid, organizationId: 1 }, /organizationId/],
      ['id', { ...valid, id: 1 }, /\bid\b/],
      ['createdAt', { ...valid, createdAt: '2020-01-01T00:00:00Z' }, /createdAt/],
    ];

    it.each(invalidBodies)('POST rejects %s with 400 naming the field', async (_label, body, field) => {
      const before = (await list(admin, { limit: 1 }).expect(200)).body.meta.total;
      expect(expectError(await create(admin, body), 400)).toMatch(field);
      expect((await list(admin, { limit: 1 }).expect(200)).body.meta.total).toBe(before);
    });

    it('PUT validates like POST and changes nothing on a 400', async () => {
      const created = await create(admin, { name: 'Put target', status: 'testing' }).expect(201);
      for (const [, body, field] of invalidBodies) expect(expectError(await put(admin, created.body.id, body), 400)).toMatch(field);
      expect(
        await get(admin, created.body.id)
          .expect(200)
          .then((r) => r.body),
      ).toEqual(created.body);
    });

    it('PATCH rejects nulls for non-nullable fields and every other invalid value, changing nothing', async () => {
      const created = await create(admin, { name: 'Patch target', status: 'testing', riskLevel: 'low' }).expect(201);
      const cases = invalidBodies.filter(([label]) => label !== 'missing name').map(([, body, field]) => [body, field] as const);
      for (const [body, field] of cases) expect(expectError(await patch(admin, created.body.id, body), 400)).toMatch(field);
      expect(
        await get(admin, created.body.id)
          .expect(200)
          .then((r) => r.body),
      ).toEqual(created.body);
    });

    it('answers 400, never 500, for a NUL byte (which PostgreSQL text cannot store)', async () => {
      const created = await create(admin, { name: 'NUL target' }).expect(201);
      expectError(await create(admin, { name: 'a\u0000b' }), 400);
      expectError(await patch(admin, created.body.id, { description: 'a\u0000b' }), 400);
      expectError(await list(admin, { q: 'a\u0000b' }), 400);
      expect(
        await get(admin, created.body.id)
          .expect(200)
          .then((r) => r.body),
      ).toEqual(created.body);
    });

    it('answers 400, never 500, for a body that is not a JSON object', async () => {
      const created = await create(admin, { name: 'Raw bodies' }).expect(201);
      const sends = [
        () => request(t.http).post(url()),
        () => request(t.http).patch(url(created.body.id)),
        () => request(t.http).put(url(created.body.id)),
      ];
      for (const send of sends) {
        for (const raw of NOT_AN_OBJECT) {
          expectError(await send().set(admin.auth).set('Content-Type', 'application/json').send(raw), 400);
        }
      }
      expect(
        await get(admin, created.body.id)
          .expect(200)
          .then((r) => r.body),
      ).toEqual(created.body);
    });

    it('answers 400 for path ids that are not positive 32-bit integers, on every route', async () => {
      for (const id of BAD_PATH_IDS) {
        expect(expectError(await get(admin, id), 400)).toMatch(/id/);
        expect(expectError(await patch(admin, id, { name: 'X' }), 400)).toMatch(/id/);
        expect(expectError(await put(admin, id, { name: 'X' }), 400)).toMatch(/id/);
        expect(expectError(await remove(admin, id), 400)).toMatch(/id/);
      }
      expectError(await get(admin, 2_147_483_647), 404);
    });
  });

  describe('access and tenancy', () => {
    it('answers 401 without a valid token on every route', async () => {
      const created = await create(admin, { name: 'Guarded' }).expect(201);
      const id = created.body.id;
      expectError(await request(t.http).get(url()), 401);
      expectError(await request(t.http).get(url(id)), 401);
      expectError(await request(t.http).post(url()).send({ name: 'X' }), 401);
      expectError(await request(t.http).patch(url(id)).send({ name: 'X' }), 401);
      expectError(await request(t.http).put(url(id)).send({ name: 'X' }), 401);
      expectError(await request(t.http).delete(url(id)), 401);
      expectError(await request(t.http).get(url()).set('Authorization', 'Bearer forged.token.here'), 401);
      expect(
        await get(admin, id)
          .expect(200)
          .then((r) => r.body),
      ).toEqual(created.body);
    });

    it('lets a viewer read, but answers 403 to every write and changes nothing', async () => {
      const created = await create(admin, { name: 'Read only', status: 'testing' }).expect(201);
      await list(viewer).expect(200);
      await get(viewer, created.body.id).expect(200);
      expect(expectError(await create(viewer, { name: 'Nope' }), 403)).toMatch(/ai_systems:write/);
      expectError(await patch(viewer, created.body.id, { name: 'Nope' }), 403);
      expectError(await put(viewer, created.body.id, { name: 'Nope' }), 403);
      expectError(await remove(viewer, created.body.id), 403);
      // Permission is checked before the body, so even an invalid one is a 403.
      expectError(await create(viewer, { bogus: true }), 403);
      expect(
        await get(admin, created.body.id)
          .expect(200)
          .then((r) => r.body),
      ).toEqual(created.body);
      expect(await db.query('SELECT 1 FROM ai_systems WHERE name = $1', ['Nope'])).toHaveLength(0);
    });

    it.each(['compliance_officer', 'analyst'])('refuses writes to a %s (no ai_systems:write)', async (role) => {
      const member = await createUserWithRole(t.http, admin, role);
      await list(member).expect(200);
      expectError(await create(member, { name: 'Nope' }), 403);
    });

    it('hides another organization’s systems: 404 on every route, absent from lists, rows unchanged', async () => {
      const mine = await create(admin, { name: 'Tenant A system', status: 'testing', ownerId: admin.userId, riskLevel: 'high' }).expect(
        201,
      );
      const before = await row(mine.body.id);

      expect(expectError(await get(other, mine.body.id), 404)).not.toMatch(/organization/i);
      expectError(await patch(other, mine.body.id, { name: 'Stolen' }), 404);
      expectError(await patch(other, mine.body.id, { ownerId: null }), 404);
      expectError(await put(other, mine.body.id, { name: 'Stolen' }), 404);
      expectError(await remove(other, mine.body.id), 404);
      expect(await row(mine.body.id)).toEqual(before);

      const theirs = await list(other, { limit: 100 }).expect(200);
      expect(ids(theirs)).not.toContain(mine.body.id);
      expect(theirs.body.data.every((s: { organizationId: number }) => s.organizationId === other.organizationId)).toBe(true);
      expect((await list(other, { q: 'Tenant A' }).expect(200)).body.meta.total).toBe(0);
      expect((await list(other, { ownerId: admin.userId }).expect(200)).body.meta.total).toBe(0);

      const ours = await list(admin, { limit: 100 }).expect(200);
      expect(ours.body.data.every((s: { organizationId: number }) => s.organizationId === admin.organizationId)).toBe(true);
    });

    it('refuses (400, naming ownerId) an owner from another organization, on create, PATCH and PUT', async () => {
      const mine = await create(admin, { name: 'Owner check', ownerId: admin.userId }).expect(201);
      for (const res of [
        await create(admin, { name: 'Foreign owner', ownerId: other.userId }),
        await patch(admin, mine.body.id, { ownerId: other.userId }),
        await put(admin, mine.body.id, { name: 'Foreign owner', ownerId: other.userId }),
      ]) {
        const message = expectError(res, 400);
        expect(message).toMatch(/ownerId/);
        expect(res.body.details).toEqual([{ field: 'ownerId', message }]);
      }
      expect(
        await get(admin, mine.body.id)
          .expect(200)
          .then((r) => r.body),
      ).toEqual(mine.body);
      expect(await db.query('SELECT 1 FROM ai_systems WHERE name = $1', ['Foreign owner'])).toHaveLength(0);
    });
  });
});
