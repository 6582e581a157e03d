import request from 'supertest';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { createUserWithRole, expectError, registerOrganization, unique } from '../support/factories.js';

describe('Auth (register, login, me)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ LOGIN_MAX_FAILURES: '3' });
  });
  afterAll(() => t.close());

  it('registers an organization whose first user is an admin and returns a working token', async () => {
    const username = unique('founder');
    const res = await request(t.http)
      .post('/api/v1/auth/register')
      .send({
        organizationName: 'Founders Inc',
        username,
        email: `${username.toUpperCase()}@Example.com`,
        password: 'a-long-password',
        firstName: 'Fay',
      })
      .expect(201);
    expect(res.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 3600, accessToken: expect.any(String) });
    expect(res.body.user).toMatchObject({
      username,
      email: `${username}@example.com`,
      firstName: 'Fay',
      role: 'admin',
      organization: { name: 'Founders Inc' },
    });
    expect(res.body.user.permissions).toEqual(expect.arrayContaining(['risks:write', 'users:write', 'organization:write']));
    expect(res.body.user.permissions).not.toContain('platform:admin');
    expect(JSON.stringify(res.body)).not.toMatch(/password|argon2/i);

    const me = await request(t.http).get('/api/v1/auth/me').set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
    expect(me.body).toMatchObject({
      id: res.body.user.id,
      role: 'admin',
      organization: { id: res.body.user.organizationId, name: 'Founders Inc' },
    });
  });

  it('answers 409 for a duplicate email or username, case-insensitively, and creates nothing', async () => {
    const first = await registerOrganization(t.http);
    const dupEmail = await request(t.http)
      .post('/api/v1/auth/register')
      .send({ organizationName: 'Copy', username: unique('other'), email: first.email.toUpperCase(), password: 'a-long-password' });
    expect(expectError(dupEmail, 409)).toMatch(/email/);
    const username = (await request(t.http).get('/api/v1/auth/me').set(first.auth)).body.username as string;
    const dupUser = await request(t.http)
      .post('/api/v1/auth/register')
      .send({
        organizationName: 'Copy',
        username: username.toUpperCase(),
        email: `${unique('x')}@example.com`,
        password: 'a-long-password',
      });
    expect(expectError(dupUser, 409)).toMatch(/username/);
  });

  it('rejects invalid registrations with 400 naming the field', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ username: 'ok-name', email: 'not-an-email', password: 'a-long-password', organizationName: 'X' }, /email/],
      [{ username: 'ok-name', email: 'a@b.co', password: 'short', organizationName: 'X' }, /password/],
      [{ username: 'ok-name', email: 'a@b.co', password: 'a-long-password' }, /organizationName/],
      [{ username: 'ok-name', email: 'a@b.co', password: 'a-long-password', organizationName: 'X', isAdmin: true }, /isAdmin/],
      [{ username: 42, email: 'a@b.co', password: 'a-long-password', organizationName: 'X' }, /username/],
      [{ username: 'ok-name', email: 'a@b.co', password: 'a-long-password', organizationName: 'x'.repeat(5000) }, /organizationName/],
    ];
    for (const [body, field] of cases) {
      const res = await request(t.http).post('/api/v1/auth/register').send(body);
      expect(expectError(res, 400)).toMatch(field);
    }
  });

  it('answers 400 for malformed JSON and 413 for an oversized body', async () => {
    const bad = await request(t.http).post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"email": "secret@b.co",');
    expect(expectError(bad, 400)).toBe('Malformed JSON in request body');
    const huge = await request(t.http)
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(2 * 1024 * 1024) }));
    expectError(huge, 413);
  });

  it('logs in with the right password, refuses a wrong one, and throttles repeated failures', async () => {
    const session = await registerOrganization(t.http);
    const ok = await request(t.http).post('/api/v1/auth/login').send({ email: session.email, password: session.password }).expect(200);
    expect(ok.body).toMatchObject({ tokenType: 'Bearer', user: { id: session.userId } });

    for (let i = 0; i < 3; i++) {
      const res = await request(t.http).post('/api/v1/auth/login').send({ email: session.email, password: 'wrong-password' });
      expect(expectError(res, 401)).toBe('Invalid email or password');
    }
    const throttled = await request(t.http).post('/api/v1/auth/login').send({ email: session.email, password: session.password });
    expectError(throttled, 429);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);

    const unknown = await request(t.http).post('/api/v1/auth/login').send({ email: 'nobody@example.com', password: 'whatever-pass' });
    expect(expectError(unknown, 401)).toBe('Invalid email or password');
  });

  it('rejects missing, malformed, forged, expired and alg:none tokens with 401', async () => {
    const session = await registerOrganization(t.http);
    expectError(await request(t.http).get('/api/v1/auth/me'), 401);
    expectError(await request(t.http).get('/api/v1/auth/me').set('Authorization', 'Token abc'), 401);
    expectError(await request(t.http).get('/api/v1/auth/me').set('Authorization', 'Bearer not.a.jwt'), 401);
    const [header, payload] = session.token.split('.');
    const forged = `${header}.${payload}.${Buffer.from('forged-signature').toString('base64url')}`;
    expectError(await request(t.http).get('/api/v1/auth/me').set('Authorization', `Bearer ${forged}`), 401);
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    expectError(await request(t.http).get('/api/v1/auth/me').set('Authorization', `Bearer ${none}`), 401);
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const { default: jwt } = await import('jsonwebtoken');
    const expired = jwt.sign({ ...claims, iat: 1, exp: 2 }, process.env.JWT_SECRET!, { algorithm: 'HS256' });
    expectError(await request(t.http).get('/api/v1/auth/me').set('Authorization', `Bearer ${expired}`), 401);
  });

  it('refuses a deactivated user at once, even with a valid token', async () => {
    const admin = await registerOrganization(t.http);
    const viewer = await createUserWithRole(t.http, admin, 'viewer');
    await request(t.http).get('/api/v1/auth/me').set(viewer.auth).expect(200);
    await request(t.http).patch(`/api/v1/users/${viewer.userId}`).set(admin.auth).send({ active: false }).expect(200);
    expectError(await request(t.http).get('/api/v1/auth/me').set(viewer.auth), 401);
    const login = await request(t.http).post('/api/v1/auth/login').send({ email: viewer.email, password: viewer.password });
    expect(expectError(login, 401)).toMatch(/deactivated/);
  });

  it('refuses registration when ALLOW_SIGNUP=false', async () => {
    const closed = await createTestApp({ ALLOW_SIGNUP: 'false' });
    try {
      const res = await request(closed.http)
        .post('/api/v1/auth/register')
        .send({ organizationName: 'X', username: unique('u'), email: `${unique('e')}@example.com`, password: 'a-long-password' });
      expect(expectError(res, 403)).toMatch(/disabled/);
    } finally {
      await closed.close();
    }
  });

  it('lets a user edit their own profile but not their role or organization', async () => {
    const admin = await registerOrganization(t.http);
    const viewer = await createUserWithRole(t.http, admin, 'viewer');
    const res = await request(t.http).patch('/api/v1/auth/me').set(viewer.auth).send({ firstName: 'Vera', lastName: null }).expect(200);
    expect(res.body).toMatchObject({ firstName: 'Vera', lastName: null, role: 'viewer' });
    await request(t.http).patch('/api/v1/auth/me').set(viewer.auth).send({}).expect(200);
    for (const body of [{ roleId: 1 }, { role: 'admin' }, { organizationId: 99 }, { firstName: 'x'.repeat(101) }]) {
      expectError(await request(t.http).patch('/api/v1/auth/me').set(viewer.auth).send(body), 400);
    }
    const me = await request(t.http).get('/api/v1/auth/me').set(viewer.auth).expect(200);
    expect(me.body).toMatchObject({ firstName: 'Vera', role: 'viewer', organizationId: admin.organizationId });
  });

  it('changes the password only with the current one', async () => {
    const session = await registerOrganization(t.http);
    const wrong = await request(t.http)
      .post('/api/v1/auth/change-password')
      .set(session.auth)
      .send({ currentPassword: 'not-the-password', newPassword: 'brand-new-password' });
    expect(expectError(wrong, 400)).toMatch(/currentPassword/);
    expectError(
      await request(t.http)
        .post('/api/v1/auth/change-password')
        .set(session.auth)
        .send({ currentPassword: session.password, newPassword: 'short' }),
      400,
    );
    await request(t.http)
      .post('/api/v1/auth/change-password')
      .set(session.auth)
      .send({ currentPassword: session.password, newPassword: 'brand-new-password' })
      .expect(204);
    expectError(await request(t.http).post('/api/v1/auth/login').send({ email: session.email, password: session.password }), 401);
    await request(t.http).post('/api/v1/auth/login').send({ email: session.email, password: 'brand-new-password' }).expect(200);
  });
});
