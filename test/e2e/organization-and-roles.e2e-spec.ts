import { jest } from '@jest/globals';
import request from 'supertest';
import { ALL_PERMISSIONS, BUILT_IN_ROLES } from '../../src/common/permissions/permissions.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { createUserWithRole, expectError, registerOrganization, unique, type Session } from '../support/factories.js';

// jest.config.js sets testTimeout per project, which Jest ignores (it reads only the global value).

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('Organization (/api/v1/organizations/current)', () => {
  let admin: Session;
  let viewer: Session;
  let other: Session;

  const getCurrent = (session: Session) => request(t.http).get('/api/v1/organizations/current').set(session.auth);
  const patchCurrent = (session: Session, body: unknown) =>
    request(t.http)
      .patch('/api/v1/organizations/current')
      .set(session.auth)
      .send(body as object);

  beforeAll(async () => {
    admin = await registerOrganization(t.http, { organizationName: 'Acme Original' });
    viewer = await createUserWithRole(t.http, admin, 'viewer');
    other = await registerOrganization(t.http, { organizationName: 'Other Corp' });
  });

  it('returns the caller’s organization to any member', async () => {
    const res = await getCurrent(admin).expect(200);
    expect(res.body).toEqual({
      id: admin.organizationId,
      name: 'Acme Original',
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*Z$/),
    });
    expect((await getCurrent(viewer).expect(200)).body).toEqual(res.body);
    expect((await getCurrent(other).expect(200)).body).toMatchObject({ id: other.organizationId, name: 'Other Corp' });
  });

  it('renames the organization for an admin, trimming the name, without touching another organization', async () => {
    const name = unique('Acme Renamed ');
    const res = await patchCurrent(admin, { name: `  ${name}  ` }).expect(200);
    expect(res.body).toMatchObject({ id: admin.organizationId, name });
    expect((await getCurrent(viewer).expect(200)).body.name).toBe(name);
    const me = await request(t.http).get('/api/v1/auth/me').set(admin.auth).expect(200);
    expect(me.body.organization).toMatchObject({ id: admin.organizationId, name });
    expect((await getCurrent(other).expect(200)).body).toMatchObject({ id: other.organizationId, name: 'Other Corp' });
  });

  it('refuses a rename by a viewer (403) and by callers without credentials (401)', async () => {
    const before = (await getCurrent(admin).expect(200)).body;
    expect(expectError(await patchCurrent(viewer, { name: 'Viewer Was Here' }), 403)).toMatch(/organization:write/);
    for (const role of ['risk_manager', 'compliance_officer', 'analyst']) {
      const member = await createUserWithRole(t.http, admin, role);
      expectError(await patchCurrent(member, { name: 'Member Was Here' }), 403);
    }
    expectError(await request(t.http).patch('/api/v1/organizations/current').send({ name: 'Anonymous' }), 401);
    expectError(await request(t.http).get('/api/v1/organizations/current'), 401);
    expect((await getCurrent(admin).expect(200)).body).toEqual(before);
  });

  it('rejects invalid renames with 400 naming the field and changes nothing', async () => {
    const before = (await getCurrent(admin).expect(200)).body;
    const cases: Array<[unknown, RegExp]> = [
      [{}, /name/],
      [{ name: '' }, /name/],
      [{ name: '    ' }, /name/],
      [{ name: null }, /name/],
      [{ name: 42 }, /name/],
      [{ name: ['A'] }, /name/],
      [{ name: 'x'.repeat(201) }, /name/],
      [{ name: 'x'.repeat(100_000) }, /name/],
      [{ name: 'a\u0000b' }, /^name must not contain NUL characters$/],
      [{ name: 'Valid', plan: 'enterprise' }, /plan/],
      // The organization is always the caller's: another one cannot be picked by id.
      [{ name: 'Valid', id: other.organizationId }, /\bid\b/],
    ];
    for (const [body, field] of cases) expect(expectError(await patchCurrent(admin, body), 400)).toMatch(field);
    for (const raw of ['[]', '"text"', 'null', '{"name":']) {
      expectError(
        await request(t.http).patch('/api/v1/organizations/current').set(admin.auth).set('Content-Type', 'application/json').send(raw),
        400,
      );
    }
    expect((await getCurrent(admin).expect(200)).body).toEqual(before);
    expect((await getCurrent(other).expect(200)).body.name).toBe('Other Corp');
  });
});

describe('Roles (/api/v1/roles)', () => {
  let admin: Session;

  beforeAll(async () => {
    admin = await registerOrganization(t.http);
  });

  it('lists the six built-in roles with exactly the permissions the code defines', async () => {
    const res = await request(t.http).get('/api/v1/roles').set(admin.auth).expect(200);
    expect(res.body.meta).toEqual({ page: 1, limit: 6, total: 6, totalPages: 1 });
    const byName = new Map(res.body.data.map((r: { name: string }) => [r.name, r]));
    expect([...byName.keys()].sort()).toEqual(
      ['platform_admin', 'admin', 'risk_manager', 'compliance_officer', 'analyst', 'viewer'].sort(),
    );
    for (const role of BUILT_IN_ROLES) {
      // The rows come from the migration; the lists in permissions.ts must say the same.
      expect(byName.get(role.name)).toEqual({
        id: expect.any(Number),
        name: role.name,
        description: expect.any(String),
        permissions: [...role.permissions].sort(),
      });
    }
    for (const role of res.body.data as Array<{ permissions: string[] }>) {
      for (const permission of role.permissions) expect(ALL_PERMISSIONS).toContain(permission);
    }
    expect((byName.get('platform_admin') as { permissions: string[] }).permissions).toEqual([...ALL_PERMISSIONS].sort());
  });

  it('gives the viewer role only read permissions', async () => {
    const res = await request(t.http).get('/api/v1/roles').set(admin.auth).expect(200);
    const viewerRole = res.body.data.find((r: { name: string }) => r.name === 'viewer');
    expect(viewerRole.permissions.length).toBeGreaterThan(0);
    for (const permission of viewerRole.permissions) expect(permission).toMatch(/:read$/);
  });

  it('is open to every signed-in user, whatever their role, and closed without credentials', async () => {
    const expected = (await request(t.http).get('/api/v1/roles').set(admin.auth).expect(200)).body;
    const viewer = await createUserWithRole(t.http, admin, 'viewer');
    expect((await request(t.http).get('/api/v1/roles').set(viewer.auth).expect(200)).body).toEqual(expected);
    expectError(await request(t.http).get('/api/v1/roles'), 401);
    expectError(await request(t.http).get('/api/v1/roles').set('Authorization', 'Bearer not.a.jwt'), 401);
  });
});
