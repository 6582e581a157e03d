import { jest } from '@jest/globals';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { BUILT_IN_ROLES } from '../../src/common/permissions/permissions.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { createPlatformAdmin, createUserWithRole, expectError, registerOrganization, unique, type Session } from '../support/factories.js';

// jest.config.js sets testTimeout per project, which Jest ignores (it reads only the global value).

const PASSWORD = 'a-good-password';

/** Fails when any object in the JSON has a `password` key or any value looks like an argon2 hash. */
function expectNoSecrets(body: unknown): void {
  expect(JSON.stringify(body)).not.toMatch(/argon2/i);
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      expect(Object.keys(value).map((k) => k.toLowerCase())).not.toContain('password');
      Object.values(value).forEach(walk);
    }
  };
  walk(body);
}

describe('Users (/api/v1/users)', () => {
  let t: TestApp;
  let db: DataSource;
  let admin: Session;
  let roleIds: Record<string, number>;

  const newUser = (overrides: Record<string, unknown> = {}) => {
    const username = unique('member');
    return { username, email: `${username}@example.com`, password: PASSWORD, ...overrides };
  };
  const create = (session: Session, body: unknown) =>
    request(t.http)
      .post('/api/v1/users')
      .set(session.auth)
      .send(body as object);
  const patch = (session: Session, id: number | string, body: unknown) =>
    request(t.http)
      .patch(`/api/v1/users/${id}`)
      .set(session.auth)
      .send(body as object);
  const get = (session: Session, id: number | string) => request(t.http).get(`/api/v1/users/${id}`).set(session.auth);
  const remove = (session: Session, id: number | string) => request(t.http).delete(`/api/v1/users/${id}`).set(session.auth);
  const list = (session: Session, query: Record<string, string | number | boolean> = {}) =>
    request(t.http).get('/api/v1/users').query(query).set(session.auth);
  const login = (email: string, password: string) => request(t.http).post('/api/v1/auth/login').send({ email, password });
  const userRow = async (id: number) =>
    (await db.query('SELECT username, email, password, active, role_id, first_name FROM users WHERE id = $1', [id]))[0] as
      { username: string; email: string; password: string; active: boolean; role_id: number; first_name: string | null } | undefined;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    admin = await registerOrganization(t.http);
    const roles = await request(t.http).get('/api/v1/roles').set(admin.auth).expect(200);
    roleIds = Object.fromEntries(roles.body.data.map((r: { name: string; id: number }) => [r.name, r.id]));
  });
  afterAll(() => t.close());

  describe('create', () => {
    it.each(['admin', 'risk_manager', 'compliance_officer', 'analyst', 'viewer'])(
      'creates a %s by role name and by roleId, and the new users sign in with that role',
      async (role) => {
        for (const selector of [{ role }, { roleId: roleIds[role] }]) {
          const body = newUser({ ...selector, firstName: 'Grace', lastName: 'Hopper' });
          const res = await create(admin, body).expect(201);
          expect(res.body).toEqual({
            id: expect.any(Number),
            username: body.username,
            email: body.email,
            firstName: 'Grace',
            lastName: 'Hopper',
            avatarUrl: null,
            active: true,
            organizationId: admin.organizationId,
            roleId: roleIds[role],
            role,
            createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*Z$/),
            updatedAt: expect.any(String),
            lastLoginAt: null,
          });
          expectNoSecrets(res.body);

          const signedIn = await login(body.email, PASSWORD).expect(200);
          expect(signedIn.body.user).toMatchObject({ id: res.body.id, role, organizationId: admin.organizationId });
          const expected = BUILT_IN_ROLES.find((r) => r.name === role)!.permissions;
          expect(signedIn.body.user.permissions).toEqual([...expected].sort());
        }
      },
    );

    it('defaults to the viewer role, stores the email lower-cased and trims the username', async () => {
      const username = unique('Mixed');
      const res = await create(admin, {
        username: `  ${username} `,
        email: `${username.toUpperCase()}@Example.COM`,
        password: PASSWORD,
      }).expect(201);
      expect(res.body).toMatchObject({ username, email: `${username.toLowerCase()}@example.com`, role: 'viewer', roleId: roleIds.viewer });
    });

    it('accepts roleId and role together when they name the same role, and refuses them when they differ', async () => {
      const same = await create(admin, newUser({ roleId: roleIds.analyst, role: 'analyst' })).expect(201);
      expect(same.body.role).toBe('analyst');
      const differ = await create(admin, newUser({ roleId: roleIds.analyst, role: 'viewer' }));
      expect(expectError(differ, 400)).toMatch(/roleId/);
    });

    it('creates an inactive user who cannot sign in', async () => {
      const body = newUser({ active: false });
      const res = await create(admin, body).expect(201);
      expect(res.body.active).toBe(false);
      expect(expectError(await login(body.email, PASSWORD), 401)).toMatch(/deactivated/);
    });

    it('answers 409 for a duplicate username or email, case-insensitively, and creates nothing', async () => {
      const existing = await create(admin, newUser()).expect(201);
      const otherOrgAdmin = await registerOrganization(t.http);
      const cases: Array<[Record<string, unknown>, RegExp]> = [
        [newUser({ username: existing.body.username.toUpperCase() }), /username/],
        [newUser({ email: existing.body.email.toUpperCase() }), /email/],
        [newUser({ email: ` ${existing.body.email} ` }), /email/],
      ];
      for (const [body, field] of cases) {
        expect(expectError(await create(admin, body), 409)).toMatch(field);
        // Usernames and emails are unique across the platform, not per organization.
        expect(expectError(await create(otherOrgAdmin, body), 409)).toMatch(field);
      }
      const [{ count }] = await db.query('SELECT count(*)::int AS count FROM users WHERE lower(email) = lower($1)', [existing.body.email]);
      expect(count).toBe(1);
    });

    it('rejects invalid bodies with 400 naming the field and creates nothing', async () => {
      const cases: Array<[Record<string, unknown>, RegExp]> = [
        [{ email: 'a@example.com', password: PASSWORD }, /username/],
        [{ username: unique('u'), password: PASSWORD }, /email/],
        [{ username: unique('u'), email: `${unique('e')}@example.com` }, /password/],
        [newUser({ email: 'not-an-email' }), /email/],
        [newUser({ email: 42 }), /email/],
        [newUser({ password: 'short' }), /password/],
        [newUser({ password: 12345678 }), /password/],
        [newUser({ password: 'x'.repeat(300) }), /password/],
        [newUser({ username: 'ab' }), /username/],
        [newUser({ username: 'has spaces' }), /username/],
        [newUser({ username: 'x'.repeat(51) }), /username/],
        [newUser({ username: null }), /username/],
        [newUser({ firstName: 7 }), /firstName/],
        [newUser({ lastName: 'x'.repeat(101) }), /lastName/],
        [newUser({ avatarUrl: 'x'.repeat(2001) }), /avatarUrl/],
        [newUser({ active: 'yes' }), /active/],
        [newUser({ isAdmin: true }), /isAdmin/],
        [newUser({ organizationId: 1 }), /organizationId/],
        [newUser({ role: 'superuser' }), /role/],
        [newUser({ role: 42 }), /role/],
        // A null role must not reach the lookup, where TypeORM would drop the condition and match any role.
        [newUser({ role: null }), /role/],
        [newUser({ roleId: null }), /roleId/],
        [newUser({ roleId: 2_000_000 }), /roleId/],
        [newUser({ roleId: 0 }), /roleId/],
        [newUser({ roleId: '2' }), /roleId/],
        [newUser({ roleId: 99_999_999_999 }), /roleId/],
      ];
      for (const [body, field] of cases) {
        const res = await create(admin, body);
        expect(expectError(res, 400)).toMatch(field);
        if (typeof body.username === 'string')
          expect(await db.query('SELECT 1 FROM users WHERE username = $1', [body.username])).toHaveLength(0);
      }
    });

    it('answers 400, never 500, for a NUL byte (which PostgreSQL text cannot store) or a body that is not a JSON object', async () => {
      expectError(await create(admin, newUser({ firstName: 'a\u0000b' })), 400);
      expectError(await list(admin, { q: 'a\u0000b' }), 400);
      for (const raw of ['[]', '"text"', 'null', '42', '{"username":']) {
        expectError(await request(t.http).post('/api/v1/users').set(admin.auth).set('Content-Type', 'application/json').send(raw), 400);
      }
    });
  });

  describe('list and get', () => {
    let owner: Session;
    let members: Array<{ id: number; username: string; role: string; active: boolean }>;
    const tag = unique('zeta');

    beforeAll(async () => {
      owner = await registerOrganization(t.http);
      members = [];
      const specs: Array<[string, string, boolean]> = [
        ['alpha', 'viewer', true],
        ['bravo', 'analyst', true],
        ['charlie', 'viewer', false],
        ['delta', 'risk_manager', true],
        ['echo', 'viewer', true],
      ];
      for (const [name, role, active] of specs) {
        const username = `${name}-${tag}`;
        const res = await create(owner, {
          username,
          email: `${username}@example.com`,
          password: PASSWORD,
          role,
          active,
          lastName: name.toUpperCase(),
        }).expect(201);
        members.push({ id: res.body.id, username, role, active });
      }
    });

    it('pages through the organization’s users, newest first, with meta', async () => {
      const newestFirst = [...members.map((m) => m.id)].reverse().concat(owner.userId);
      const all = await list(owner).expect(200);
      expect(all.body.meta).toEqual({ page: 1, limit: 20, total: 6, totalPages: 1 });
      expect(all.body.data.map((u: { id: number }) => u.id)).toEqual(newestFirst);
      expectNoSecrets(all.body);

      const page2 = await list(owner, { page: 2, limit: 4 }).expect(200);
      expect(page2.body.meta).toEqual({ page: 2, limit: 4, total: 6, totalPages: 2 });
      expect(page2.body.data.map((u: { id: number }) => u.id)).toEqual(newestFirst.slice(4));

      const beyond = await list(owner, { page: 9, limit: 4 }).expect(200);
      expect(beyond.body).toEqual({ data: [], meta: { page: 9, limit: 4, total: 6, totalPages: 2 } });
    });

    it('filters by roleId, role name, active and q, and sorts', async () => {
      const ids = (res: request.Response) => res.body.data.map((u: { id: number }) => u.id);
      const byName = (...names: string[]) => names.map((n) => members.find((m) => m.username.startsWith(`${n}-`))!.id);

      expect(ids(await list(owner, { roleId: roleIds.viewer }).expect(200))).toEqual(byName('echo', 'charlie', 'alpha'));
      expect(ids(await list(owner, { role: 'viewer' }).expect(200))).toEqual(byName('echo', 'charlie', 'alpha'));
      expect(ids(await list(owner, { role: 'admin' }).expect(200))).toEqual([owner.userId]);
      expect(ids(await list(owner, { role: 'no_such_role' }).expect(200))).toEqual([]);
      expect(ids(await list(owner, { active: false }).expect(200))).toEqual(byName('charlie'));
      expect(ids(await list(owner, { active: true, role: 'viewer' }).expect(200))).toEqual(byName('echo', 'alpha'));
      expect(ids(await list(owner, { q: 'BRAVO' }).expect(200))).toEqual(byName('bravo'));
      expect(ids(await list(owner, { q: `delta-${tag}@EXAMPLE` }).expect(200))).toEqual(byName('delta'));
      expect(ids(await list(owner, { q: 'ECHO', roleId: roleIds.viewer }).expect(200))).toEqual(byName('echo'));
      expect(ids(await list(owner, { q: '%' }).expect(200))).toEqual([]);

      const filtered = await list(owner, { role: 'viewer', limit: 2 }).expect(200);
      expect(filtered.body.meta).toEqual({ page: 1, limit: 2, total: 3, totalPages: 2 });

      const desc = await list(owner, { sort: 'lastName:desc', q: tag }).expect(200);
      expect(ids(desc)).toEqual(byName('echo', 'delta', 'charlie', 'bravo', 'alpha'));
      const asc = await list(owner, { sort: 'username:asc', q: tag }).expect(200);
      expect(ids(asc)).toEqual(byName('alpha', 'bravo', 'charlie', 'delta', 'echo'));
      const oldestFirst = await list(owner, { sort: 'createdAt:asc' }).expect(200);
      expect(ids(oldestFirst)).toEqual([owner.userId, ...byName('alpha', 'bravo', 'charlie', 'delta', 'echo')]);
      const multi = await list(owner, { sort: 'active:asc,username:desc', q: tag }).expect(200);
      expect(ids(multi)).toEqual(byName('charlie', 'echo', 'delta', 'bravo', 'alpha'));
    });

    it('rejects invalid list queries with 400 naming the parameter', async () => {
      const cases: Array<[Record<string, string | number>, RegExp]> = [
        [{ active: 'yes' }, /active/],
        [{ roleId: 'abc' }, /roleId/],
        [{ roleId: 0 }, /roleId/],
        [{ sort: 'password:asc' }, /sort/],
        [{ sort: 'username:sideways' }, /sort/],
        [{ limit: 0 }, /limit/],
        [{ limit: 101 }, /limit/],
        [{ page: 0 }, /page/],
        [{ page: 'x' }, /page/],
        [{ q: 'x'.repeat(201) }, /q/],
        [{ organizationId: 1 }, /organizationId/],
      ];
      for (const [query, field] of cases) expect(expectError(await list(owner, query), 400)).toMatch(field);
    });

    it('gets one user, and answers 400 for bad ids and 404 for unknown ones', async () => {
      const res = await get(owner, members[1].id).expect(200);
      expect(res.body).toMatchObject({
        id: members[1].id,
        username: members[1].username,
        role: 'analyst',
        roleId: roleIds.analyst,
        lastName: 'BRAVO',
      });
      expectNoSecrets(res.body);
      for (const bad of ['abc', '0', '-1', '1.5', '99999999999']) {
        expect(expectError(await get(owner, bad), 400)).toMatch(/id/);
        expect(expectError(await patch(owner, bad, { firstName: 'X' }), 400)).toMatch(/id/);
        expect(expectError(await remove(owner, bad), 400)).toMatch(/id/);
      }
      expectError(await get(owner, 2_147_483_647), 404);
      expectError(await patch(owner, 2_147_483_647, { firstName: 'X' }), 404);
      expectError(await remove(owner, 2_147_483_647), 404);
    });
  });

  describe('update', () => {
    it('updates names, email, avatar, active and role', async () => {
      const created = await create(admin, newUser({ role: 'viewer', firstName: 'Old' })).expect(201);
      const email = `${unique('renamed')}@example.com`;
      const res = await patch(admin, created.body.id, {
        firstName: 'New',
        lastName: 'Name',
        avatarUrl: 'https://example.com/a.png',
        email: email.toUpperCase(),
        role: 'compliance_officer',
      }).expect(200);
      expect(res.body).toMatchObject({
        id: created.body.id,
        username: created.body.username,
        firstName: 'New',
        lastName: 'Name',
        avatarUrl: 'https://example.com/a.png',
        email,
        role: 'compliance_officer',
        roleId: roleIds.compliance_officer,
        active: true,
      });
      expect(new Date(res.body.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(created.body.updatedAt).getTime());
      expectNoSecrets(res.body);

      const cleared = await patch(admin, created.body.id, {
        firstName: null,
        avatarUrl: null,
        roleId: roleIds.analyst,
        active: false,
      }).expect(200);
      expect(cleared.body).toMatchObject({ firstName: null, lastName: 'Name', avatarUrl: null, role: 'analyst', active: false });
      expect(
        await get(admin, created.body.id)
          .expect(200)
          .then((r) => r.body),
      ).toEqual(cleared.body);
      expect(expectError(await login(email, PASSWORD), 401)).toMatch(/deactivated/);
      await patch(admin, created.body.id, { active: true }).expect(200);
      await login(email, PASSWORD).expect(200);
    });

    it('changes the password: the new one signs in, the old one does not', async () => {
      const body = newUser({ role: 'analyst' });
      const created = await create(admin, body).expect(201);
      const res = await patch(admin, created.body.id, { password: 'a-brand-new-password' }).expect(200);
      expectNoSecrets(res.body);
      expect((await userRow(created.body.id))!.password).toMatch(/^\$argon2id\$/);
      expectError(await login(body.email, PASSWORD), 401);
      await login(body.email, 'a-brand-new-password').expect(200);
    });

    it('lets a user’s role change take effect on their next request', async () => {
      const viewer = await createUserWithRole(t.http, admin, 'viewer');
      expectError(await request(t.http).post('/api/v1/ai-systems').set(viewer.auth).send({ name: 'X' }), 403);
      await patch(admin, viewer.userId, { role: 'risk_manager' }).expect(200);
      await request(t.http).post('/api/v1/ai-systems').set(viewer.auth).send({ name: 'X' }).expect(201);
    });

    it('answers 409 for a username or email already in use, case-insensitively, and changes nothing', async () => {
      const first = await create(admin, newUser()).expect(201);
      const second = await create(admin, newUser()).expect(201);
      const other = await registerOrganization(t.http);
      const otherUsername = (await request(t.http).get('/api/v1/auth/me').set(other.auth)).body.username as string;
      const cases: Array<[Record<string, unknown>, RegExp]> = [
        [{ username: first.body.username.toUpperCase() }, /username/],
        [{ email: first.body.email.toUpperCase() }, /email/],
        [{ username: otherUsername }, /username/],
        [{ email: other.email }, /email/],
      ];
      for (const [body, field] of cases) expect(expectError(await patch(admin, second.body.id, body), 409)).toMatch(field);
      expect(
        await get(admin, second.body.id)
          .expect(200)
          .then((r) => r.body),
      ).toEqual(second.body);
      // Re-sending one's own username or email in another case is not a conflict.
      await patch(admin, second.body.id, { username: second.body.username.toUpperCase(), email: second.body.email.toUpperCase() }).expect(
        200,
      );
    });

    it('rejects invalid updates with 400 naming the field and changes nothing', async () => {
      const target = await create(admin, newUser({ firstName: 'Kept' })).expect(201);
      const cases: Array<[Record<string, unknown>, RegExp]> = [
        [{ username: null }, /username/],
        [{ email: null }, /email/],
        [{ email: 'nope' }, /email/],
        [{ password: 'short' }, /password/],
        [{ password: null }, /password/],
        [{ active: null }, /active/],
        [{ active: 'false' }, /active/],
        [{ firstName: '' }, /firstName/],
        [{ role: 'superuser' }, /role/],
        [{ roleId: 2_000_000 }, /roleId/],
        [{ roleId: null }, /roleId/],
        [{ role: null }, /role/],
        [{ organizationId: 99 }, /organizationId/],
        [{ id: 5 }, /\bid\b/],
        [{ createdAt: '2020-01-01' }, /createdAt/],
      ];
      for (const [body, field] of cases) expect(expectError(await patch(admin, target.body.id, body), 400)).toMatch(field);
      expect(
        await get(admin, target.body.id)
          .expect(200)
          .then((r) => r.body),
      ).toEqual(target.body);
      for (const raw of ['[]', '"text"', 'null']) {
        expectError(
          await request(t.http).patch(`/api/v1/users/${target.body.id}`).set(admin.auth).set('Content-Type', 'application/json').send(raw),
          400,
        );
      }
    });
  });

  describe('delete', () => {
    it('answers 204; the user can no longer sign in or use their token, and their records stay', async () => {
      const member = await createUserWithRole(t.http, admin, 'risk_manager');
      const system = await request(t.http)
        .post('/api/v1/ai-systems')
        .set(member.auth)
        .send({ name: 'Owned', ownerId: member.userId })
        .expect(201);
      const [risk] = await db.query(
        `INSERT INTO risk_items (title, severity, impact, likelihood, category, created_by_id, organization_id)
         VALUES ('Recorded by member', 'low', 'low', 'low', 'other', $1, $2) RETURNING id`,
        [member.userId, admin.organizationId],
      );

      const res = await remove(admin, member.userId).expect(204);
      expect(res.text).toBe('');
      expectError(await get(admin, member.userId), 404);
      expectError(await remove(admin, member.userId), 404);
      expectError(await login(member.email, member.password), 401);
      expectError(await request(t.http).get('/api/v1/auth/me').set(member.auth), 401);
      expect(await userRow(member.userId)).toBeUndefined();

      const kept = await request(t.http).get(`/api/v1/ai-systems/${system.body.id}`).set(admin.auth).expect(200);
      expect(kept.body).toMatchObject({ name: 'Owned', ownerId: null });
      expect(await db.query('SELECT title, created_by_id FROM risk_items WHERE id = $1', [risk.id])).toEqual([
        { title: 'Recorded by member', created_by_id: null },
      ]);
    });
  });

  describe('privilege rules', () => {
    it('refuses (403) to let an admin grant platform_admin, on create and on update', async () => {
      const username = unique('escalate');
      for (const selector of [{ role: 'platform_admin' }, { roleId: roleIds.platform_admin }]) {
        const res = await create(admin, { ...newUser({ username, email: `${username}@example.com` }), ...selector });
        expect(expectError(res, 403)).toMatch(/platform_admin/);
      }
      expect(await db.query('SELECT 1 FROM users WHERE username = $1', [username])).toHaveLength(0);

      const target = await create(admin, newUser({ role: 'analyst' })).expect(201);
      for (const selector of [{ role: 'platform_admin' }, { roleId: roleIds.platform_admin }]) {
        expect(expectError(await patch(admin, target.body.id, { ...selector, firstName: 'Sneaky' }), 403)).toMatch(/platform_admin/);
      }
      expect(
        await get(admin, target.body.id)
          .expect(200)
          .then((r) => r.body),
      ).toEqual(target.body);
    });

    it('refuses (403) to let admins change their own role, deactivate or delete themselves', async () => {
      const self = await registerOrganization(t.http);
      const before = await get(self, self.userId).expect(200);
      expect(expectError(await patch(self, self.userId, { role: 'viewer' }), 403)).toMatch(/own role/);
      expect(expectError(await patch(self, self.userId, { roleId: roleIds.analyst }), 403)).toMatch(/own role/);
      expect(expectError(await patch(self, self.userId, { active: false }), 403)).toMatch(/deactivate/);
      expect(expectError(await remove(self, self.userId), 403)).toMatch(/delete/);
      expect(
        await get(self, self.userId)
          .expect(200)
          .then((r) => r.body),
      ).toEqual(before.body);

      // Editing one's own profile, and restating one's current role, is fine.
      const renamed = await patch(self, self.userId, { firstName: 'Me', role: 'admin', active: true }).expect(200);
      expect(renamed.body).toMatchObject({ firstName: 'Me', role: 'admin', active: true });
      await request(t.http).get('/api/v1/auth/me').set(self.auth).expect(200);
    });

    it('lets an admin manage other admins of the organization', async () => {
      const peer = await createUserWithRole(t.http, admin, 'admin');
      await patch(admin, peer.userId, { role: 'viewer' }).expect(200);
      await remove(admin, peer.userId).expect(204);
    });

    it('lets a platform admin grant platform_admin, but an admin cannot edit or delete a platform admin of the same organization', async () => {
      const platformAdmin = await createPlatformAdmin(t);
      const me = await request(t.http).get('/api/v1/auth/me').set(platformAdmin.auth).expect(200);
      expect(me.body.role).toBe('platform_admin');

      const secondPlatformAdmin = await create(platformAdmin, newUser({ role: 'platform_admin' })).expect(201);
      expect(secondPlatformAdmin.body).toMatchObject({ role: 'platform_admin', organizationId: platformAdmin.organizationId });
      const promoted = await create(platformAdmin, newUser({ role: 'viewer' })).expect(201);
      await patch(platformAdmin, promoted.body.id, { roleId: roleIds.platform_admin }).expect(200);

      const orgAdmin = await createUserWithRole(t.http, platformAdmin, 'admin');
      for (const target of [platformAdmin.userId, secondPlatformAdmin.body.id, promoted.body.id]) {
        const before = await get(orgAdmin, target).expect(200);
        expect(expectError(await patch(orgAdmin, target, { firstName: 'Hijacked' }), 403)).toMatch(/platform_admin/);
        expect(expectError(await patch(orgAdmin, target, { password: 'taken-over-password' }), 403)).toMatch(/platform_admin/);
        expect(expectError(await patch(orgAdmin, target, { role: 'viewer' }), 403)).toMatch(/platform_admin/);
        expect(expectError(await remove(orgAdmin, target), 403)).toMatch(/platform_admin/);
        expect(
          await get(orgAdmin, target)
            .expect(200)
            .then((r) => r.body),
        ).toEqual(before.body);
      }
      await login(platformAdmin.email, platformAdmin.password).expect(200);
      expect(expectError(await create(orgAdmin, newUser({ role: 'platform_admin' })), 403)).toMatch(/platform_admin/);

      // The platform admin can in turn demote and remove the other platform admins.
      await patch(platformAdmin, promoted.body.id, { role: 'viewer' }).expect(200);
      await remove(platformAdmin, secondPlatformAdmin.body.id).expect(204);
    });
  });

  describe('access', () => {
    it('lets a viewer read but refuses every write with 403, changing nothing', async () => {
      const viewer = await createUserWithRole(t.http, admin, 'viewer');
      const target = await create(admin, newUser({ role: 'analyst' })).expect(201);
      await list(viewer).expect(200);
      await get(viewer, target.body.id).expect(200);

      expect(expectError(await create(viewer, newUser()), 403)).toMatch(/users:write/);
      expectError(await patch(viewer, target.body.id, { firstName: 'Changed' }), 403);
      expectError(await patch(viewer, viewer.userId, { role: 'admin' }), 403);
      expectError(await remove(viewer, target.body.id), 403);
      expect(
        await get(admin, target.body.id)
          .expect(200)
          .then((r) => r.body),
      ).toEqual(target.body);
    });

    it.each(['risk_manager', 'compliance_officer', 'analyst'])('refuses writes to a %s (no users:write)', async (role) => {
      const member = await createUserWithRole(t.http, admin, role);
      await list(member).expect(200);
      expectError(await create(member, newUser()), 403);
      expectError(await patch(member, member.userId, { role: 'admin' }), 403);
    });

    it('answers 401 without a valid token on every route', async () => {
      const id = admin.userId;
      expectError(await request(t.http).get('/api/v1/users'), 401);
      expectError(await request(t.http).get(`/api/v1/users/${id}`), 401);
      expectError(await request(t.http).post('/api/v1/users').send(newUser()), 401);
      expectError(await request(t.http).patch(`/api/v1/users/${id}`).send({ firstName: 'X' }), 401);
      expectError(await request(t.http).delete(`/api/v1/users/${id}`), 401);
      expectError(await request(t.http).get('/api/v1/users').set('Authorization', 'Bearer not.a.jwt'), 401);
    });

    it('hides other organizations’ users: 404 on get, update and delete, absent from lists, rows unchanged', async () => {
      const other = await registerOrganization(t.http);
      const foreign = await create(other, newUser({ role: 'analyst', firstName: 'Foreign' })).expect(201);
      const before = await userRow(foreign.body.id);

      for (const id of [foreign.body.id, other.userId]) {
        expect(expectError(await get(admin, id), 404)).not.toMatch(/organization/i);
        expectError(await patch(admin, id, { firstName: 'Mine', password: 'hijack-password', active: false }), 404);
        expectError(await remove(admin, id), 404);
      }
      expect(await userRow(foreign.body.id)).toEqual(before);
      await login(other.email, other.password).expect(200);

      const mine = await list(admin, { limit: 100 }).expect(200);
      expect(mine.body.data.length).toBeGreaterThan(0);
      expect(mine.body.data.every((u: { organizationId: number }) => u.organizationId === admin.organizationId)).toBe(true);
      expect(mine.body.data.map((u: { id: number }) => u.id)).not.toContain(foreign.body.id);
      expect((await list(admin, { q: foreign.body.username }).expect(200)).body.meta.total).toBe(0);
      const theirs = await list(other).expect(200);
      expect(theirs.body.data.map((u: { id: number }) => u.id)).toEqual([foreign.body.id, other.userId]);
    });
  });
});
