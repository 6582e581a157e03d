import request from 'supertest';
import { createUserWithRole, expectError, registerOrganization, unique, type Session } from '../support/factories.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

type Body = Record<string, unknown>;

const mitigationsOf = (riskItemId: unknown) => `/api/v1/risk-items/${riskItemId}/mitigations`;

describe('Risk mitigations (/api/v1/risk-items/{riskItemId}/mitigations)', () => {
  let t: TestApp;
  let admin: Session;
  let viewer: Session;
  let other: Session;

  const createRisk = async (session: Session, overrides: Body = {}): Promise<Body> =>
    (
      await request(t.http)
        .post('/api/v1/risk-items')
        .set(session.auth)
        .send({
          title: unique('Risk '),
          status: 'open',
          severity: 'high',
          impact: 'high',
          likelihood: 'medium',
          category: 'bias',
          ...overrides,
        })
        .expect(201)
    ).body;

  const createMitigation = async (session: Session, riskItemId: unknown, overrides: Body = {}): Promise<Body> =>
    (
      await request(t.http)
        .post(mitigationsOf(riskItemId))
        .set(session.auth)
        .send({ description: unique('Mitigation '), status: 'planned', ...overrides })
        .expect(201)
    ).body;

  const getMitigation = async (session: Session, riskItemId: unknown, id: unknown): Promise<Body> =>
    (
      await request(t.http)
        .get(`${mitigationsOf(riskItemId)}/${id}`)
        .set(session.auth)
        .expect(200)
    ).body;

  const list = async (session: Session, riskItemId: unknown, query: Body = {}) =>
    (await request(t.http).get(mitigationsOf(riskItemId)).query(query).set(session.auth).expect(200)).body;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await registerOrganization(t.http);
    viewer = await createUserWithRole(t.http, admin, 'viewer');
    other = await registerOrganization(t.http);
  });
  afterAll(() => t.close());

  describe('create and read', () => {
    it('adds a mitigation to a risk item and returns every field', async () => {
      const risk = await createRisk(admin);
      const res = await request(t.http)
        .post(mitigationsOf(risk.id))
        .set(admin.auth)
        .send({ description: '  Re-sample the training set  ', status: 'in-progress', notes: 'Due Q3' })
        .expect(201);
      expect(res.body).toEqual({
        id: expect.any(Number),
        riskItemId: risk.id,
        description: 'Re-sample the training set',
        status: 'in-progress',
        notes: 'Due Q3',
        organizationId: admin.organizationId,
        createdById: admin.userId,
        createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        updatedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      });
      expect(await getMitigation(admin, risk.id, res.body.id)).toEqual(res.body);
      const withoutNotes = await createMitigation(admin, risk.id, { status: 'completed' });
      expect(withoutNotes).toMatchObject({ notes: null, status: 'completed', riskItemId: risk.id });
    });

    it('records the creating user, also for an analyst', async () => {
      const analyst = await createUserWithRole(t.http, admin, 'analyst');
      const risk = await createRisk(admin);
      expect(await createMitigation(analyst, risk.id)).toMatchObject({ createdById: analyst.userId, organizationId: admin.organizationId });
    });

    it('lets a viewer list and read mitigations', async () => {
      const risk = await createRisk(admin);
      const mitigation = await createMitigation(admin, risk.id);
      expect((await list(viewer, risk.id)).data).toEqual([mitigation]);
      expect(await getMitigation(viewer, risk.id, mitigation.id)).toEqual(mitigation);
    });
  });

  describe('validation', () => {
    it('rejects invalid bodies on POST, PATCH and PUT with 400 naming the field', async () => {
      const risk = await createRisk(admin);
      const mitigation = await createMitigation(admin, risk.id, { notes: 'Keep me' });
      const valid = { description: 'Valid', status: 'planned' };
      const creates: Array<[Body, RegExp]> = [
        [{ status: 'planned' }, /description/],
        [{ description: 'No status' }, /status/],
        [{ ...valid, description: '' }, /description/],
        [{ ...valid, description: null }, /description/],
        [{ ...valid, status: 'done' }, /status must be one of: planned, in-progress, completed, rejected/],
        [{ ...valid, status: 'In-Progress' }, /status/],
        [{ ...valid, riskItemId: 1 }, /riskItemId/],
        [{ ...valid, organizationId: 1 }, /organizationId/],
        [{ ...valid, priority: 'high' }, /priority/],
        [{ ...valid, description: 42 }, /description/],
        [{ ...valid, notes: { text: 'x' } }, /notes/],
        [{ ...valid, status: 3 }, /status/],
        [{ ...valid, description: 'x'.repeat(10_001) }, /description/],
        [{ ...valid, notes: 'x'.repeat(10_001) }, /notes/],
      ];
      for (const [body, field] of creates) {
        expect(expectError(await request(t.http).post(mitigationsOf(risk.id)).set(admin.auth).send(body), 400)).toMatch(field);
      }
      const patches: Array<[Body, RegExp]> = [
        [{ status: 'done' }, /status/],
        [{ description: null }, /description/],
        [{ status: null }, /status/],
        [{ notes: 'x'.repeat(10_001) }, /notes/],
        [{ riskItemId: risk.id }, /riskItemId/],
        [{ id: 1 }, /id/],
      ];
      for (const [body, field] of patches) {
        expect(
          expectError(
            await request(t.http)
              .patch(`${mitigationsOf(risk.id)}/${mitigation.id}`)
              .set(admin.auth)
              .send(body),
            400,
          ),
        ).toMatch(field);
      }
      expect(
        expectError(
          await request(t.http)
            .put(`${mitigationsOf(risk.id)}/${mitigation.id}`)
            .set(admin.auth)
            .send({ description: 'Only this' }),
          400,
        ),
      ).toMatch(/status/);
      expect(await getMitigation(admin, risk.id, mitigation.id)).toEqual(mitigation);
      expect((await list(admin, risk.id)).meta.total).toBe(1);
    });

    it('rejects malformed riskItemId and id path parameters with 400 naming them', async () => {
      const risk = await createRisk(admin);
      const mitigation = await createMitigation(admin, risk.id);
      const body = { description: 'x', status: 'planned' };
      for (const bad of ['abc', '0', '-4', '2.5', '99999999999', '1e3']) {
        const parentRoutes = [
          request(t.http).get(mitigationsOf(bad)),
          request(t.http).post(mitigationsOf(bad)).send(body),
          request(t.http).get(`${mitigationsOf(bad)}/${mitigation.id}`),
          request(t.http)
            .patch(`${mitigationsOf(bad)}/${mitigation.id}`)
            .send({ notes: 'x' }),
          request(t.http)
            .put(`${mitigationsOf(bad)}/${mitigation.id}`)
            .send(body),
          request(t.http).delete(`${mitigationsOf(bad)}/${mitigation.id}`),
        ];
        for (const route of parentRoutes)
          expect(expectError(await route.set(admin.auth), 400)).toMatch(/riskItemId must be a positive integer/);
        const itemRoutes = [
          request(t.http).get(`${mitigationsOf(risk.id)}/${bad}`),
          request(t.http)
            .patch(`${mitigationsOf(risk.id)}/${bad}`)
            .send({ notes: 'x' }),
          request(t.http)
            .put(`${mitigationsOf(risk.id)}/${bad}`)
            .send(body),
          request(t.http).delete(`${mitigationsOf(risk.id)}/${bad}`),
        ];
        for (const route of itemRoutes) expect(expectError(await route.set(admin.auth), 400)).toMatch(/^id must be a positive integer/);
      }
      expect(await getMitigation(admin, risk.id, mitigation.id)).toEqual(mitigation);
    });

    it('rejects bad paging, sorting and filters with 400 naming the parameter', async () => {
      const risk = await createRisk(admin);
      const cases: Array<[Body, RegExp]> = [
        [{ limit: 0 }, /limit/],
        [{ limit: 101 }, /limit/],
        [{ page: 0 }, /page/],
        [{ page: 'first' }, /page/],
        [{ sort: 'description:asc' }, /sort: unknown field 'description'/],
        [{ sort: 'riskItemId' }, /sort/],
        [{ status: 'planned,done' }, /status must be one of/],
        [{ q: 'x'.repeat(201) }, /q/],
        [{ riskItemId: 5 }, /riskItemId/],
      ];
      for (const [query, field] of cases) {
        expect(expectError(await request(t.http).get(mitigationsOf(risk.id)).query(query).set(admin.auth), 400)).toMatch(field);
      }
    });
  });

  describe('access', () => {
    it('answers 401 without a token on every route', async () => {
      const risk = await createRisk(admin);
      const mitigation = await createMitigation(admin, risk.id);
      const item = `${mitigationsOf(risk.id)}/${mitigation.id}`;
      const routes = [
        request(t.http).get(mitigationsOf(risk.id)),
        request(t.http).post(mitigationsOf(risk.id)).send({ description: 'x', status: 'planned' }),
        request(t.http).get(item),
        request(t.http).patch(item).send({ notes: 'x' }),
        request(t.http).put(item).send({ description: 'x', status: 'planned' }),
        request(t.http).delete(item),
      ];
      for (const route of routes) expectError(await route, 401);
      expect(await getMitigation(admin, risk.id, mitigation.id)).toEqual(mitigation);
    });

    it('answers 403 to a viewer on every write and changes nothing', async () => {
      const risk = await createRisk(admin);
      const mitigation = await createMitigation(admin, risk.id);
      const item = `${mitigationsOf(risk.id)}/${mitigation.id}`;
      const writes = [
        request(t.http).post(mitigationsOf(risk.id)).send({ description: 'Viewer', status: 'planned' }),
        request(t.http).patch(item).send({ status: 'rejected' }),
        request(t.http).put(item).send({ description: 'Viewer', status: 'rejected' }),
        request(t.http).delete(item),
      ];
      for (const write of writes) expect(expectError(await write.set(viewer.auth), 403)).toMatch(/risks:write/);
      expect((await list(admin, risk.id)).data).toEqual([mitigation]);
    });
  });

  describe('tenancy and parent checks', () => {
    it('answers 404 on every route when the risk item belongs to another organization, changing nothing', async () => {
      const risk = await createRisk(admin);
      const mitigation = await createMitigation(admin, risk.id, { notes: 'Original' });
      const item = `${mitigationsOf(risk.id)}/${mitigation.id}`;
      const routes = [
        request(t.http).get(mitigationsOf(risk.id)),
        request(t.http).post(mitigationsOf(risk.id)).send({ description: 'Injected', status: 'planned' }),
        request(t.http).get(item),
        request(t.http).patch(item).send({ notes: 'Hijacked' }),
        request(t.http).put(item).send({ description: 'Hijacked', status: 'rejected' }),
        request(t.http).delete(item),
      ];
      for (const route of routes) expect(expectError(await route.set(other.auth), 404)).toBe(`Risk item ${risk.id} not found`);
      expect((await list(admin, risk.id)).data).toEqual([mitigation]);
    });

    it("answers 404 for another organization's mitigation under the caller's own risk item", async () => {
      const mine = await createRisk(admin);
      const theirs = await createRisk(other);
      const foreign = await createMitigation(other, theirs.id, { notes: 'Theirs' });
      const item = `${mitigationsOf(mine.id)}/${foreign.id}`;
      const routes = [
        request(t.http).get(item),
        request(t.http).patch(item).send({ notes: 'Hijacked' }),
        request(t.http).put(item).send({ description: 'Hijacked', status: 'rejected' }),
        request(t.http).delete(item),
      ];
      for (const route of routes) expectError(await route.set(admin.auth), 404);
      expect(await getMitigation(other, theirs.id, foreign.id)).toEqual(foreign);
    });

    it('answers 404 for a mitigation of a different risk item in the same organization', async () => {
      const first = await createRisk(admin);
      const second = await createRisk(admin);
      const mitigation = await createMitigation(admin, first.id);
      const item = `${mitigationsOf(second.id)}/${mitigation.id}`;
      const routes = [
        request(t.http).get(item),
        request(t.http).patch(item).send({ status: 'completed' }),
        request(t.http).put(item).send({ description: 'Moved?', status: 'completed' }),
        request(t.http).delete(item),
      ];
      for (const route of routes) {
        expect(expectError(await route.set(admin.auth), 404)).toBe(`Mitigation ${mitigation.id} not found for risk item ${second.id}`);
      }
      expect(await getMitigation(admin, first.id, mitigation.id)).toEqual(mitigation);
      expect((await list(admin, second.id)).meta.total).toBe(0);
    });

    it('answers 404 for a risk item that does not exist', async () => {
      expectError(await request(t.http).get(mitigationsOf(2_147_483_647)).set(admin.auth), 404);
      expectError(
        await request(t.http).post(mitigationsOf(2_147_483_647)).set(admin.auth).send({ description: 'x', status: 'planned' }),
        404,
      );
      const risk = await createRisk(admin);
      expectError(
        await request(t.http)
          .get(`${mitigationsOf(risk.id)}/2147483647`)
          .set(admin.auth),
        404,
      );
    });

    it("lists only the parent's mitigations, never another organization's", async () => {
      const mine = await createRisk(admin);
      const sibling = await createRisk(admin);
      const theirs = await createRisk(other);
      const m1 = await createMitigation(admin, mine.id);
      await createMitigation(admin, sibling.id);
      await createMitigation(other, theirs.id);
      const res = await list(admin, mine.id);
      expect(res.data.map((m: Body) => m.id)).toEqual([m1.id]);
      expect(res.meta).toEqual({ page: 1, limit: 20, total: 1, totalPages: 1 });
      for (const m of (await list(other, theirs.id)).data as Body[]) expect(m.organizationId).toBe(other.organizationId);
    });
  });

  describe('update and delete', () => {
    it('PATCH changes only the given fields; PUT clears notes it does not send', async () => {
      const risk = await createRisk(admin);
      const mitigation = await createMitigation(admin, risk.id, { description: 'Original', notes: 'Some notes' });
      const patched = await request(t.http)
        .patch(`${mitigationsOf(risk.id)}/${mitigation.id}`)
        .set(admin.auth)
        .send({ status: 'completed' })
        .expect(200);
      expect(patched.body).toEqual({ ...mitigation, status: 'completed', updatedAt: expect.any(String) });
      const cleared = await request(t.http)
        .patch(`${mitigationsOf(risk.id)}/${mitigation.id}`)
        .set(admin.auth)
        .send({ notes: null })
        .expect(200);
      expect(cleared.body).toMatchObject({ description: 'Original', status: 'completed', notes: null });
      await request(t.http)
        .patch(`${mitigationsOf(risk.id)}/${mitigation.id}`)
        .set(admin.auth)
        .send({ notes: 'Back' })
        .expect(200);
      const replaced = await request(t.http)
        .put(`${mitigationsOf(risk.id)}/${mitigation.id}`)
        .set(admin.auth)
        .send({ description: 'Replaced', status: 'rejected' })
        .expect(200);
      expect(replaced.body).toEqual({
        ...mitigation,
        description: 'Replaced',
        status: 'rejected',
        notes: null,
        updatedAt: expect.any(String),
      });
      expect(await getMitigation(admin, risk.id, mitigation.id)).toEqual(replaced.body);
    });

    it('DELETE answers 204 and the mitigation is gone; the risk item stays', async () => {
      const risk = await createRisk(admin);
      const keep = await createMitigation(admin, risk.id);
      const drop = await createMitigation(admin, risk.id);
      const res = await request(t.http)
        .delete(`${mitigationsOf(risk.id)}/${drop.id}`)
        .set(admin.auth)
        .expect(204);
      expect(res.text).toBe('');
      expectError(
        await request(t.http)
          .get(`${mitigationsOf(risk.id)}/${drop.id}`)
          .set(admin.auth),
        404,
      );
      expectError(
        await request(t.http)
          .delete(`${mitigationsOf(risk.id)}/${drop.id}`)
          .set(admin.auth),
        404,
      );
      expect((await list(admin, risk.id)).data.map((m: Body) => m.id)).toEqual([keep.id]);
      await request(t.http).get(`/api/v1/risk-items/${risk.id}`).set(admin.auth).expect(200);
    });

    it('a deleted risk item takes its mitigations with it', async () => {
      const risk = await createRisk(admin);
      const mitigation = await createMitigation(admin, risk.id);
      await request(t.http).delete(`/api/v1/risk-items/${risk.id}`).set(admin.auth).expect(204);
      expect(
        expectError(
          await request(t.http)
            .get(`${mitigationsOf(risk.id)}/${mitigation.id}`)
            .set(admin.auth),
          404,
        ),
      ).toBe(`Risk item ${risk.id} not found`);
    });
  });

  describe('list: paging, filters, search and sorting', () => {
    let risk: Body;
    let created: Body[];

    beforeAll(async () => {
      risk = await createRisk(admin);
      created = [];
      for (const [description, status, notes] of [
        ['Add human review', 'planned', null],
        ['Retrain with balanced data', 'in-progress', 'Waiting for the DATA team'],
        ['Document limitations', 'completed', null],
        ['Drop the feature', 'rejected', 'Too costly'],
        ['Monitor drift', 'in-progress', null],
      ]) {
        created.push(await createMitigation(admin, risk.id, { description, status, notes }));
      }
    });

    const descriptions = (body: { data: Body[] }) => body.data.map((m) => m.description);

    it('pages with correct meta, newest first by default', async () => {
      const page2 = await list(admin, risk.id, { limit: 2, page: 2 });
      expect(page2.meta).toEqual({ page: 2, limit: 2, total: 5, totalPages: 3 });
      expect(descriptions(page2)).toEqual(['Document limitations', 'Retrain with balanced data']);
      const last = await list(admin, risk.id, { limit: 2, page: 3 });
      expect(descriptions(last)).toEqual(['Add human review']);
      expect((await list(admin, risk.id, { limit: 2, page: 4 })).data).toEqual([]);
    });

    it('filters by status (comma list) and searches description and notes', async () => {
      expect(descriptions(await list(admin, risk.id, { status: 'in-progress', sort: 'id:asc' }))).toEqual([
        'Retrain with balanced data',
        'Monitor drift',
      ]);
      expect(descriptions(await list(admin, risk.id, { status: 'planned,rejected', sort: 'id:asc' }))).toEqual([
        'Add human review',
        'Drop the feature',
      ]);
      expect(descriptions(await list(admin, risk.id, { q: 'data team' }))).toEqual(['Retrain with balanced data']);
      expect(descriptions(await list(admin, risk.id, { q: 'COSTLY' }))).toEqual(['Drop the feature']);
      expect(descriptions(await list(admin, risk.id, { q: 'drift', status: 'completed' }))).toEqual([]);
    });

    it('sorts by id, status and createdAt', async () => {
      expect((await list(admin, risk.id, { sort: 'id:asc' })).data.map((m: Body) => m.id)).toEqual(created.map((m) => m.id));
      expect((await list(admin, risk.id, { sort: 'id:desc' })).data.map((m: Body) => m.id)).toEqual(created.map((m) => m.id).reverse());
      expect(descriptions(await list(admin, risk.id, { sort: 'createdAt:asc' }))).toEqual(created.map((m) => m.description));
      expect((await list(admin, risk.id, { sort: 'status:asc,createdAt:asc' })).data.map((m: Body) => m.status)).toEqual([
        'completed',
        'in-progress',
        'in-progress',
        'planned',
        'rejected',
      ]);
    });
  });
});
