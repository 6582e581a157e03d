import { createHash } from 'node:crypto';
import pg from 'pg';
import request from 'supertest';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { createPlatformAdmin, createUserWithRole, expectError, registerOrganization, unique, type Session } from '../support/factories.js';

const BASE = '/api/v1/api-keys';
const PLATFORM_PERMISSIONS = ['platform:admin', 'frontier_models:write', 'frontier_sources:manage'];

interface CreatedKey {
  id: number;
  name: string;
  keyPrefix: string;
  role: string;
  roleId: number;
  createdById: number | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
  key: string;
}

describe('API keys', () => {
  let t: TestApp;
  let db: pg.Client;
  let admin: Session;
  let roleIds: Record<string, number>;

  beforeAll(async () => {
    t = await createTestApp();
    db = new pg.Client({ connectionString: t.databaseUrl });
    await db.connect();
    admin = await registerOrganization(t.http);
    const roles = await request(t.http).get('/api/v1/roles').set(admin.auth).expect(200);
    roleIds = Object.fromEntries(roles.body.data.map((r: { name: string; id: number }) => [r.name, r.id]));
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  const createKey = async (session: Session, body: Record<string, unknown> = {}): Promise<CreatedKey> =>
    (
      await request(t.http)
        .post(BASE)
        .set(session.auth)
        .send({ name: unique('key '), ...body })
        .expect(201)
    ).body;
  const withKey = (key: string) => ({ 'X-API-Key': key });

  /** Neither the key nor anything shaped like its SHA-256 hex digest may appear in a response. */
  const expectNoSecrets = (body: unknown, key: string) => {
    const text = JSON.stringify(body);
    expect(text).not.toContain(key);
    expect(text).not.toContain(key.slice(13));
    expect(text).not.toMatch(/[0-9a-f]{64}/i);
    expect(text).not.toMatch(/hash/i);
  };

  describe('creating and reading', () => {
    it('returns the key once, stores only its prefix and hash, and never shows it again', async () => {
      const before = Date.now();
      const created = await createKey(admin, { name: '  CI pipeline  ', role: 'viewer' });
      expect(created).toEqual({
        id: expect.any(Number),
        name: 'CI pipeline',
        keyPrefix: created.key.slice(0, 13),
        role: 'viewer',
        roleId: roleIds.viewer,
        createdById: admin.userId,
        expiresAt: null,
        lastUsedAt: null,
        createdAt: expect.any(String),
        key: expect.stringMatching(/^aura_[A-Za-z0-9_-]{43}$/),
      });
      expect(Date.parse(created.createdAt)).toBeGreaterThanOrEqual(before - 5_000);
      expect(JSON.stringify(created)).not.toMatch(/[0-9a-f]{64}/i);

      const { rows } = await db.query('SELECT key_prefix, key_hash, organization_id FROM api_keys WHERE id = $1', [created.id]);
      expect(rows[0]).toEqual({
        key_prefix: created.keyPrefix,
        key_hash: createHash('sha256').update(created.key).digest('hex'),
        organization_id: admin.organizationId,
      });

      const { key, ...shown } = created;
      const got = await request(t.http).get(`${BASE}/${created.id}`).set(admin.auth).expect(200);
      expect(got.body).toEqual(shown);
      expectNoSecrets(got.body, key);
      const list = await request(t.http).get(BASE).set(admin.auth).expect(200);
      expect(list.body.data).toContainEqual(shown);
      expectNoSecrets(list.body, key);
      const renamed = await request(t.http).patch(`${BASE}/${created.id}`).set(admin.auth).send({ name: 'Renamed' }).expect(200);
      expectNoSecrets(renamed.body, key);
    });

    it("defaults to the creator's own role and accepts roleId, role, or both when they agree", async () => {
      expect((await createKey(admin)).role).toBe('admin');
      expect(await createKey(admin, { roleId: roleIds.analyst })).toMatchObject({ role: 'analyst', roleId: roleIds.analyst });
      expect(await createKey(admin, { role: 'risk_manager', roleId: roleIds.risk_manager })).toMatchObject({ role: 'risk_manager' });
      const disagree = await request(t.http).post(BASE).set(admin.auth).send({ name: 'x', role: 'viewer', roleId: roleIds.analyst });
      expectError(disagree, 400);
    });

    it('accepts an expiry in the future and returns it', async () => {
      const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
      const created = await createKey(admin, { expiresAt });
      expect(created.expiresAt).toBe(expiresAt);
      await request(t.http).get('/api/v1/ai-systems').set(withKey(created.key)).expect(200);
    });

    it('renames a key with PATCH and nothing else changes; the key keeps working', async () => {
      const created = await createKey(admin, { role: 'viewer' });
      const { key, ...shown } = created;
      const renamed = await request(t.http).patch(`${BASE}/${created.id}`).set(admin.auth).send({ name: '  Nightly export ' }).expect(200);
      expect(renamed.body).toEqual({ ...shown, name: 'Nightly export' });
      await request(t.http).get('/api/v1/ai-systems').set(withKey(key)).expect(200);
    });

    it('lists with search, sorting and page meta', async () => {
      const session = await registerOrganization(t.http);
      const names = ['zulu exporter', 'alpha sync', 'mike dashboard', 'alpha backup'];
      const ids: Record<string, number> = {};
      for (const name of names) ids[name] = (await createKey(session, { name })).id;
      const namesOf = (body: { data: Array<{ name: string }> }) => body.data.map((k) => k.name);

      const all = await request(t.http).get(BASE).set(session.auth).expect(200);
      expect(namesOf(all.body)).toEqual([...names].reverse());
      expect(all.body.meta).toEqual({ page: 1, limit: 20, total: 4, totalPages: 1 });

      const search = await request(t.http).get(BASE).set(session.auth).query({ q: 'ALPHA', sort: 'id:desc' }).expect(200);
      expect(namesOf(search.body)).toEqual(['alpha backup', 'alpha sync']);

      const byName = await request(t.http).get(BASE).set(session.auth).query({ sort: 'name:desc', limit: 2, page: 2 }).expect(200);
      expect(namesOf(byName.body)).toEqual(['alpha sync', 'alpha backup']);
      expect(byName.body.meta).toEqual({ page: 2, limit: 2, total: 4, totalPages: 2 });
      for (const sort of ['createdAt:asc', 'lastUsedAt:desc', 'expiresAt:asc', 'name']) {
        await request(t.http).get(BASE).set(session.auth).query({ sort }).expect(200);
      }
    });
  });

  describe('authenticating with a key', () => {
    it("acts with the key's role inside the creator's organization", async () => {
      const viewerKey = await createKey(admin, { role: 'viewer' });
      const managerKey = await createKey(admin, { role: 'risk_manager' });

      await request(t.http).get('/api/v1/ai-systems').set(withKey(viewerKey.key)).expect(200);
      const denied = await request(t.http).post('/api/v1/ai-systems').set(withKey(viewerKey.key)).send({ name: 'Via viewer key' });
      expect(expectError(denied, 403)).toMatch(/ai_systems:write/);

      const created = await request(t.http)
        .post('/api/v1/ai-systems')
        .set(withKey(managerKey.key))
        .send({ name: 'Via manager key' })
        .expect(201);
      expect(created.body).toMatchObject({ name: 'Via manager key', organizationId: admin.organizationId });
      const seen = await request(t.http).get(`/api/v1/ai-systems/${created.body.id}`).set(admin.auth).expect(200);
      expect(seen.body.organizationId).toBe(admin.organizationId);
      const { rows } = await db.query('SELECT organization_id FROM ai_systems WHERE id = $1', [created.body.id]);
      expect(rows[0].organization_id).toBe(admin.organizationId);
    });

    it('shows up in /auth/me as the creator, authenticated by api_key, with the role permissions', async () => {
      const viewerKey = await createKey(admin, { role: 'viewer' });
      const me = await request(t.http).get('/api/v1/auth/me').set(withKey(viewerKey.key)).expect(200);
      expect(me.body).toMatchObject({ id: admin.userId, organizationId: admin.organizationId, authenticatedBy: 'api_key' });
      expect(me.body.permissions).toContain('ai_systems:read');
      expect(me.body.permissions).not.toContain('ai_systems:write');
      expect(me.body.permissions).not.toContain('organization:write');
      expectNoSecrets(me.body, viewerKey.key);
    });

    it('records when a key was last used', async () => {
      const created = await createKey(admin, { role: 'viewer' });
      await request(t.http).get('/api/v1/ai-systems').set(withKey(created.key)).expect(200);
      let lastUsedAt: string | null = null;
      for (let attempt = 0; attempt < 20 && !lastUsedAt; attempt++) {
        lastUsedAt = (await request(t.http).get(`${BASE}/${created.id}`).set(admin.auth).expect(200)).body.lastUsedAt;
        if (!lastUsedAt) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(Date.parse(lastUsedAt!)).toBeGreaterThanOrEqual(Date.parse(created.createdAt));
    });

    it('answers 401 for a wrong, malformed or oversized key', async () => {
      const created = await createKey(admin, { role: 'viewer' });
      const tampered = created.key.slice(0, -1) + (created.key.endsWith('A') ? 'B' : 'A');
      for (const key of [tampered, created.keyPrefix, 'aura_not-a-real-key', 'x'.repeat(500)]) {
        expect(expectError(await request(t.http).get('/api/v1/ai-systems').set(withKey(key)), 401)).toMatch(/API key/);
      }
    });

    it('stops working immediately once deleted', async () => {
      const created = await createKey(admin, { role: 'viewer' });
      await request(t.http).get('/api/v1/ai-systems').set(withKey(created.key)).expect(200);
      await request(t.http).delete(`${BASE}/${created.id}`).set(admin.auth).expect(204);
      expectError(await request(t.http).get('/api/v1/ai-systems').set(withKey(created.key)), 401);
      expectError(await request(t.http).get(`${BASE}/${created.id}`).set(admin.auth), 404);
      expectError(await request(t.http).delete(`${BASE}/${created.id}`).set(admin.auth), 404);
    });

    it('answers 401 once the key has expired', async () => {
      const created = await createKey(admin, { role: 'viewer', expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
      await request(t.http).get('/api/v1/ai-systems').set(withKey(created.key)).expect(200);
      await db.query(`UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = $1`, [created.id]);
      expect(expectError(await request(t.http).get('/api/v1/ai-systems').set(withKey(created.key)), 401)).toMatch(/expired/);
      expectError(await request(t.http).get('/api/v1/auth/me').set(withKey(created.key)), 401);
    });

    it('never carries platform permissions, even with the platform_admin role', async () => {
      const platformAdmin = await createPlatformAdmin(t);
      const created = await createKey(platformAdmin, { role: 'platform_admin' });
      expect(created.role).toBe('platform_admin');
      const me = await request(t.http).get('/api/v1/auth/me').set(withKey(created.key)).expect(200);
      expect(me.body.authenticatedBy).toBe('api_key');
      expect(me.body.permissions).toContain('organization:write');
      for (const permission of PLATFORM_PERMISSIONS) expect(me.body.permissions).not.toContain(permission);

      const adminKey = await createKey(admin, { role: 'admin' });
      const adminMe = await request(t.http).get('/api/v1/auth/me').set(withKey(adminKey.key)).expect(200);
      for (const permission of PLATFORM_PERMISSIONS) expect(adminMe.body.permissions).not.toContain(permission);
    });
  });

  describe('access', () => {
    it('answers 401 without credentials', async () => {
      expectError(await request(t.http).get(BASE), 401);
      expectError(await request(t.http).post(BASE).send({ name: 'x' }), 401);
      expectError(await request(t.http).get(`${BASE}/1`), 401);
      expectError(await request(t.http).patch(`${BASE}/1`).send({ name: 'x' }), 401);
      expectError(await request(t.http).delete(`${BASE}/1`), 401);
    });

    it('answers 403 on every route to a risk manager, a viewer and a key without organization:write', async () => {
      const existing = await createKey(admin, { role: 'viewer' });
      const riskManager = await createUserWithRole(t.http, admin, 'risk_manager');
      const viewer = await createUserWithRole(t.http, admin, 'viewer');
      const managerKey = await createKey(admin, { role: 'risk_manager' });
      for (const auth of [riskManager.auth, viewer.auth, withKey(managerKey.key)]) {
        const calls = [
          request(t.http).get(BASE).set(auth),
          request(t.http).get(`${BASE}/${existing.id}`).set(auth),
          request(t.http).post(BASE).set(auth).send({ name: 'Not allowed', role: 'viewer' }),
          request(t.http).patch(`${BASE}/${existing.id}`).set(auth).send({ name: 'Not allowed' }),
          request(t.http).delete(`${BASE}/${existing.id}`).set(auth),
        ];
        for (const call of calls) expect(expectError(await call, 403)).toMatch(/organization:write/);
      }
      const { key, ...shown } = existing;
      expect((await request(t.http).get(`${BASE}/${existing.id}`).set(admin.auth).expect(200)).body).toEqual(shown);
      await request(t.http).get('/api/v1/ai-systems').set(withKey(key)).expect(200);
    });

    it('lets a key with organization:write manage keys, created on behalf of its creator', async () => {
      const adminKey = await createKey(admin, { role: 'admin' });
      const created = (await request(t.http).post(BASE).set(withKey(adminKey.key)).send({ name: 'From a key', role: 'viewer' }).expect(201))
        .body as CreatedKey;
      expect(created).toMatchObject({ role: 'viewer', createdById: admin.userId });
      await request(t.http).get('/api/v1/ai-systems').set(withKey(created.key)).expect(200);
    });

    it('refuses to create a key with a role holding permissions the caller lacks', async () => {
      const byName = await request(t.http).post(BASE).set(admin.auth).send({ name: 'Escalation', role: 'platform_admin' });
      expect(expectError(byName, 403)).toMatch(/platform_admin/);
      const byId = await request(t.http).post(BASE).set(admin.auth).send({ name: 'Escalation', roleId: roleIds.platform_admin });
      expectError(byId, 403);
      const list = await request(t.http).get(BASE).set(admin.auth).query({ q: 'Escalation' }).expect(200);
      expect(list.body.meta.total).toBe(0);
    });
  });

  describe('tenancy', () => {
    it("answers 404 for another organization's key, leaves it working, and lists only one's own keys", async () => {
      const other = await registerOrganization(t.http);
      const foreign = await createKey(other, { name: unique('foreign '), role: 'viewer' });
      const own = await createKey(admin, { name: unique('own '), role: 'viewer' });

      expect(expectError(await request(t.http).get(`${BASE}/${foreign.id}`).set(admin.auth), 404)).toBe(`API key ${foreign.id} not found`);
      expectError(await request(t.http).patch(`${BASE}/${foreign.id}`).set(admin.auth).send({ name: 'Hijacked' }), 404);
      expectError(await request(t.http).delete(`${BASE}/${foreign.id}`).set(admin.auth), 404);

      const { key, ...shown } = foreign;
      expect((await request(t.http).get(`${BASE}/${foreign.id}`).set(other.auth).expect(200)).body).toEqual(shown);
      const me = await request(t.http).get('/api/v1/auth/me').set(withKey(key)).expect(200);
      expect(me.body.organizationId).toBe(other.organizationId);

      const otherList = await request(t.http).get(BASE).set(other.auth).query({ limit: 100 }).expect(200);
      expect(otherList.body.data.map((k: { id: number }) => k.id)).toEqual([foreign.id]);
      const ownList = await request(t.http).get(BASE).set(admin.auth).query({ limit: 100 }).expect(200);
      const ownIds = ownList.body.data.map((k: { id: number }) => k.id);
      expect(ownIds).toContain(own.id);
      expect(ownIds).not.toContain(foreign.id);
      const { rows } = await db.query('SELECT id FROM api_keys WHERE organization_id = $1', [admin.organizationId]);
      expect(ownList.body.meta.total).toBe(rows.length);
    });

    it("a key only ever sees its own organization's data", async () => {
      const other = await registerOrganization(t.http);
      const foreignSystem = await request(t.http).post('/api/v1/ai-systems').set(other.auth).send({ name: 'Theirs' }).expect(201);
      const ownKey = await createKey(admin, { role: 'admin' });
      expectError(await request(t.http).get(`/api/v1/ai-systems/${foreignSystem.body.id}`).set(withKey(ownKey.key)), 404);
      const list = await request(t.http).get('/api/v1/ai-systems').set(withKey(ownKey.key)).query({ limit: 100 }).expect(200);
      for (const system of list.body.data) expect(system.organizationId).toBe(admin.organizationId);
    });
  });

  describe('validation', () => {
    it('rejects invalid create bodies with 400 naming the field, creating nothing', async () => {
      const past = new Date(Date.now() - 60_000).toISOString();
      const cases: Array<[Record<string, unknown>, RegExp]> = [
        [{}, /name/],
        [{ name: '' }, /name/],
        [{ name: '   ' }, /name/],
        [{ name: 'x'.repeat(101) }, /name/],
        [{ name: 42 }, /name/],
        [{ name: 'v', role: 'superuser' }, /role/],
        [{ name: 'v', role: 7 }, /role/],
        [{ name: 'v', roleId: 'abc' }, /roleId/],
        [{ name: 'v', roleId: 0 }, /roleId/],
        [{ name: 'v', roleId: 999_999 }, /roleId/],
        [{ name: 'v', expiresAt: past }, /expiresAt/],
        [{ name: 'v', expiresAt: 'next tuesday' }, /expiresAt/],
        [{ name: 'v', expiresAt: 1_900_000_000 }, /expiresAt/],
        [{ name: 'v', keyHash: 'a'.repeat(64) }, /keyHash/],
        [{ name: 'v', key: 'aura_chosen-by-me' }, /\bkey\b/],
        [{ name: 'v', organizationId: 1 }, /organizationId/],
      ];
      const before = (await db.query('SELECT count(*)::int AS n FROM api_keys')).rows[0].n;
      for (const [body, field] of cases) {
        const res = await request(t.http).post(BASE).set(admin.auth).send(body);
        expect(expectError(res, 400)).toMatch(field);
      }
      expect((await db.query('SELECT count(*)::int AS n FROM api_keys')).rows[0].n).toBe(before);
    });

    it('PATCH renames only: other fields and bad names are 400', async () => {
      const created = await createKey(admin, { role: 'viewer' });
      const cases: Array<[Record<string, unknown>, RegExp]> = [
        [{}, /name/],
        [{ name: null }, /name/],
        [{ name: 'x'.repeat(101) }, /name/],
        [{ name: 'ok', role: 'admin' }, /role/],
        [{ name: 'ok', roleId: roleIds.admin }, /roleId/],
        [{ name: 'ok', expiresAt: null }, /expiresAt/],
      ];
      for (const [body, field] of cases) {
        const res = await request(t.http).patch(`${BASE}/${created.id}`).set(admin.auth).send(body);
        expect(expectError(res, 400)).toMatch(field);
      }
      const { key: _key, ...shown } = created;
      expect((await request(t.http).get(`${BASE}/${created.id}`).set(admin.auth).expect(200)).body).toEqual(shown);
    });

    it('rejects bad ids and list parameters with 400', async () => {
      for (const id of ['abc', '0', '1.5', '99999999999']) {
        expectError(await request(t.http).get(`${BASE}/${id}`).set(admin.auth), 400);
        expectError(await request(t.http).patch(`${BASE}/${id}`).set(admin.auth).send({ name: 'x' }), 400);
        expectError(await request(t.http).delete(`${BASE}/${id}`).set(admin.auth), 400);
      }
      const cases: Array<[Record<string, string>, RegExp]> = [
        [{ page: '0' }, /page/],
        [{ limit: '101' }, /limit/],
        [{ sort: 'keyHash:asc' }, /sort/],
        [{ sort: 'name:up' }, /sort/],
        [{ role: 'viewer' }, /role/],
      ];
      for (const [query, field] of cases) {
        expect(expectError(await request(t.http).get(BASE).set(admin.auth).query(query), 400)).toMatch(field);
      }
    });
  });
});
