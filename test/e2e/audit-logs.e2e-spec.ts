import request from 'supertest';
import { DataSource } from 'typeorm';
import { apiRequestContext, runWithAuditContext } from '../../src/modules/audit-logs/audit-context.js';
import { RiskItem } from '../../src/modules/risk-items/entities/risk-item.entity.js';
import { adminAgent } from '../support/admin-session.js';
import { createPlatformAdmin, createUserWithRole, expectError, registerOrganization, unique, type Session } from '../support/factories.js';
import { createTestApp, waitFor, type TestApp } from '../support/test-app.js';

const AUDIT = '/api/v1/audit-logs';
const RISKS = '/api/v1/risk-items';

type Body = Record<string, unknown>;
interface AuditEntry {
  id: number;
  organizationId: number | null;
  action: string;
  entityType: string;
  entityId: string;
  changes: Record<string, { before: unknown; after: unknown }>;
  actorType: string;
  actorUserId: number | null;
  actorApiKeyId: number | null;
  actorLabel: string | null;
  requestId: string | null;
  ipAddress: string | null;
  createdAt: string;
}

const riskBody = (overrides: Body = {}): Body => ({
  title: unique('Audited risk '),
  status: 'open',
  severity: 'high',
  impact: 'medium',
  likelihood: 'low',
  category: 'bias',
  ...overrides,
});

