import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import pg from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ENTITIES } from '../../src/database/entities.js';
import { isSecretName } from '../../src/modules/admin/admin-secrets.js';
import { QueueName } from '../../src/queue/queue.constants.js';
import { adminAgent, adminLoginSucceeds } from '../support/admin-session.js';
import { createPlatformAdmin, registerOrganization, unique, type Session } from '../support/factories.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const RESOURCE_API = '/admin/api/resources';

describe('AdminJS console (/admin)', () => {
  let t: TestApp;
  let db: pg.Client;
  let platformAdmin: Session;
  let orgAdmin: Session;
  let agent: Awaited<ReturnType<typeof adminAgent>>;

  beforeAll(async () => {
    t = await createTestApp();
    db = new pg.Client({ connectionString: t.databaseUrl });
    await db.connect();
    platformAdmin = await createPlatformAdmin(t);
    orgAdmin = await registerOrganization(t.http);
    agent = await adminAgent(t.http, platformAdmin.email, platformAdmin.password);
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  describe('sign-in', () => {
    it('renders the login page', async () => {
      const res = await request(t.http).get('/admin/login').expect(200);
      expect(res.headers['content-type']).toMatch(/html/);
      expect(res.text).toContain('/admin/login');
    });

    it('redirects to the login page without a session', async () => {
      const res = await request(t.http).get('/admin').expect(302);
      expect(res.headers.location).toBe('/admin/login');
      await request(t.http).get(`${RESOURCE_API}/RiskItem/actions/list`).expect(302);
    });

    it('refuses a wrong password, an unknown email and a user who is not a platform admin', async () => {
      expect(await adminLoginSucceeds(t.http, platformAdmin.email, 'not-the-password')).toBe(false);
      expect(await adminLoginSucceeds(t.http, 'nobody@example.com', platformAdmin.password)).toBe(false);
      expect(await adminLoginSucceeds(t.http, orgAdmin.email, orgAdmin.password)).toBe(false);
    });

    it('lets a platform admin in with a signed, HTTP-only session cookie stored in admin_sessions', async () => {
      const res = await request(t.http)
        .post('/admin/login')
        .type('form')
        .send({ email: platformAdmin.email, password: platformAdmin.password });
      expect(res.status).toBe(302);
      const cookie = String(res.headers['set-cookie']);
      expect(cookie).toMatch(/aura_admin=s%3A/);
      expect(cookie).toMatch(/HttpOnly/i);
      const { rows } = await db.query('SELECT count(*)::int AS n FROM admin_sessions');
      expect(rows[0].n).toBeGreaterThan(0);
      await agent.get('/admin').expect(200);
    });

    it('accepts the email in any case', async () => {
      expect(await adminLoginSucceeds(t.http, platformAdmin.email.toUpperCase(), platformAdmin.password)).toBe(true);
    });
  });

  describe('resources', () => {
    it('lists every table of the product', async () => {
      for (const entity of ENTITIES) {
        const res = await agent.get(`${RESOURCE_API}/${entity.name}/actions/list`);
        expect([entity.name, res.status]).toEqual([entity.name, 200]);
        expect(res.body.records).toEqual(expect.any(Array));
      }
    });

    it('creates, lists, sorts, filters and edits risk items, with the organization as a reference', async () => {
      const title = unique('Admin-created risk ');
      const created = await agent
        .post(`${RESOURCE_API}/RiskItem/actions/new`)
        .type('form')
        .send({
          organizationId: String(orgAdmin.organizationId),
          title,
          severity: 'high',
          impact: 'medium',
          likelihood: 'low',
          category: 'privacy',
        })
        .expect(200);
      expect(created.body.notice.type).toBe('success');
      const id = created.body.record.id;

      const list = await agent
        .get(`${RESOURCE_API}/RiskItem/actions/list`)
        .query({ 'filters.title': title, sortBy: 'id', direction: 'desc' })
        .expect(200);
      expect(list.body.records.map((r: { id: string }) => r.id)).toEqual([id]);
      expect(String(list.body.records[0].populated.organizationId.id)).toBe(String(orgAdmin.organizationId));

      const edited = await agent.post(`${RESOURCE_API}/RiskItem/records/${id}/edit`).type('form').send({ status: 'mitigated' }).expect(200);
      expect(edited.body.notice.type).toBe('success');
      const { rows } = await db.query('SELECT status, title FROM risk_items WHERE id = $1', [id]);
      expect(rows[0]).toEqual({ status: 'mitigated', title });
    });

    it('sets a user password through "new password", stored as an argon2 hash', async () => {
      const email = `${unique('console-user')}@example.com`;
      const { rows: roles } = await db.query(`SELECT id FROM roles WHERE name = 'viewer'`);
      const created = await agent
        .post(`${RESOURCE_API}/User/actions/new`)
        .type('form')
        .send({
          organizationId: String(orgAdmin.organizationId),
          roleId: String(roles[0].id),
          username: unique('consoleuser'),
          email: email.toUpperCase(),
          newPassword: 'first-console-password',
          active: 'true',
        })
        .expect(200);
      expect(created.body.notice.type).toBe('success');
      const { rows } = await db.query('SELECT id, email, password FROM users WHERE email = $1', [email]);
      expect(rows[0].password).toMatch(/^\$argon2id\$/);
      await request(t.http).post('/api/v1/auth/login').send({ email, password: 'first-console-password' }).expect(200);

      await agent
        .post(`${RESOURCE_API}/User/records/${rows[0].id}/edit`)
        .type('form')
        .send({ newPassword: 'second-console-password' })
        .expect(200);
      await request(t.http).post('/api/v1/auth/login').send({ email, password: 'second-console-password' }).expect(200);
      await request(t.http).post('/api/v1/auth/login').send({ email, password: 'first-console-password' }).expect(401);

      // Editing other fields keeps the password; a raw `password` param is ignored.
      await agent
        .post(`${RESOURCE_API}/User/records/${rows[0].id}/edit`)
        .type('form')
        .send({ firstName: 'Ada', password: 'plain' })
        .expect(200);
      await request(t.http).post('/api/v1/auth/login').send({ email, password: 'second-console-password' }).expect(200);
    });

    it('requires a password for a new user', async () => {
      const res = await agent
        .post(`${RESOURCE_API}/User/actions/new`)
        .type('form')
        .send({
          organizationId: String(orgAdmin.organizationId),
          roleId: '1',
          username: unique('nopass'),
          email: `${unique('nopass')}@example.com`,
        });
      expect(res.body.record.errors.newPassword.message).toMatch(/required/i);
    });

    it('keeps result tables read-only', async () => {
      for (const resource of [
        'GithubScanResult',
        'GithubScanSummary',
        'GithubScanRun',
        'BiasAnalysisResult',
        'FrontierAlert',
        'FrontierAlertDelivery',
      ]) {
        // AdminJS answers a refused action with 200 and a ForbiddenError in the body.
        const res = await agent.post(`${RESOURCE_API}/${resource}/actions/new`).type('form').send({}).expect(200);
        expect([resource, res.body.record.baseError.type]).toEqual([resource, 'ForbiddenError']);
      }
    });

    it('answers the dashboard with platform counts', async () => {
      const res = await agent.get('/admin/api/dashboard').expect(200);
      expect(res.body).toMatchObject({
        organizations: expect.any(Number),
        aiSystems: expect.any(Number),
        openRisksBySeverity: expect.any(Object),
        scansRunning: { github: expect.any(Number), bias: expect.any(Number) },
        alertsThisWeek: expect.any(Number),
      });
      const { rows } = await db.query('SELECT count(*)::int AS n FROM organizations');
      expect(res.body.organizations).toBe(rows[0].n);
    });
  });

  describe('job actions', () => {
    const queue = (name: QueueName) => t.app.get<Queue>(getQueueToken(name), { strict: false });

    it('"Run scan now" on a GitHub scan configuration starts a scan run and enqueues its job', async () => {
      const config = await request(t.http)
        .post('/api/v1/github/scan-configs')
        .set(orgAdmin.auth)
        .send({ githubOrgName: unique('octo-run') })
        .expect(201);
      const res = await agent.post(`${RESOURCE_API}/GithubScanConfig/records/${config.body.id}/runScanNow`).expect(200);
      expect(res.body.notice).toMatchObject({
        type: 'success',
        message: expect.stringMatching(/^Scan \d+ is queued \(job github-scan:[^)]+\)$/),
      });
      const jobId = /\(job ([^)]+)\)/.exec(res.body.notice.message)![1];
      expect(await queue(QueueName.GithubScan).getJob(jobId)).not.toBeNull();
      const { rows } = await db.query('SELECT organization_id, status, trigger FROM github_scan_runs WHERE scan_config_id = $1', [
        config.body.id,
      ]);
      expect(rows).toEqual([{ organization_id: orgAdmin.organizationId, status: 'queued', trigger: 'manual' }]);
      expect(JSON.stringify(res.body)).not.toMatch(/ciphertext|tokenCiphertext/i);

      // A second click answers with the run already queued (one active run per configuration).
      const again = await agent.post(`${RESOURCE_API}/GithubScanConfig/records/${config.body.id}/runScanNow`).expect(200);
      expect(again.body.notice.message).toContain(`(job ${jobId})`);
    });

    it('"Re-run" on a failed bias scan with retained data queues it again', async () => {
      // A failed scan whose data was kept (BIAS_RETAIN_DATA), written directly: the action only queues.
      const {
        rows: [scan],
      } = await db.query(
        `INSERT INTO bias_analysis_scans (organization_id, name, data_source, status, error, completed_at, config, data_format, queued_at)
         VALUES ($1, 'Failed scan', 'csv', 'failed', 'the analysis could not finish', now(), '{}', 'csv', now()) RETURNING id`,
        [orgAdmin.organizationId],
      );
      await db.query(`INSERT INTO bias_analysis_data_chunks (scan_id, organization_id, seq, data) VALUES ($1, $2, 0, '\\x00')`, [
        scan.id,
        orgAdmin.organizationId,
      ]);
      const res = await agent.post(`${RESOURCE_API}/BiasAnalysisScan/records/${scan.id}/rerun`).expect(200);
      expect(res.body.notice).toMatchObject({ type: 'success', message: expect.stringMatching(/\(job bias-analysis:\d+:rerun:\d+\)$/) });
      const jobId = /\(job ([^)]+)\)/.exec(res.body.notice.message)![1];
      expect(await queue(QueueName.BiasAnalysis).getJob(jobId)).not.toBeNull();
      const { rows } = await db.query('SELECT status, error FROM bias_analysis_scans WHERE id = $1', [scan.id]);
      expect(rows).toEqual([{ status: 'pending', error: null }]);
      // Not failed any more: a second click is refused with the reason.
      const again = await agent.post(`${RESOURCE_API}/BiasAnalysisScan/records/${scan.id}/rerun`).expect(200);
      expect(JSON.stringify(again.body)).toMatch(/only a failed scan can be re-run|not accessible|Forbidden/i);
    });

    it('"Fetch now" on feed sources enqueues a fetch run', async () => {
      const res = await agent.post(`${RESOURCE_API}/FrontierSource/actions/fetchNow`).expect(200);
      expect(res.body.notice).toMatchObject({ type: 'success', message: expect.stringMatching(/\(job frontier-fetch:all:\d+\)$/) });
      const jobId = /\(job ([^)]+)\)/.exec(res.body.notice.message)![1];
      expect(await queue(QueueName.FrontierFetch).getJob(jobId)).not.toBeNull();
    });
  });

  describe('secrets', () => {
    /** Every stored value of every secret-like column (password hashes, key hashes, encrypted tokens, webhook secrets). */
    async function storedSecrets(): Promise<string[]> {
      const dataSource = t.app.get(DataSource);
      const values: string[] = [];
      for (const entity of ENTITIES) {
        const metadata = dataSource.getMetadata(entity);
        for (const column of metadata.columns.filter((c) => isSecretName(c.databaseName))) {
          const { rows } = await db.query(
            `SELECT DISTINCT "${column.databaseName}"::text AS value FROM "${metadata.tableName}" WHERE "${column.databaseName}" IS NOT NULL`,
          );
          values.push(...rows.map((r: { value: string }) => r.value).filter((v: string) => v.length >= 8));
        }
      }
      return values;
    }

    it('never appear in any admin response: password hashes, API key hashes, GitHub tokens, webhook secrets', async () => {
      const githubToken = `ghp_${unique('admintoken')}`;
      await request(t.http).post('/api/v1/api-keys').set(orgAdmin.auth).send({ name: 'ci', role: 'viewer' }).expect(201);
      await request(t.http)
        .post('/api/v1/github/scan-configs')
        .set(orgAdmin.auth)
        .send({ githubOrgName: unique('octo-org'), token: githubToken });
      const webhookScan = await request(t.http)
        .post('/api/v1/bias-analysis/scans')
        .set(orgAdmin.auth)
        .send({
          name: 'webhook scan',
          dataSource: 'webhook',
          config: { labelColumn: 'label', predictionColumn: 'prediction', protectedAttributes: ['sex'] },
        });
      const secrets = [githubToken, ...(await storedSecrets())];
      if (typeof webhookScan.body.webhookSecret === 'string') secrets.push(webhookScan.body.webhookSecret);
      const { rows: keys } = await db.query('SELECT id FROM api_keys');
      const { rows: users } = await db.query('SELECT id FROM users');
      expect(secrets.some((s) => s.startsWith('$argon2'))).toBe(true);

      const bodies: string[] = [];
      for (const entity of ENTITIES) {
        const list = await agent.get(`${RESOURCE_API}/${entity.name}/actions/list`).expect(200);
        bodies.push(list.text);
        for (const record of list.body.records as Array<{ id: string; params: object }>) {
          bodies.push((await agent.get(`${RESOURCE_API}/${entity.name}/records/${record.id}/show`).expect(200)).text);
          expect(Object.keys(record.params).filter(isSecretName)).toEqual([]);
        }
      }
      for (const user of users) bodies.push((await agent.get(`${RESOURCE_API}/User/records/${user.id}/show`).expect(200)).text);
      for (const key of keys) bodies.push((await agent.get(`${RESOURCE_API}/ApiKey/records/${key.id}/show`).expect(200)).text);
      bodies.push((await agent.get(`${RESOURCE_API}/User/actions/search`).expect(200)).text);
      for (const body of bodies) {
        expect(body).not.toContain('$argon2');
        for (const secret of secrets) expect(body).not.toContain(secret);
      }
    });
  });

  describe('queue dashboard (/admin/queues)', () => {
    it('redirects to the admin login without a session', async () => {
      const res = await request(t.http).get('/admin/queues').expect(302);
      expect(res.headers.location).toBe('/admin/login');
      await request(t.http).get('/admin/queues/api/queues').expect(302);
    });

    it('shows every queue to a signed-in platform admin', async () => {
      const page = await agent.get('/admin/queues').expect(200);
      expect(page.text).toMatch(/<html/i);
      const api = await agent.get('/admin/queues/api/queues').expect(200);
      expect(api.body.queues.map((q: { name: string }) => q.name).sort()).toEqual(['bias-analysis', 'frontier-fetch', 'github-scan']);
    });

    it('pauses and resumes a queue for a signed-in platform admin only', async () => {
      const queue = t.app.get<Queue>(getQueueToken(QueueName.FrontierFetch), { strict: false });
      await request(t.http).put('/admin/queues/api/queues/frontier-fetch/pause').expect(302);
      expect(await queue.isPaused()).toBe(false);
      await agent.put('/admin/queues/api/queues/frontier-fetch/pause').expect(200);
      expect(await queue.isPaused()).toBe(true);
      await agent.put('/admin/queues/api/queues/frontier-fetch/resume').expect(200);
      expect(await queue.isPaused()).toBe(false);
    });
  });

  it('signs out', async () => {
    const other = await adminAgent(t.http, platformAdmin.email, platformAdmin.password);
    await other.get('/admin/logout').expect(302);
    const res = await other.get('/admin').expect(302);
    expect(res.headers.location).toBe('/admin/login');
  });
});
