import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createUserWithRole, expectError, registerOrganization, unique, type Session } from '../support/factories.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const BASE = '/api/v1/risk-items';
const EXPORT = `${BASE}/export.csv`;

type Body = Record<string, unknown>;

const riskBody = (overrides: Body = {}): Body => ({
  title: unique('Risk '),
  status: 'open',
  severity: 'high',
  impact: 'medium',
  likelihood: 'low',
  category: 'bias',
  ...overrides,
});

describe('Risk items (/api/v1/risk-items)', () => {
  let t: TestApp;
  let db: DataSource;
  let admin: Session;
  let viewer: Session;
  let other: Session;

  const createRisk = async (session: Session, overrides: Body = {}): Promise<Body> =>
    (await request(t.http).post(BASE).set(session.auth).send(riskBody(overrides)).expect(201)).body;

  const createAiSystem = async (session: Session, name = unique('System ')): Promise<Body> =>
    (await request(t.http).post('/api/v1/ai-systems').set(session.auth).send({ name }).expect(201)).body;

  const getRisk = async (session: Session, id: unknown): Promise<Body> =>
    (await request(t.http).get(`${BASE}/${id}`).set(session.auth).expect(200)).body;

  const listRisks = async (session: Session, query: Body = {}) =>
    (await request(t.http).get(BASE).query(query).set(session.auth).expect(200)).body;

  const exportRows = async (session: Session, query: Body = {}): Promise<string[][]> => {
    const res = await request(t.http).get(EXPORT).query(query).set(session.auth).buffer(true).parse(textParser).expect(200);
    return parse(res.body as string) as string[][];
  };

  beforeAll(async () => {
    // A small pool makes a connection leaked by the CSV export show up as hanging requests.
    t = await createTestApp({ DATABASE_POOL_SIZE: '3' });
    db = t.app.get(DataSource);
    admin = await registerOrganization(t.http);
    viewer = await createUserWithRole(t.http, admin, 'viewer');
    other = await registerOrganization(t.http);
  });
  afterAll(() => t.close());

  describe('create and read', () => {
    it('creates a risk item with every field and returns it in camelCase', async () => {
      const system = await createAiSystem(admin);
      const body = riskBody({
        description: 'Older applicants are under-represented.',
        severity: 'critical',
        impact: 'high',
        likelihood: 'medium',
        category: 'data_quality',
        systemDetails: 'Scoring service v2, eu-west-1',
        aiSystemId: system.id,
      });
      const res = await request(t.http).post(BASE).set(admin.auth).send(body).expect(201);
      expect(res.body).toEqual({
        id: expect.any(Number),
        title: body.title,
        description: 'Older applicants are under-represented.',
        status: 'open',
        severity: 'critical',
        impact: 'high',
        likelihood: 'medium',
        category: 'data_quality',
        systemDetails: 'Scoring service v2, eu-west-1',
        aiSystemId: system.id,
        createdById: admin.userId,
        organizationId: admin.organizationId,
        createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        updatedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      });
      expect(await getRisk(admin, res.body.id)).toEqual(res.body);
    });

    it('stores optional fields as null when left out and trims text', async () => {
      const res = await request(t.http)
        .post(BASE)
        .set(admin.auth)
        .send(riskBody({ title: '  Padded title  ' }))
        .expect(201);
      expect(res.body).toMatchObject({ title: 'Padded title', description: null, systemDetails: null, aiSystemId: null });
    });

    it('lets a viewer read the list, one item and the export', async () => {
      const risk = await createRisk(admin);
      expect((await getRisk(viewer, risk.id)).title).toBe(risk.title);
      expect((await listRisks(viewer, { q: risk.title as string })).data.map((r: Body) => r.id)).toEqual([risk.id]);
      const rows = await exportRows(viewer, { q: risk.title as string });
      expect(rows).toHaveLength(2);
      expect(rows[1][1]).toBe(risk.title);
    });
  });

  describe('validation', () => {
    it('rejects invalid bodies on POST with 400 naming the field', async () => {
      const cases: Array<[Body, RegExp]> = [
        [{ ...riskBody(), title: undefined }, /title/],
        [{ ...riskBody(), status: undefined }, /status/],
        [{ ...riskBody(), severity: undefined }, /severity/],
        [{ ...riskBody(), impact: undefined }, /impact/],
        [{ ...riskBody(), likelihood: undefined }, /likelihood/],
        [{ ...riskBody(), category: undefined }, /category/],
        [riskBody({ title: '' }), /title/],
        [riskBody({ title: '   ' }), /title/],
        [riskBody({ title: null }), /title/],
        [riskBody({ severity: 'extreme' }), /severity must be one of: low, medium, high, critical/],
        [riskBody({ status: 'OPEN' }), /status/],
        [riskBody({ impact: 'critical' }), /impact/],
        [riskBody({ likelihood: 'certain' }), /likelihood/],
        [riskBody({ category: 'astrology' }), /category/],
        [riskBody({ organizationId: 1 }), /organizationId/],
        [riskBody({ createdById: 1 }), /createdById/],
        [riskBody({ unknownField: 'x' }), /unknownField/],
        [riskBody({ title: 42 }), /title/],
        [riskBody({ title: ['a'] }), /title/],
        [riskBody({ description: 5 }), /description/],
        [riskBody({ aiSystemId: 'abc' }), /aiSystemId/],
        [riskBody({ aiSystemId: 1.5 }), /aiSystemId/],
        [riskBody({ aiSystemId: 0 }), /aiSystemId/],
        [riskBody({ aiSystemId: 2_147_483_648 }), /aiSystemId/],
        [riskBody({ title: 'x'.repeat(201) }), /title/],
        [riskBody({ description: 'x'.repeat(10_001) }), /description/],
        [riskBody({ systemDetails: 'x'.repeat(10_001) }), /systemDetails/],
      ];
      for (const [body, field] of cases) {
        const res = await request(t.http).post(BASE).set(admin.auth).send(body);
        expect(expectError(res, 400)).toMatch(field);
      }
      expect(expectError(await request(t.http).post(BASE).set(admin.auth).send([riskBody()]), 400)).toBeTruthy();
      expect((await listRisks(admin, { q: 'x'.repeat(200) })).meta.total).toBe(0);
    });

    it('accepts the longest allowed strings', async () => {
      const res = await request(t.http)
        .post(BASE)
        .set(admin.auth)
        .send(riskBody({ title: 't'.repeat(200), description: 'd'.repeat(10_000), systemDetails: 's'.repeat(10_000) }))
        .expect(201);
      expect((res.body.title as string).length).toBe(200);
    });

    it('rejects invalid PATCH and PUT bodies and leaves the item unchanged', async () => {
      const risk = await createRisk(admin);
      const patches: Array<[Body, RegExp]> = [
        [{ severity: 'extreme' }, /severity/],
        [{ title: null }, /title/],
        [{ status: null }, /status/],
        [{ title: 'x'.repeat(201) }, /title/],
        [{ id: 5 }, /id/],
        [{ organizationId: other.organizationId }, /organizationId/],
        [{ aiSystemId: 'one' }, /aiSystemId/],
      ];
      for (const [body, field] of patches) {
        expect(expectError(await request(t.http).patch(`${BASE}/${risk.id}`).set(admin.auth).send(body), 400)).toMatch(field);
      }
      const partial = { title: 'Only a title' };
      expect(expectError(await request(t.http).put(`${BASE}/${risk.id}`).set(admin.auth).send(partial), 400)).toMatch(/status/);
      expect(await getRisk(admin, risk.id)).toEqual(risk);
    });

    it('rejects malformed path ids with 400 on every item route', async () => {
      for (const id of ['abc', '0', '-1', '1.5', '99999999999', '2147483648', '1,2', '1e3', '0x10', '007']) {
        const routes = [
          request(t.http).get(`${BASE}/${id}`),
          request(t.http).patch(`${BASE}/${id}`).send({ title: 'x' }),
          request(t.http).put(`${BASE}/${id}`).send(riskBody()),
          request(t.http).delete(`${BASE}/${id}`),
        ];
        for (const route of routes) expect(expectError(await route.set(admin.auth), 400)).toMatch(/id must be a positive integer/);
      }
      expectError(await request(t.http).get(`${BASE}/2147483647`).set(admin.auth), 404);
    });

    it('rejects bad paging, sorting and filters with 400 naming the parameter', async () => {
      const cases: Array<[Body, RegExp]> = [
        [{ limit: 0 }, /limit/],
        [{ limit: 101 }, /limit/],
        [{ limit: 'ten' }, /limit/],
        [{ page: 0 }, /page/],
        [{ page: -3 }, /page/],
        [{ sort: 'colour:asc' }, /sort: unknown field 'colour'/],
        [{ sort: 'organizationId:asc' }, /sort/],
        [{ sort: 'title:sideways' }, /sort/],
        [{ status: 'open,bogus' }, /status must be one of/],
        [{ severity: 'extreme' }, /severity/],
        [{ impact: 'critical' }, /impact/],
        [{ likelihood: 'x' }, /likelihood/],
        [{ category: 'astrology' }, /category/],
        [{ aiSystemId: 'abc' }, /aiSystemId/],
        [{ createdById: '0' }, /createdById/],
        [{ q: 'x'.repeat(201) }, /q must be shorter/],
        [{ colour: 'red' }, /colour/],
      ];
      for (const [query, field] of cases) {
        expect(expectError(await request(t.http).get(BASE).query(query).set(admin.auth), 400)).toMatch(field);
        expect(expectError(await request(t.http).get(EXPORT).query(query).set(admin.auth), 400)).toMatch(field);
      }
      // The export has no paging.
      expect(expectError(await request(t.http).get(EXPORT).query({ page: 1 }).set(admin.auth), 400)).toMatch(/page/);
    });
  });

  describe('access', () => {
    it('answers 401 without a token on every route', async () => {
      const risk = await createRisk(admin);
      const routes = [
        request(t.http).get(BASE),
        request(t.http).get(EXPORT),
        request(t.http).get(`${BASE}/${risk.id}`),
        request(t.http).post(BASE).send(riskBody()),
        request(t.http).patch(`${BASE}/${risk.id}`).send({ title: 'x' }),
        request(t.http).put(`${BASE}/${risk.id}`).send(riskBody()),
        request(t.http).delete(`${BASE}/${risk.id}`),
      ];
      for (const route of routes) expectError(await route, 401);
      expect(await getRisk(admin, risk.id)).toEqual(risk);
    });

    it('answers 403 to a viewer on every write and changes nothing', async () => {
      const risk = await createRisk(admin);
      const before = (await listRisks(admin)).meta.total;
      const writes = [
        request(t.http).post(BASE).send(riskBody()),
        request(t.http).patch(`${BASE}/${risk.id}`).send({ title: 'Viewer edit' }),
        request(t.http)
          .put(`${BASE}/${risk.id}`)
          .send(riskBody({ title: 'Viewer replace' })),
        request(t.http).delete(`${BASE}/${risk.id}`),
      ];
      for (const write of writes) expect(expectError(await write.set(viewer.auth), 403)).toMatch(/risks:write/);
      expect(await getRisk(admin, risk.id)).toEqual(risk);
      expect((await listRisks(admin)).meta.total).toBe(before);
    });
  });

  describe('tenancy', () => {
    it("answers 404 for another organization's item on GET, PATCH, PUT and DELETE, leaving it unchanged", async () => {
      const risk = await createRisk(admin, { description: 'Belongs to A' });
      const routes = [
        request(t.http).get(`${BASE}/${risk.id}`),
        request(t.http).patch(`${BASE}/${risk.id}`).send({ title: 'Hijacked' }),
        request(t.http)
          .put(`${BASE}/${risk.id}`)
          .send(riskBody({ title: 'Hijacked' })),
        request(t.http).delete(`${BASE}/${risk.id}`),
      ];
      for (const route of routes) expect(expectError(await route.set(other.auth), 404)).toBe(`Risk item ${risk.id} not found`);
      expect(await getRisk(admin, risk.id)).toEqual(risk);
    });

    it("rejects another organization's aiSystemId with 400 on POST, PATCH and PUT", async () => {
      const foreign = await createAiSystem(other);
      const risk = await createRisk(admin);
      const message = `aiSystemId: AI system ${foreign.id} not found in your organization`;
      expect(
        expectError(
          await request(t.http)
            .post(BASE)
            .set(admin.auth)
            .send(riskBody({ aiSystemId: foreign.id })),
          400,
        ),
      ).toBe(message);
      expect(expectError(await request(t.http).patch(`${BASE}/${risk.id}`).set(admin.auth).send({ aiSystemId: foreign.id }), 400)).toBe(
        message,
      );
      expect(
        expectError(
          await request(t.http)
            .put(`${BASE}/${risk.id}`)
            .set(admin.auth)
            .send(riskBody({ aiSystemId: foreign.id })),
          400,
        ),
      ).toBe(message);
      expect(
        expectError(
          await request(t.http)
            .post(BASE)
            .set(admin.auth)
            .send(riskBody({ aiSystemId: 2_147_483_647 })),
          400,
        ),
      ).toMatch(/aiSystemId/);
      expect(await getRisk(admin, risk.id)).toEqual(risk);
    });

    it("never lists or exports another organization's rows", async () => {
      const marker = unique('tenant-marker-');
      const mine = await createRisk(admin, { title: `${marker} A` });
      await createRisk(other, { title: `${marker} B` });
      const list = await listRisks(admin, { q: marker });
      expect(list.data.map((r: Body) => r.id)).toEqual([mine.id]);
      expect(list.meta.total).toBe(1);
      for (const r of (await listRisks(other, { limit: 100 })).data as Body[]) expect(r.organizationId).toBe(other.organizationId);
      const rows = await exportRows(admin, { q: marker });
      expect(rows.slice(1).map((r) => r[1])).toEqual([`${marker} A`]);
      // Filtering by another organization's AI system finds nothing.
      const foreign = await createAiSystem(other);
      await createRisk(other, { aiSystemId: foreign.id });
      expect((await listRisks(admin, { aiSystemId: foreign.id as number })).meta.total).toBe(0);
    });
  });

  describe('update and delete', () => {
    it('PATCH changes only the given fields and can clear nullable ones', async () => {
      const system = await createAiSystem(admin);
      const risk = await createRisk(admin, { description: 'Old', systemDetails: 'Details', aiSystemId: system.id });
      const res = await request(t.http)
        .patch(`${BASE}/${risk.id}`)
        .set(admin.auth)
        .send({ status: 'mitigated', description: null, aiSystemId: null })
        .expect(200);
      expect(res.body).toEqual({
        ...risk,
        status: 'mitigated',
        description: null,
        aiSystemId: null,
        updatedAt: expect.any(String),
      });
      expect(Date.parse(res.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(risk.updatedAt as string));
      const empty = await request(t.http).patch(`${BASE}/${risk.id}`).set(admin.auth).send({}).expect(200);
      expect(empty.body).toMatchObject({ status: 'mitigated', systemDetails: 'Details' });
    });

    it('PUT replaces the item, clearing optional fields it does not send', async () => {
      const system = await createAiSystem(admin);
      const risk = await createRisk(admin, { description: 'Old', systemDetails: 'Details', aiSystemId: system.id });
      const replacement = riskBody({ status: 'closed', severity: 'low', impact: 'low', likelihood: 'high', category: 'privacy' });
      const res = await request(t.http).put(`${BASE}/${risk.id}`).set(admin.auth).send(replacement).expect(200);
      expect(res.body).toMatchObject({
        ...replacement,
        id: risk.id,
        description: null,
        systemDetails: null,
        aiSystemId: null,
        createdById: admin.userId,
        organizationId: admin.organizationId,
        createdAt: risk.createdAt,
      });
    });

    it('DELETE answers 204, removes the item and its mitigations, then 404', async () => {
      const risk = await createRisk(admin);
      await request(t.http)
        .post(`${BASE}/${risk.id}/mitigations`)
        .set(admin.auth)
        .send({ description: 'Fix it', status: 'planned' })
        .expect(201);
      const res = await request(t.http).delete(`${BASE}/${risk.id}`).set(admin.auth).expect(204);
      expect(res.text).toBe('');
      expectError(await request(t.http).get(`${BASE}/${risk.id}`).set(admin.auth), 404);
      expectError(await request(t.http).delete(`${BASE}/${risk.id}`).set(admin.auth), 404);
      const [{ count }] = await db.query('SELECT COUNT(*)::int AS count FROM risk_mitigations WHERE risk_item_id = $1', [risk.id]);
      expect(count).toBe(0);
    });

    it('keeps the risk item, unlinked, when its AI system is deleted', async () => {
      const system = await createAiSystem(admin);
      const risk = await createRisk(admin, { aiSystemId: system.id });
      await request(t.http).delete(`/api/v1/ai-systems/${system.id}`).set(admin.auth).expect(204);
      expect(await getRisk(admin, risk.id)).toMatchObject({ id: risk.id, aiSystemId: null });
    });
  });

  describe('list: paging, filters, search and sorting', () => {
    let org: Session;
    let member: Session;
    let system: Body;
    let risks: Body[];

    beforeAll(async () => {
      org = await registerOrganization(t.http);
      member = await createUserWithRole(t.http, org, 'analyst');
      system = await createAiSystem(org, 'Chatbot');
      const specs: Body[] = [
        {
          title: 'Alpha',
          severity: 'medium',
          status: 'open',
          category: 'bias',
          impact: 'low',
          likelihood: 'high',
          description: 'Needle in description',
        },
        {
          title: 'Bravo',
          severity: 'critical',
          status: 'mitigated',
          category: 'privacy',
          impact: 'high',
          likelihood: 'low',
          aiSystemId: system.id,
        },
        {
          title: 'Charlie',
          severity: 'low',
          status: 'closed',
          category: 'security',
          impact: 'medium',
          likelihood: 'medium',
          systemDetails: 'NEEDLE in details',
        },
        { title: 'Delta', severity: 'high', status: 'open', category: 'bias', impact: 'high', likelihood: 'medium', aiSystemId: system.id },
        { title: 'Echo 100%_done', severity: 'high', status: 'open', category: 'safety', impact: 'medium', likelihood: 'low' },
      ];
      risks = [];
      for (const [i, spec] of specs.entries()) risks.push(await createRisk(i === 3 ? member : org, spec));
    });

    const titles = (body: { data: Body[] }) => body.data.map((r) => r.title);

    it('pages with correct meta and a default order of newest first', async () => {
      const first = await listRisks(org, { limit: 2 });
      expect(first.meta).toEqual({ page: 1, limit: 2, total: 5, totalPages: 3 });
      expect(titles(first)).toEqual(['Echo 100%_done', 'Delta']);
      const last = await listRisks(org, { limit: 2, page: 3 });
      expect(last.meta).toEqual({ page: 3, limit: 2, total: 5, totalPages: 3 });
      expect(titles(last)).toEqual(['Alpha']);
      const beyond = await listRisks(org, { limit: 2, page: 9 });
      expect(beyond).toEqual({ data: [], meta: { page: 9, limit: 2, total: 5, totalPages: 3 } });
      expect((await listRisks(org)).meta).toEqual({ page: 1, limit: 20, total: 5, totalPages: 1 });
      expect((await listRisks(org, { limit: 100 })).meta.limit).toBe(100);
    });

    it('filters by each field, with comma lists and repeated parameters', async () => {
      expect(titles(await listRisks(org, { status: 'open', sort: 'title:asc' }))).toEqual(['Alpha', 'Delta', 'Echo 100%_done']);
      expect(titles(await listRisks(org, { status: 'mitigated,closed', sort: 'title:asc' }))).toEqual(['Bravo', 'Charlie']);
      const repeated = await request(t.http).get(`${BASE}?severity=low&severity=critical&sort=title:asc`).set(org.auth).expect(200);
      expect(titles(repeated.body)).toEqual(['Bravo', 'Charlie']);
      expect(titles(await listRisks(org, { category: 'bias', sort: 'title:asc' }))).toEqual(['Alpha', 'Delta']);
      expect(titles(await listRisks(org, { impact: 'high', sort: 'title:asc' }))).toEqual(['Bravo', 'Delta']);
      expect(titles(await listRisks(org, { likelihood: 'low', sort: 'title:asc' }))).toEqual(['Bravo', 'Echo 100%_done']);
      expect(titles(await listRisks(org, { aiSystemId: system.id as number, sort: 'title:asc' }))).toEqual(['Bravo', 'Delta']);
      expect(titles(await listRisks(org, { createdById: member.userId }))).toEqual(['Delta']);
      expect(titles(await listRisks(org, { status: 'open', category: 'bias', impact: 'high' }))).toEqual(['Delta']);
      expect((await listRisks(org, { status: 'open', severity: 'critical' })).meta.total).toBe(0);
    });

    it('searches title, description and systemDetails case-insensitively, with % and _ taken literally', async () => {
      expect(titles(await listRisks(org, { q: 'needle', sort: 'title:asc' }))).toEqual(['Alpha', 'Charlie']);
      expect(titles(await listRisks(org, { q: 'BRAV' }))).toEqual(['Bravo']);
      expect(titles(await listRisks(org, { q: '100%_' }))).toEqual(['Echo 100%_done']);
      expect(titles(await listRisks(org, { q: '%' }))).toEqual(['Echo 100%_done']);
      expect((await listRisks(org, { q: 'nothing like this' })).meta.total).toBe(0);
    });

    it('sorts severity, impact and likelihood by rank, and other fields as asked', async () => {
      expect(titles(await listRisks(org, { sort: 'severity:asc,title:asc' }))).toEqual([
        'Charlie',
        'Alpha',
        'Delta',
        'Echo 100%_done',
        'Bravo',
      ]);
      expect(titles(await listRisks(org, { sort: 'severity:desc,title:desc' }))).toEqual([
        'Bravo',
        'Echo 100%_done',
        'Delta',
        'Alpha',
        'Charlie',
      ]);
      expect(titles(await listRisks(org, { sort: 'impact:desc,title:asc' }))).toEqual([
        'Bravo',
        'Delta',
        'Charlie',
        'Echo 100%_done',
        'Alpha',
      ]);
      expect(titles(await listRisks(org, { sort: 'likelihood:asc,title:asc' }))).toEqual([
        'Bravo',
        'Echo 100%_done',
        'Charlie',
        'Delta',
        'Alpha',
      ]);
      expect(titles(await listRisks(org, { sort: 'title:desc' }))).toEqual(['Echo 100%_done', 'Delta', 'Charlie', 'Bravo', 'Alpha']);
      expect(titles(await listRisks(org, { sort: 'category,title' }))).toEqual(['Alpha', 'Delta', 'Bravo', 'Echo 100%_done', 'Charlie']);
      expect(titles(await listRisks(org, { sort: 'id:asc' }))).toEqual(risks.map((r) => r.title));
      expect(titles(await listRisks(org, { sort: 'id:desc' }))).toEqual(risks.map((r) => r.title).reverse());
      expect(titles(await listRisks(org, { sort: 'createdAt:asc' }))).toEqual(risks.map((r) => r.title));
      expect(titles(await listRisks(org, { sort: 'status:asc,title:asc', limit: 2, page: 2 }))).toEqual(['Alpha', 'Delta']);
    });
  });

  describe('export.csv', () => {
    let org: Session;

    beforeAll(async () => {
      org = await registerOrganization(t.http);
    });

    it('downloads the register as RFC 4180 CSV with a header row and the AI system name', async () => {
      const system = await createAiSystem(org, 'Loan scorer, "v2"');
      const tricky = 'Line one, with a comma\nline "two" with quotes';
      const risk = await createRisk(org, {
        title: 'Bias, "quoted" and\nmultiline',
        description: tricky,
        systemDetails: 'Région: eu-west-1 ✓',
        aiSystemId: system.id,
        severity: 'critical',
      });
      const plain = await createRisk(org, { title: 'Plain', severity: 'low' });

      const res = await request(t.http).get(EXPORT).set(org.auth).buffer(true).parse(textParser).expect(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe('attachment; filename="risk-items.csv"');
      const text = res.body as string;
      expect(
        text.startsWith(
          'id,title,description,status,severity,impact,likelihood,category,systemDetails,aiSystemId,aiSystemName,createdById,createdAt,updatedAt\r\n',
        ),
      ).toBe(true);
      expect(text.endsWith('\r\n')).toBe(true);
      expect(text).toContain('"Bias, ""quoted"" and\nmultiline"');

      const rows = parse(text, { columns: true }) as Array<Record<string, string>>;
      expect(rows).toEqual([
        {
          id: String(plain.id),
          title: 'Plain',
          description: '',
          status: 'open',
          severity: 'low',
          impact: 'medium',
          likelihood: 'low',
          category: 'bias',
          systemDetails: '',
          aiSystemId: '',
          aiSystemName: '',
          createdById: String(org.userId),
          createdAt: new Date(plain.createdAt as string).toISOString(),
          updatedAt: new Date(plain.updatedAt as string).toISOString(),
        },
        {
          id: String(risk.id),
          title: 'Bias, "quoted" and\nmultiline',
          description: tricky,
          status: 'open',
          severity: 'critical',
          impact: 'medium',
          likelihood: 'low',
          category: 'bias',
          systemDetails: 'Région: eu-west-1 ✓',
          aiSystemId: String(system.id),
          aiSystemName: 'Loan scorer, "v2"',
          createdById: String(org.userId),
          createdAt: new Date(risk.createdAt as string).toISOString(),
          updatedAt: new Date(risk.updatedAt as string).toISOString(),
        },
      ]);
    });

    it('neutralizes spreadsheet formulas with a leading apostrophe', async () => {
      const fresh = await registerOrganization(t.http);
      const system = await createAiSystem(fresh, '@SUM(A1:A9)');
      await createRisk(fresh, {
        title: '=HYPERLINK("http://evil.example","click")',
        description: '+1+2',
        systemDetails: '-3',
        aiSystemId: system.id,
      });
      await createRisk(fresh, { title: 'Safe = not a formula', description: 'a-b', systemDetails: "'already quoted" });
      // Leading tabs and carriage returns cannot come through the API (text is trimmed), so store one directly.
      await db.query(
        `INSERT INTO risk_items (title, description, system_details, status, severity, impact, likelihood, category, organization_id)
         VALUES ($1, $2, $3, 'open', 'low', 'low', 'low', 'other', $4)`,
        ['\t=cmd|calc', '\r=1+1', '@x', fresh.organizationId],
      );
      const rows = parse(
        (await request(t.http).get(EXPORT).query({ sort: 'id:asc' }).set(fresh.auth).buffer(true).parse(textParser).expect(200))
          .body as string,
        { columns: true },
      ) as Array<Record<string, string>>;
      expect(rows.map((r) => [r.title, r.description, r.systemDetails, r.aiSystemName])).toEqual([
        ['\'=HYPERLINK("http://evil.example","click")', "'+1+2", "'-3", "'@SUM(A1:A9)"],
        ['Safe = not a formula', 'a-b', "'already quoted", ''],
        ["'\t=cmd|calc", "'\r=1+1", "'@x", ''],
      ]);
    });

    it('applies the same filters, search and sort as the list, without paging', async () => {
      const fresh = await registerOrganization(t.http);
      for (const [title, severity, status] of [
        ['One', 'high', 'open'],
        ['Two', 'low', 'open'],
        ['Three', 'critical', 'closed'],
        ['Four', 'medium', 'open'],
      ]) {
        await createRisk(fresh, { title, severity, status, description: title === 'Four' ? 'findme' : null });
      }
      const column = (rows: string[][], name: string) => rows.slice(1).map((r) => r[rows[0].indexOf(name)]);
      expect(column(await exportRows(fresh, { sort: 'severity:desc' }), 'title')).toEqual(['Three', 'One', 'Four', 'Two']);
      expect(column(await exportRows(fresh, { status: 'open', sort: 'severity:asc' }), 'title')).toEqual(['Two', 'Four', 'One']);
      expect(column(await exportRows(fresh, { q: 'FINDME' }), 'title')).toEqual(['Four']);
      expect(column(await exportRows(fresh), 'title')).toEqual(['Four', 'Three', 'Two', 'One']);
      const listed = await listRisks(fresh, { status: 'open,closed', severity: 'high,critical', sort: 'title:asc' });
      expect(column(await exportRows(fresh, { status: 'open,closed', severity: 'high,critical', sort: 'title:asc' }), 'id')).toEqual(
        listed.data.map((r: Body) => String(r.id)),
      );
      const none = await exportRows(fresh, { category: 'legal' });
      expect(none).toEqual([
        [
          'id',
          'title',
          'description',
          'status',
          'severity',
          'impact',
          'likelihood',
          'category',
          'systemDetails',
          'aiSystemId',
          'aiSystemName',
          'createdById',
          'createdAt',
          'updatedAt',
        ],
      ]);
    });

    it('is documented in OpenAPI as a text/csv string, with JSON errors', async () => {
      const doc = (await request(t.http).get('/api/docs-json').expect(200)).body;
      const operation = doc.paths['/api/v1/risk-items/export.csv'].get;
      expect(operation.responses['200'].content).toEqual({ 'text/csv': { schema: expect.objectContaining({ type: 'string' }) } });
      expect(Object.keys(operation.responses['400'].content)).toEqual(['application/json']);
      expect(operation['x-required-permissions']).toEqual(['risks:read']);
      expect(operation.parameters.map((p: Body) => p.name)).not.toContain('page');
      expect(doc.paths['/api/v1/risk-items/{riskItemId}/mitigations/{id}']).toBeDefined();
    });

    it('streams a large register completely and in order, and frees its connection when the client disconnects', async () => {
      const big = await registerOrganization(t.http);
      const count = 1200;
      await db.query(
        `INSERT INTO risk_items (title, description, status, severity, impact, likelihood, category, organization_id)
         SELECT 'Bulk ' || lpad(g::text, 5, '0'), repeat('x', 2000), 'open', 'medium', 'low', 'low', 'other', $1
         FROM generate_series(1, $2::int) AS g`,
        [big.organizationId, count],
      );
      const rows = await exportRows(big, { sort: 'title:asc' });
      expect(rows).toHaveLength(count + 1);
      expect(rows.slice(1).map((r) => r[1])).toEqual(Array.from({ length: count }, (_v, i) => `Bulk ${String(i + 1).padStart(5, '0')}`));

      // Abandon more downloads than the pool has connections; later requests must still be served.
      const server = t.http as http.Server;
      if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      for (let i = 0; i < 5; i++) {
        await new Promise<void>((resolve, reject) => {
          const req = http.get({ host: '127.0.0.1', port, path: EXPORT, headers: big.auth }, (res) => {
            expect(res.statusCode).toBe(200);
            res.once('data', () => {
              req.destroy();
              resolve();
            });
          });
          req.on('error', (error) => ((error as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(error)));
        });
      }
      // No transaction (and so no cursor) is left open on the database.
      const openTransactions = async () =>
        (
          await db.query(
            `SELECT COUNT(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
          )
        )[0].n as number;
      for (let waited = 0; (await openTransactions()) > 0 && waited < 5000; waited += 50) await new Promise((r) => setTimeout(r, 50));
      expect(await openTransactions()).toBe(0);
      expect(await exportRows(big, { q: 'Bulk 00007' })).toHaveLength(2);
      expect((await listRisks(big)).meta.total).toBe(count);
    });
  });
});

/** Collects a text response body as a string (supertest only does so for text/* it knows). */
function textParser(res: request.Response, callback: (error: Error | null, body: string) => void) {
  const stream = res as unknown as NodeJS.ReadableStream;
  let body = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => (body += chunk));
  stream.on('end', () => callback(null, body));
}