describe('Audit trail (/api/v1/audit-logs)', () => {
  let t: TestApp;
  let db: DataSource;
  let admin: Session;
  let viewer: Session;
  let other: Session;

  const auditOf = async (session: Session, query: Body): Promise<AuditEntry[]> =>
    (
      await request(t.http)
        .get(AUDIT)
        .query({ limit: 100, ...query })
        .set(session.auth)
        .expect(200)
    ).body.data;

  /** Writes of one entity, newest first (sign-ins left out unless `action` asks for them). */
  const entityTrail = (session: Session, entityType: string, entityId: unknown, action = 'create,update,delete') =>
    auditOf(session, { entityType, entityId: String(entityId), action });

  /** Every audit row of the database, as stored (for checks the API would not show, e.g. platform-wide rows). */
  const storedRows = () => db.query<Array<{ id: string; changes: unknown; organization_id: number | null }>>('SELECT * FROM audit_logs');

  beforeAll(async () => {
    // Private URLs allowed: the notification webhook below points at a local address.
    t = await createTestApp({ ALLOW_PRIVATE_URLS: 'true' });
    db = t.app.get(DataSource);
    admin = await registerOrganization(t.http);
    viewer = await createUserWithRole(t.http, admin, 'viewer');
    other = await registerOrganization(t.http);
  });
  afterAll(() => t.close());

  describe('recording writes', () => {
    it('records create, update and delete of a risk item: entity, id, action, actor, organization, changed fields only', async () => {
      const body = riskBody();
      const created = await request(t.http).post(RISKS).set(admin.auth).send(body).expect(201);
      const id = created.body.id;
      await request(t.http).patch(`${RISKS}/${id}`).set(admin.auth).send({ status: 'mitigated', severity: 'high' }).expect(200);
      // Rewriting the same values changes nothing, so it records nothing.
      await request(t.http).patch(`${RISKS}/${id}`).set(admin.auth).send({ status: 'mitigated' }).expect(200);
      await request(t.http).delete(`${RISKS}/${id}`).set(admin.auth).expect(204);

      const trail = await entityTrail(admin, 'risk_item', id);
      expect(trail.map((e) => e.action)).toEqual(['delete', 'update', 'create']); // newest first
      for (const entry of trail) {
        expect(entry).toMatchObject({
          organizationId: admin.organizationId,
          entityType: 'risk_item',
          entityId: String(id),
          actorType: 'user',
          actorUserId: admin.userId,
          actorApiKeyId: null,
          actorLabel: admin.email,
        });
        expect(entry.ipAddress).toEqual(expect.any(String));
      }
      const [deleted, updated, create] = trail;

      expect(create.requestId).toBe(created.headers['x-request-id']);
      expect(create.changes).toMatchObject({
        title: { before: null, after: body.title },
        status: { before: null, after: 'open' },
        severity: { before: null, after: 'high' },
        organizationId: { before: null, after: admin.organizationId },
        createdById: { before: null, after: admin.userId },
      });
      expect(updated.changes).toEqual({ status: { before: 'open', after: 'mitigated' } });
      expect(deleted.changes).toMatchObject({ title: { before: body.title, after: null }, status: { before: 'mitigated', after: null } });

      const one = await request(t.http).get(`${AUDIT}/${updated.id}`).set(admin.auth).expect(200);
      expect(one.body).toEqual(updated);
    });

    it('records users (role change, deactivation, deletion), organization settings and AI systems', async () => {
      const user = await createUserWithRole(t.http, admin, 'viewer');
      await request(t.http).patch(`/api/v1/users/${user.userId}`).set(admin.auth).send({ role: 'analyst', active: false }).expect(200);
      const roles = await db.query<Array<{ id: number; name: string }>>('SELECT id, name FROM roles');
      const roleId = (name: string) => roles.find((r) => r.name === name)!.id;
      const [update] = await entityTrail(admin, 'user', user.userId);
      expect(update).toMatchObject({ action: 'update', actorUserId: admin.userId });
      expect(update.changes).toEqual({
        roleId: { before: roleId('viewer'), after: roleId('analyst') },
        active: { before: true, after: false },
      });
      await request(t.http).delete(`/api/v1/users/${user.userId}`).set(admin.auth).expect(204);
      expect((await entityTrail(admin, 'user', user.userId)).map((e) => e.action)).toEqual(['delete', 'update', 'create']);

      const name = unique('Renamed org ');
      const before = (await request(t.http).get('/api/v1/organizations/current').set(admin.auth).expect(200)).body.name;
      await request(t.http).patch('/api/v1/organizations/current').set(admin.auth).send({ name }).expect(200);
      const [rename] = await entityTrail(admin, 'organization', admin.organizationId);
      expect(rename).toMatchObject({ action: 'update', organizationId: admin.organizationId, changes: { name: { before, after: name } } });

      const system = await request(t.http)
        .post('/api/v1/ai-systems')
        .set(admin.auth)
        .send({ name: unique('System ') })
        .expect(201);
      expect((await entityTrail(admin, 'ai_system', system.body.id)).map((e) => e.action)).toEqual(['create']);
    });

    it('records every area of organization data, and the profile; secrets set on the way stay out of the trail', async () => {
      const org = await registerOrganization(t.http);
      const send = async (method: 'post' | 'patch' | 'put' | 'delete', path: string, body: Body = {}, status = 201) =>
        (await request(t.http)[method](path).set(org.auth).send(body).expect(status)).body;

      const risk = await send('post', RISKS, riskBody());
      const mitigation = await send('post', `${RISKS}/${risk.id}/mitigations`, { description: 'Re-sample', status: 'planned' });
      await send('patch', `${RISKS}/${risk.id}/mitigations/${mitigation.id}`, { status: 'in-progress' }, 200);
      await send('delete', `${RISKS}/${risk.id}/mitigations/${mitigation.id}`, {}, 204);
      const issue = await send('post', '/api/v1/compliance-issues', { title: unique('Issue '), status: 'open', severity: 'medium' });
      await send('delete', `/api/v1/compliance-issues/${issue.id}`, {}, 204);
      const githubToken = `ghp_${unique('audittoken')}`;
      const scanConfig = await send('post', '/api/v1/github/scan-configs', { githubOrgName: unique('octo-'), token: githubToken });
      await send('delete', `/api/v1/github/scan-configs/${scanConfig.id}`, {}, 204);
      const biasScan = await send(
        'post',
        '/api/v1/bias-analysis/scans',
        {
          name: 'audited scan',
          dataSource: 'webhook',
          config: { labelColumn: 'label', predictionColumn: 'prediction', protectedAttributes: ['sex'] },
        },
        202,
      );
      const catalog = (await request(t.http).get('/api/v1/frontier-models').query({ limit: 1 }).set(org.auth).expect(200)).body.data;
      const alertConfig = await send('post', '/api/v1/frontier-alert-configs', { modelId: catalog[0].id, category: 'deprecation' });
      await send('delete', `/api/v1/frontier-alert-configs/${alertConfig.id}`, {}, 204);
      const webhook = await send('put', '/api/v1/frontier-alert-webhook', { url: 'http://127.0.0.1:9/aura-hook' }, 200);
      await send('delete', '/api/v1/frontier-alert-webhook', {}, 204);
      await send('patch', '/api/v1/auth/me', { firstName: 'Ada' }, 200);

      const trail = await auditOf(org, {});
      const seen = new Set(trail.map((e) => `${e.entityType}:${e.action}`));
      for (const expected of [
        'risk_item:create',
        'risk_mitigation:create',
        'risk_mitigation:update',
        'risk_mitigation:delete',
        'compliance_issue:create',
        'compliance_issue:delete',
        'github_scan_config:create',
        'github_scan_config:delete',
        'bias_scan:create',
        'frontier_alert_config:create',
        'frontier_alert_config:delete',
        'frontier_alert_webhook:create',
        'frontier_alert_webhook:delete',
        'user:update',
      ]) {
        expect([expected, seen.has(expected)]).toEqual([expected, true]);
      }
      expect(
        trail.every((e) => (e.organizationId === org.organizationId && e.actorUserId === org.userId) || e.actorType === 'anonymous'),
      ).toBe(true);
      const [profile] = await entityTrail(org, 'user', org.userId);
      expect(profile.changes).toEqual({ firstName: { before: null, after: 'Ada' } });
      const [configCreate] = await entityTrail(org, 'github_scan_config', scanConfig.id).then((rows) =>
        rows.filter((e) => e.action === 'create'),
      );
      expect(configCreate.changes.tokenCiphertext).toEqual({ before: null, after: '[redacted]' });
      const [hookCreate] = await entityTrail(org, 'frontier_alert_webhook', webhook.id).then((rows) =>
        rows.filter((e) => e.action === 'create'),
      );
      expect(hookCreate.changes.secretCiphertext).toEqual({ before: null, after: '[redacted]' });

      const secrets = [githubToken, webhook.secret, biasScan.webhookSecret].filter((v): v is string => typeof v === 'string');
      expect(secrets.length).toBeGreaterThanOrEqual(2);
      const stored = JSON.stringify(await storedRows());
      const listed = JSON.stringify(trail);
      for (const secret of secrets) {
        expect(stored).not.toContain(secret);
        expect(listed).not.toContain(secret);
      }
    });

    it('records a write made with an API key as the key (name and prefix kept after the key is revoked)', async () => {
      const keyName = unique('ci-key-');
      const key = await request(t.http).post('/api/v1/api-keys').set(admin.auth).send({ name: keyName, role: 'admin' }).expect(201);
      const keyAuth = { 'X-API-Key': key.body.key as string };
      const risk = await request(t.http).post(RISKS).set(keyAuth).send(riskBody()).expect(201);

      const [entry] = await entityTrail(admin, 'risk_item', risk.body.id);
      expect(entry).toMatchObject({
        actorType: 'api_key',
        actorApiKeyId: key.body.id,
        actorUserId: null,
        organizationId: admin.organizationId,
      });
      expect(entry.actorLabel).toContain(keyName);
      expect(entry.actorLabel).toContain(key.body.keyPrefix);
      expect(entry.actorLabel).not.toContain(key.body.key);
      expect((await auditOf(admin, { actorApiKeyId: key.body.id })).map((e) => e.entityId)).toEqual([String(risk.body.id)]);

      // A key revoking itself: the write succeeds and is recorded; the trail keeps its label.
      await request(t.http).delete(`/api/v1/api-keys/${key.body.id}`).set(keyAuth).expect(204);
      const [revocation] = await entityTrail(admin, 'api_key', key.body.id);
      expect(revocation).toMatchObject({ action: 'delete', actorType: 'api_key', actorApiKeyId: null });
      expect(revocation.actorLabel).toContain(keyName);
      const [again] = await entityTrail(admin, 'risk_item', risk.body.id);
      expect(again).toMatchObject({ actorApiKeyId: null, actorLabel: entry.actorLabel });
    });

    it('records no row for a refused write (400) and none for a write whose transaction rolls back', async () => {
      const risk = (await request(t.http).post(RISKS).set(admin.auth).send(riskBody()).expect(201)).body;
      expectError(await request(t.http).patch(`${RISKS}/${risk.id}`).set(admin.auth).send({ severity: 'apocalyptic' }), 400);
      expectError(await request(t.http).patch(`${RISKS}/${risk.id}`).set(viewer.auth).send({ status: 'closed' }), 403);
      expect((await entityTrail(admin, 'risk_item', risk.id)).map((e) => e.action)).toEqual(['create']);

      // The same write as a request would make it, inside a transaction that fails after the save.
      const title = unique('Rolled back ');
      const context = apiRequestContext({
        principal: {
          kind: 'user',
          userId: admin.userId,
          apiKeyId: null,
          organizationId: admin.organizationId,
          roleId: 1,
          roleName: 'admin',
          permissions: [],
          isPlatformAdmin: false,
        },
      });
      const saveRisk = (manager: DataSource['manager']) =>
        manager.save(manager.create(RiskItem, { ...riskBody({ title }), organizationId: admin.organizationId }));
      await expect(
        runWithAuditContext(context, () =>
          db.transaction(async (manager) => {
            await saveRisk(manager);
            throw new Error('fails after the write');
          }),
        ),
      ).rejects.toThrow('fails after the write');
      expect(await db.query('SELECT 1 FROM risk_items WHERE title = $1', [title])).toEqual([]);
      expect(await db.query(`SELECT 1 FROM audit_logs WHERE changes->'title'->>'after' = $1`, [title])).toEqual([]);

      // Committed, the same write is recorded; outside a request (a worker) it is not.
      const committed = await runWithAuditContext(context, () => db.transaction(saveRisk));
      expect((await entityTrail(admin, 'risk_item', committed.id)).map((e) => [e.action, e.actorUserId])).toEqual([
        ['create', admin.userId],
      ]);
      const unaudited = await db.transaction(saveRisk);
      expect(await entityTrail(admin, 'risk_item', unaudited.id)).toEqual([]);
    });
  });

  describe('sign-ins', () => {
    it('records successful and refused sign-ins to an account, not attempts on unknown emails', async () => {
      const user = await createUserWithRole(t.http, admin, 'viewer'); // signs in once
      await request(t.http).post('/api/v1/auth/login').send({ email: user.email, password: 'not-the-password' }).expect(401);
      const unknownEmail = `${unique('nobody')}@example.com`;
      await request(t.http).post('/api/v1/auth/login').send({ email: unknownEmail, password: 'whatever-it-is' }).expect(401);

      // The refusal is recorded without delaying the answer.
      const signIns = await waitFor(async () => {
        const rows = await entityTrail(admin, 'user', user.userId, 'login,login_failed');
        return rows.length === 2 ? rows : undefined;
      }, 5000);
      expect(signIns.map((e) => [e.action, e.actorType, e.actorUserId, e.actorLabel])).toEqual([
        ['login_failed', 'anonymous', null, null],
        ['login', 'user', user.userId, user.email],
      ]);
      expect(signIns.every((e) => e.organizationId === admin.organizationId && Object.keys(e.changes).length === 0)).toBe(true);
      expect(JSON.stringify(await storedRows())).not.toContain(unknownEmail);
      expect(JSON.stringify(signIns)).not.toContain('not-the-password');
    });
  });

  describe('secrets', () => {
    it('records password changes, new users and API keys without the password, its hash, the key or the key hash', async () => {
      const user = await createUserWithRole(t.http, admin, 'risk_manager');
      const newPassword = 'a-brand-new-password';
      await request(t.http)
        .post('/api/v1/auth/change-password')
        .set(user.auth)
        .send({ currentPassword: user.password, newPassword })
        .expect(204);
      await request(t.http).post('/api/v1/auth/login').send({ email: user.email, password: newPassword }).expect(200);
      const key = await request(t.http)
        .post('/api/v1/api-keys')
        .set(admin.auth)
        .send({ name: unique('secret-key-') })
        .expect(201);

      const [passwordChange, creation] = await entityTrail(admin, 'user', user.userId);
      expect(passwordChange).toMatchObject({ action: 'update', actorType: 'user', actorUserId: user.userId });
      expect(passwordChange.changes).toEqual({ password: { before: '[redacted]', after: '[redacted]' } });
      expect(creation.changes.password).toEqual({ before: null, after: '[redacted]' });
      const [keyCreation] = await entityTrail(admin, 'api_key', key.body.id);
      expect(keyCreation.changes.keyHash).toEqual({ before: null, after: '[redacted]' });
      expect(keyCreation.changes.name).toEqual({ before: null, after: key.body.name });

      const [{ password: hash }] = await db.query('SELECT password FROM users WHERE id = $1', [user.userId]);
      const [{ key_hash: keyHash }] = await db.query('SELECT key_hash FROM api_keys WHERE id = $1', [key.body.id]);
      const listed = (await request(t.http).get(AUDIT).query({ limit: 100 }).set(admin.auth).expect(200)).text;
      const stored = JSON.stringify(await storedRows());
      for (const text of [listed, stored]) {
        for (const secret of [hash, keyHash, key.body.key, newPassword, user.password, '$argon2']) expect(text).not.toContain(secret);
      }
    });
  });

  describe('access', () => {
    it("keeps each organization's trail to itself: lists never show another organization's rows, /{id} answers 404", async () => {
      const risk = (await request(t.http).post(RISKS).set(admin.auth).send(riskBody()).expect(201)).body;
      const [entry] = await entityTrail(admin, 'risk_item', risk.id);
      expect(await entityTrail(other, 'risk_item', risk.id)).toEqual([]);
      const otherRows = await auditOf(other, {});
      expect(otherRows.length).toBeGreaterThan(0); // its own registration
      expect(otherRows.every((e) => e.organizationId === other.organizationId)).toBe(true);
      expectError(await request(t.http).get(`${AUDIT}/${entry.id}`).set(other.auth), 404);
    });

    it('requires audit_logs:read: viewers get 403, anonymous callers 401; there are no write routes', async () => {
      expectError(await request(t.http).get(AUDIT).set(viewer.auth), 403);
      expectError(await request(t.http).get(`${AUDIT}/1`).set(viewer.auth), 403);
      expectError(await request(t.http).get(AUDIT), 401);
      for (const method of ['post', 'patch', 'put', 'delete'] as const) {
        const res = await request(t.http)
          [method](method === 'post' ? AUDIT : `${AUDIT}/1`)
          .set(admin.auth)
          .send({});
        expect([method, res.status]).toEqual([method, 404]);
      }
    });
  });

  describe('listing', () => {
    it('filters by entity, action, actor and time, sorts and pages', async () => {
      const org = await registerOrganization(t.http);
      const analyst = await createUserWithRole(t.http, org, 'analyst');
      const ids: number[] = [];
      for (let i = 0; i < 3; i++) ids.push((await request(t.http).post(RISKS).set(analyst.auth).send(riskBody()).expect(201)).body.id);
      await request(t.http).patch(`${RISKS}/${ids[0]}`).set(org.auth).send({ status: 'mitigated' }).expect(200);

      const byAnalyst = await auditOf(org, { actorUserId: analyst.userId, action: 'create,update,delete' });
      expect(byAnalyst.map((e) => e.entityId)).toEqual([...ids].reverse().map(String));
      const updates = await auditOf(org, { entityType: 'risk_item', action: 'update' });
      expect(updates.map((e) => [e.entityId, e.actorUserId])).toEqual([[String(ids[0]), org.userId]]);
      const risks = await auditOf(org, { entityType: 'risk_item', action: 'create,update', sort: 'createdAt:asc' });
      expect(risks.map((e) => e.action)).toEqual(['create', 'create', 'create', 'update']);
      expect((await auditOf(org, { entityType: 'user,organization', action: 'create' })).map((e) => e.entityType).sort()).toEqual([
        'organization',
        'user', // the registering admin
        'user', // the analyst
      ]);
      expect((await auditOf(org, { actorType: 'anonymous' })).map((e) => e.entityType).sort()).toEqual(['organization', 'user']);

      const page = await request(t.http).get(AUDIT).query({ entityType: 'risk_item', limit: 2, page: 2 }).set(org.auth).expect(200);
      expect(page.body.meta).toEqual({ page: 2, limit: 2, total: 4, totalPages: 2 });
      expect(page.body.data.map((e: AuditEntry) => e.action)).toEqual(['create', 'create']);

      const all = await auditOf(org, { entityType: 'risk_item' });
      const newest = new Date(all[0].createdAt);
      expect(await auditOf(org, { entityType: 'risk_item', from: new Date(newest.getTime() + 1).toISOString() })).toEqual([]);
      expect(
        (await auditOf(org, { entityType: 'risk_item', from: '2000-01-01', to: new Date(newest.getTime() + 1).toISOString() })).length,
      ).toBe(4);
      expect(await auditOf(org, { entityType: 'risk_item', to: '2000-01-01T00:00:00Z' })).toEqual([]);
      expect((await auditOf(org, { q: analyst.email })).map((e) => e.action)).toEqual(['create', 'create', 'create', 'login']);
    });

    it('refuses bad filters with 400', async () => {
      for (const query of [
        { from: 'yesterday' },
        { to: '2026-02-30' },
        { from: '2026-02-01', to: '2026-01-01' },
        { action: 'rename' },
        { entityType: 'password' },
        { actorType: 'robot' },
        { actorUserId: 'me' },
        { entityId: 'x'.repeat(101) },
        { sort: 'changes:asc' },
        { limit: 1000 },
      ]) {
        const res = await request(t.http).get(AUDIT).query(query).set(admin.auth);
        expect([query, res.status]).toEqual([query, 400]);
      }
      expectError(await request(t.http).get(`${AUDIT}/abc`).set(admin.auth), 400);
      expectError(await request(t.http).get(`${AUDIT}/2147483647`).set(admin.auth), 404);
    });
  });

  describe('platform admins and the admin console', () => {
    let platform: Session;
    let agent: Awaited<ReturnType<typeof adminAgent>>;

    beforeAll(async () => {
      platform = await createPlatformAdmin(t);
      agent = await adminAgent(t.http, platform.email, platform.password);
    });

    it("records an AdminJS edit of an organization's risk item as admin_console, visible to that organization", async () => {
      const risk = (await request(t.http).post(RISKS).set(admin.auth).send(riskBody()).expect(201)).body;
      const edited = await agent
        .post(`/admin/api/resources/RiskItem/records/${risk.id}/edit`)
        .type('form')
        .send({ status: 'accepted' })
        .expect(200);
      expect(edited.body.notice.type).toBe('success');

      const [entry] = await entityTrail(admin, 'risk_item', risk.id);
      expect(entry).toMatchObject({
        action: 'update',
        actorType: 'admin_console',
        actorUserId: platform.userId,
        actorLabel: platform.email,
        organizationId: admin.organizationId,
        changes: { status: { before: 'open', after: 'accepted' } },
      });

      await agent.post(`/admin/api/resources/RiskItem/records/${risk.id}/delete`).expect(200);
      expect((await entityTrail(admin, 'risk_item', risk.id)).map((e) => [e.action, e.actorType])).toEqual([
        ['delete', 'admin_console'],
        ['update', 'admin_console'],
        ['create', 'user'],
      ]);
    });

    it('records a console password reset with the hash redacted', async () => {
      const user = await createUserWithRole(t.http, admin, 'viewer');
      await agent
        .post(`/admin/api/resources/User/records/${user.userId}/edit`)
        .type('form')
        .send({ newPassword: 'reset-by-console' })
        .expect(200);
      await request(t.http).post('/api/v1/auth/login').send({ email: user.email, password: 'reset-by-console' }).expect(200);
      const [reset] = await entityTrail(admin, 'user', user.userId);
      expect(reset).toMatchObject({ action: 'update', actorType: 'admin_console', actorUserId: platform.userId });
      expect(reset.changes).toEqual({ password: { before: '[redacted]', after: '[redacted]' } });
    });

    it('shows the trail read-only in the console', async () => {
      const list = await agent.get('/admin/api/resources/AuditLog/actions/list').expect(200);
      expect(list.body.records.length).toBeGreaterThan(0);
      const res = await agent.post('/admin/api/resources/AuditLog/actions/new').type('form').send({}).expect(200);
      expect(res.body.record.baseError.type).toBe('ForbiddenError');
    });

    it('records platform-wide writes (the frontier catalog) without an organization', async () => {
      const body = { modelId: unique('audited-model-'), name: 'Audited Model', provider: 'TestLab', capabilities: ['text'] };
      const created = await request(t.http).post('/api/v1/frontier-models').set(platform.auth).send(body).expect(201);
      await request(t.http).patch(`/api/v1/frontier-models/${created.body.id}`).set(platform.auth).send({ name: 'Renamed' }).expect(200);
      await request(t.http).delete(`/api/v1/frontier-models/${created.body.id}`).set(platform.auth).expect(204);
      const rows = await db.query<Array<{ action: string; organization_id: number | null; actor_user_id: number; changes: Body }>>(
        `SELECT action, organization_id, actor_user_id, changes FROM audit_logs WHERE entity_type = 'frontier_model' AND entity_id = $1 ORDER BY id`,
        [String(created.body.id)],
      );
      expect(rows.map((r) => [r.action, r.organization_id, r.actor_user_id])).toEqual([
        ['create', null, platform.userId],
        ['update', null, platform.userId],
        ['delete', null, platform.userId],
      ]);
      expect(rows[1].changes).toEqual({ name: { before: 'Audited Model', after: 'Renamed' } });
      // Nobody's organization trail shows them.
      expect(await entityTrail(platform, 'frontier_model', created.body.id)).toEqual([]);
    });
  });
});
