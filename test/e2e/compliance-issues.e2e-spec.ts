import request from 'supertest';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { createUserWithRole, expectError, registerOrganization, unique, type Session } from '../support/factories.js';

const BASE = '/api/v1/compliance-issues';

describe('Compliance issues', () => {
  let t: TestApp;
  let admin: Session;
  let other: Session;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await registerOrganization(t.http);
    other = await registerOrganization(t.http);
  });
  afterAll(() => t.close());

  const createSystem = async (session: Session, name = unique('System ')) =>
    (await request(t.http).post('/api/v1/ai-systems').set(session.auth).send({ name }).expect(201)).body as { id: number };

  const createIssue = async (session: Session, body: Record<string, unknown> = {}) =>
    (
      await request(t.http)
        .post(BASE)
        .set(session.auth)
        .send({ title: unique('Issue '), status: 'open', severity: 'medium', ...body })
        .expect(201)
    ).body as Record<string, unknown> & { id: number };

  describe('happy paths', () => {
    it('creates an issue with every field and reads it back', async () => {
      const system = await createSystem(admin);
      const res = await request(t.http)
        .post(BASE)
        .set(admin.auth)
        .send({
          title: '  Missing DPIA  ',
          description: 'No data protection impact assessment on file.',
          status: 'in-progress',
          severity: 'critical',
          aiSystemId: system.id,
        })
        .expect(201);
      expect(res.body).toEqual({
        id: expect.any(Number),
        title: 'Missing DPIA',
        description: 'No data protection impact assessment on file.',
        status: 'in-progress',
        severity: 'critical',
        aiSystemId: system.id,
        organizationId: admin.organizationId,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect(Number.isNaN(Date.parse(res.body.createdAt))).toBe(false);

      const got = await request(t.http).get(`${BASE}/${res.body.id}`).set(admin.auth).expect(200);
      expect(got.body).toEqual(res.body);
    });

    it('creates an issue with only the required fields', async () => {
      const res = await request(t.http).post(BASE).set(admin.auth).send({ title: 'Bare', status: 'open', severity: 'low' }).expect(201);
      expect(res.body).toMatchObject({ title: 'Bare', status: 'open', severity: 'low', description: null, aiSystemId: null });
    });

    it('PATCH changes only the fields sent, and can clear optional ones with null', async () => {
      const system = await createSystem(admin);
      const issue = await createIssue(admin, { description: 'Keep me', aiSystemId: system.id, severity: 'high' });
      const patched = await request(t.http).patch(`${BASE}/${issue.id}`).set(admin.auth).send({ status: 'resolved' }).expect(200);
      expect(patched.body).toEqual({ ...issue, status: 'resolved', updatedAt: expect.any(String) });
      expect(Date.parse(patched.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(issue.updatedAt as string));

      const cleared = await request(t.http)
        .patch(`${BASE}/${issue.id}`)
        .set(admin.auth)
        .send({ description: null, aiSystemId: null })
        .expect(200);
      expect(cleared.body).toMatchObject({ description: null, aiSystemId: null, status: 'resolved', severity: 'high', title: issue.title });
      const got = await request(t.http).get(`${BASE}/${issue.id}`).set(admin.auth).expect(200);
      expect(got.body).toEqual(cleared.body);
    });

    it('PUT replaces the whole issue, clearing the optional fields left out', async () => {
      const system = await createSystem(admin);
      const issue = await createIssue(admin, { description: 'Old', aiSystemId: system.id });
      const replaced = await request(t.http)
        .put(`${BASE}/${issue.id}`)
        .set(admin.auth)
        .send({ title: 'Replaced', status: 'accepted', severity: 'low' })
        .expect(200);
      expect(replaced.body).toEqual({
        id: issue.id,
        title: 'Replaced',
        description: null,
        status: 'accepted',
        severity: 'low',
        aiSystemId: null,
        organizationId: admin.organizationId,
        createdAt: issue.createdAt,
        updatedAt: expect.any(String),
      });

      const missing = await request(t.http).put(`${BASE}/${issue.id}`).set(admin.auth).send({ title: 'Only a title' });
      const message = expectError(missing, 400);
      expect(message).toMatch(/status/);
      expect(message).toMatch(/severity/);
      expect((await request(t.http).get(`${BASE}/${issue.id}`).set(admin.auth).expect(200)).body).toEqual(replaced.body);
    });

    it('DELETE answers 204 and the issue is gone', async () => {
      const issue = await createIssue(admin);
      const res = await request(t.http).delete(`${BASE}/${issue.id}`).set(admin.auth).expect(204);
      expect(res.text).toBe('');
      expectError(await request(t.http).get(`${BASE}/${issue.id}`).set(admin.auth), 404);
      expectError(await request(t.http).delete(`${BASE}/${issue.id}`).set(admin.auth), 404);
    });

    it('a compliance officer can write issues', async () => {
      const officer = await createUserWithRole(t.http, admin, 'compliance_officer');
      const issue = await createIssue(officer, { severity: 'high' });
      expect(issue.organizationId).toBe(admin.organizationId);
      await request(t.http).patch(`${BASE}/${issue.id}`).set(officer.auth).send({ status: 'closed' }).expect(200);
      await request(t.http).delete(`${BASE}/${issue.id}`).set(officer.auth).expect(204);
    });

    it('deleting an AI system leaves its compliance issues, unlinked', async () => {
      const system = await createSystem(admin);
      const issue = await createIssue(admin, { aiSystemId: system.id });
      await request(t.http).delete(`/api/v1/ai-systems/${system.id}`).set(admin.auth).expect(204);
      const got = await request(t.http).get(`${BASE}/${issue.id}`).set(admin.auth).expect(200);
      expect(got.body).toMatchObject({ id: issue.id, title: issue.title, aiSystemId: null });
    });
  });

  describe('validation', () => {
    it('rejects invalid create bodies with 400 naming the field', async () => {
      const valid = { title: 'A title', status: 'open', severity: 'low' };
      const cases: Array<[Record<string, unknown>, RegExp]> = [
        [{ status: 'open', severity: 'low' }, /title/],
        [{ title: 'A title', severity: 'low' }, /status/],
        [{ title: 'A title', status: 'open' }, /severity/],
        [{ ...valid, status: 'pending' }, /status must be one of/],
        [{ ...valid, severity: 'extreme' }, /severity must be one of/],
        [{ ...valid, status: null }, /status/],
        [{ ...valid, organizationId: other.organizationId }, /organizationId/],
        [{ ...valid, id: 5 }, /\bid\b/],
        [{ ...valid, title: 42 }, /title/],
        [{ ...valid, title: '   ' }, /title/],
        [{ ...valid, title: 'x'.repeat(201) }, /title/],
        [{ ...valid, description: 'x'.repeat(10_001) }, /description/],
        [{ ...valid, description: ['a'] }, /description/],
        [{ ...valid, aiSystemId: 'abc' }, /aiSystemId/],
        [{ ...valid, aiSystemId: 0 }, /aiSystemId/],
        [{ ...valid, aiSystemId: 1.5 }, /aiSystemId/],
        [{ ...valid, aiSystemId: 2_147_483_648 }, /aiSystemId/],
      ];
      for (const [body, field] of cases) {
        const res = await request(t.http).post(BASE).set(admin.auth).send(body);
        expect(expectError(res, 400)).toMatch(field);
      }
      const list = await request(t.http).get(BASE).set(admin.auth).query({ q: 'A title' }).expect(200);
      expect(list.body.meta.total).toBe(0);
    });

    it('rejects invalid PATCH bodies without changing the issue', async () => {
      const issue = await createIssue(admin);
      const cases: Array<[Record<string, unknown>, RegExp]> = [
        [{ title: null }, /title/],
        [{ status: null }, /status/],
        [{ severity: 'urgent' }, /severity/],
        [{ title: '' }, /title/],
        [{ organizationId: other.organizationId }, /organizationId/],
        [{ aiSystemId: -3 }, /aiSystemId/],
      ];
      for (const [body, field] of cases) {
        const res = await request(t.http).patch(`${BASE}/${issue.id}`).set(admin.auth).send(body);
        expect(expectError(res, 400)).toMatch(field);
      }
      expect((await request(t.http).get(`${BASE}/${issue.id}`).set(admin.auth).expect(200)).body).toEqual(issue);
    });

    it('rejects bad path ids with 400', async () => {
      for (const id of ['abc', '0', '-1', '1.5', '99999999999']) {
        expect(expectError(await request(t.http).get(`${BASE}/${id}`).set(admin.auth), 400)).toMatch(/id/);
        expectError(await request(t.http).patch(`${BASE}/${id}`).set(admin.auth).send({ status: 'open' }), 400);
        expectError(await request(t.http).delete(`${BASE}/${id}`).set(admin.auth), 400);
      }
      expectError(await request(t.http).get(`${BASE}/2147483647`).set(admin.auth), 404);
    });

    it('rejects bad list parameters with 400 naming the parameter', async () => {
      const cases: Array<[Record<string, string>, RegExp]> = [
        [{ page: '0' }, /page/],
        [{ page: 'two' }, /page/],
        [{ limit: '101' }, /limit/],
        [{ limit: '0' }, /limit/],
        [{ sort: 'organizationId:asc' }, /sort/],
        [{ sort: 'title:sideways' }, /sort/],
        [{ sort: 'title;drop table' }, /sort/],
        [{ status: 'open,bogus' }, /status/],
        [{ severity: 'huge' }, /severity/],
        [{ aiSystemId: 'abc' }, /aiSystemId/],
        [{ q: 'x'.repeat(201) }, /q/],
        [{ unknown: '1' }, /unknown/],
      ];
      for (const [query, field] of cases) {
        const res = await request(t.http).get(BASE).set(admin.auth).query(query);
        expect(expectError(res, 400)).toMatch(field);
      }
    });
  });

  describe('access', () => {
    it('answers 401 without credentials', async () => {
      const issue = await createIssue(admin);
      expectError(await request(t.http).get(BASE), 401);
      expectError(await request(t.http).get(`${BASE}/${issue.id}`), 401);
      expectError(await request(t.http).post(BASE).send({ title: 'x', status: 'open', severity: 'low' }), 401);
      expectError(await request(t.http).patch(`${BASE}/${issue.id}`).send({ status: 'closed' }), 401);
      expectError(await request(t.http).put(`${BASE}/${issue.id}`).send({ title: 'x', status: 'open', severity: 'low' }), 401);
      expectError(await request(t.http).delete(`${BASE}/${issue.id}`), 401);
      expectError(await request(t.http).get(BASE).set('Authorization', 'Bearer nonsense'), 401);
    });

    it('lets a viewer read but answers 403 to every write', async () => {
      const viewer = await createUserWithRole(t.http, admin, 'viewer');
      const issue = await createIssue(admin);
      await request(t.http).get(BASE).set(viewer.auth).expect(200);
      const got = await request(t.http).get(`${BASE}/${issue.id}`).set(viewer.auth).expect(200);
      expect(got.body).toEqual(issue);

      const body = { title: 'Viewer issue', status: 'open', severity: 'low' };
      expect(expectError(await request(t.http).post(BASE).set(viewer.auth).send(body), 403)).toMatch(/compliance:write/);
      expectError(await request(t.http).patch(`${BASE}/${issue.id}`).set(viewer.auth).send({ status: 'closed' }), 403);
      expectError(await request(t.http).put(`${BASE}/${issue.id}`).set(viewer.auth).send(body), 403);
      expectError(await request(t.http).delete(`${BASE}/${issue.id}`).set(viewer.auth), 403);
      expect((await request(t.http).get(`${BASE}/${issue.id}`).set(admin.auth).expect(200)).body).toEqual(issue);
    });
  });

  describe('tenancy', () => {
    it("answers 404 for another organization's issue and leaves it unchanged", async () => {
      const foreign = await createIssue(other, { description: 'Theirs', severity: 'critical' });
      const body = { title: 'Hijacked', status: 'closed', severity: 'low' };
      expect(expectError(await request(t.http).get(`${BASE}/${foreign.id}`).set(admin.auth), 404)).toBe(
        `Compliance issue ${foreign.id} not found`,
      );
      expectError(await request(t.http).patch(`${BASE}/${foreign.id}`).set(admin.auth).send({ title: 'Hijacked' }), 404);
      expectError(await request(t.http).put(`${BASE}/${foreign.id}`).set(admin.auth).send(body), 404);
      expectError(await request(t.http).delete(`${BASE}/${foreign.id}`).set(admin.auth), 404);
      expect((await request(t.http).get(`${BASE}/${foreign.id}`).set(other.auth).expect(200)).body).toEqual(foreign);
    });

    it("rejects another organization's aiSystemId (or an unknown one) with 400 naming aiSystemId", async () => {
      const foreignSystem = await createSystem(other);
      const issue = await createIssue(admin);
      const body = { title: 'Linked', status: 'open', severity: 'low', aiSystemId: foreignSystem.id };
      expect(expectError(await request(t.http).post(BASE).set(admin.auth).send(body), 400)).toMatch(/^aiSystemId: /);
      expect(
        expectError(await request(t.http).patch(`${BASE}/${issue.id}`).set(admin.auth).send({ aiSystemId: foreignSystem.id }), 400),
      ).toMatch(/aiSystemId/);
      expect(expectError(await request(t.http).put(`${BASE}/${issue.id}`).set(admin.auth).send(body), 400)).toMatch(/aiSystemId/);
      const unknown = await request(t.http)
        .post(BASE)
        .set(admin.auth)
        .send({ ...body, aiSystemId: 2_147_483_647 });
      expect(expectError(unknown, 400)).toMatch(/aiSystemId/);
      expect((await request(t.http).get(`${BASE}/${issue.id}`).set(admin.auth).expect(200)).body).toEqual(issue);
      const filtered = await request(t.http).get(BASE).set(admin.auth).query({ aiSystemId: foreignSystem.id }).expect(200);
      expect(filtered.body.meta.total).toBe(0);
    });

    it("never lists another organization's issues", async () => {
      const marker = unique('tenancy-marker-');
      const own = await createIssue(admin, { title: `${marker} own` });
      await createIssue(other, { title: `${marker} theirs` });
      const list = await request(t.http).get(BASE).set(admin.auth).query({ q: marker }).expect(200);
      expect(list.body.data.map((i: { id: number }) => i.id)).toEqual([own.id]);
      const all = await request(t.http).get(BASE).set(admin.auth).query({ limit: 100 }).expect(200);
      expect(all.body.data.length).toBeGreaterThan(0);
      for (const issue of all.body.data) expect(issue.organizationId).toBe(admin.organizationId);
    });
  });

  describe('listing', () => {
    let session: Session;
    const ids: Record<string, number> = {};
    let systemId: number;

    beforeAll(async () => {
      session = await registerOrganization(t.http);
      systemId = (await createSystem(session)).id;
      const rows: Array<[string, Record<string, unknown>]> = [
        ['alpha', { title: 'Alpha: consent records', status: 'open', severity: 'low' }],
        [
          'bravo',
          {
            title: 'Bravo: model card',
            description: 'Needs a 100% complete model card',
            status: 'resolved',
            severity: 'high',
            aiSystemId: systemId,
          },
        ],
        ['charlie', { title: 'Charlie: logging', status: 'in-progress', severity: 'critical', aiSystemId: systemId }],
        ['delta', { title: 'Delta: retention', description: 'Data retention policy missing', status: 'open', severity: 'high' }],
        ['echo', { title: 'Echo: transparency notice', status: 'closed', severity: 'medium' }],
      ];
      for (const [key, body] of rows) ids[key] = (await createIssue(session, body)).id;
    });

    const list = async (query: Record<string, string | number>) =>
      (await request(t.http).get(BASE).set(session.auth).query(query).expect(200)).body as {
        data: Array<{ id: number; title: string; severity: string }>;
        meta: { page: number; limit: number; total: number; totalPages: number };
      };
    const idsOf = (body: { data: Array<{ id: number }> }) => body.data.map((i) => i.id);

    it('sorts by createdAt descending by default, with page meta', async () => {
      const body = await list({});
      expect(idsOf(body)).toEqual([ids.echo, ids.delta, ids.charlie, ids.bravo, ids.alpha]);
      expect(body.meta).toEqual({ page: 1, limit: 20, total: 5, totalPages: 1 });
    });

    it('filters by status and severity (comma lists) and by aiSystemId', async () => {
      expect(idsOf(await list({ status: 'open' })).sort()).toEqual([ids.alpha, ids.delta].sort());
      expect(idsOf(await list({ status: 'open,closed' })).sort()).toEqual([ids.alpha, ids.delta, ids.echo].sort());
      expect(idsOf(await list({ severity: 'high' })).sort()).toEqual([ids.bravo, ids.delta].sort());
      expect(idsOf(await list({ status: 'open', severity: 'high,critical' }))).toEqual([ids.delta]);
      expect(idsOf(await list({ aiSystemId: systemId })).sort()).toEqual([ids.bravo, ids.charlie].sort());
      expect((await list({ status: 'accepted' })).meta).toEqual({ page: 1, limit: 20, total: 0, totalPages: 0 });
    });

    it('searches title and description case-insensitively, treating wildcards literally', async () => {
      expect(idsOf(await list({ q: 'LOGGING' }))).toEqual([ids.charlie]);
      expect(idsOf(await list({ q: 'retention policy' }))).toEqual([ids.delta]);
      expect(idsOf(await list({ q: '100%' }))).toEqual([ids.bravo]);
      expect(idsOf(await list({ q: '%' }))).toEqual([ids.bravo]);
      expect(idsOf(await list({ q: '_' }))).toEqual([]);
      expect(idsOf(await list({ q: 'a', severity: 'high' })).sort()).toEqual([ids.bravo, ids.delta].sort());
    });

    it('sorts by the allowed fields', async () => {
      expect(idsOf(await list({ sort: 'title:asc' }))).toEqual([ids.alpha, ids.bravo, ids.charlie, ids.delta, ids.echo]);
      expect(idsOf(await list({ sort: 'title:desc' }))).toEqual([ids.echo, ids.delta, ids.charlie, ids.bravo, ids.alpha]);
      expect(idsOf(await list({ sort: 'id:desc' }))).toEqual([ids.echo, ids.delta, ids.charlie, ids.bravo, ids.alpha]);
      // Severity sorts by rank (low < medium < high < critical), not alphabetically.
      expect(idsOf(await list({ sort: 'severity:asc,title:desc' }))).toEqual([ids.alpha, ids.echo, ids.delta, ids.bravo, ids.charlie]);
      expect(idsOf(await list({ sort: 'severity:desc,title:asc' }))).toEqual([ids.charlie, ids.bravo, ids.delta, ids.echo, ids.alpha]);
      expect(idsOf(await list({ sort: 'status:asc,title:asc' }))).toEqual([ids.echo, ids.charlie, ids.alpha, ids.delta, ids.bravo]);
      await request(t.http).get(BASE).set(session.auth).query({ sort: 'createdAt:asc' }).expect(200);
      await request(t.http).get(BASE).set(session.auth).query({ sort: 'updatedAt:desc' }).expect(200);
    });

    it('paginates', async () => {
      const page1 = await list({ sort: 'title:asc', limit: 2 });
      expect(idsOf(page1)).toEqual([ids.alpha, ids.bravo]);
      expect(page1.meta).toEqual({ page: 1, limit: 2, total: 5, totalPages: 3 });
      const page3 = await list({ sort: 'title:asc', limit: 2, page: 3 });
      expect(idsOf(page3)).toEqual([ids.echo]);
      expect(page3.meta).toEqual({ page: 3, limit: 2, total: 5, totalPages: 3 });
      const beyond = await list({ limit: 2, page: 9 });
      expect(beyond.data).toEqual([]);
      expect(beyond.meta.total).toBe(5);
    });
  });
});
