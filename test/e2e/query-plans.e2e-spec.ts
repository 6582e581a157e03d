import type { OpenAPIV3 } from 'openapi-types';
import request from 'supertest';
import { DataSource, type Logger as TypeOrmLogger } from 'typeorm';
import { SCALE_EMAIL_DOMAIN, SCALE_PASSWORD, seedScaleData, type ScaleReport } from '../../src/cli/seed-scale.js';
import { listOperations } from '../support/openapi-operations.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * Query plans at a volume where the planner's choices are real: the scale seed (same code as
 * `npm run cli -- seed-scale`) at 200 organizations / 100k risk items, then every list filter, sort,
 * search and page the API offers, and the detail routes, are called over HTTP as the largest
 * organization's admin. The SQL the API actually sent (captured through TypeORM's logger, with its
 * parameters) is EXPLAINed: no sequential scan of a large table is allowed.
 */
const LARGE_TABLES = ['risk_items', 'ai_systems', 'risk_mitigations', 'compliance_issues'];
const VOLUME = { orgs: 200, riskItems: 100_000, aiSystems: 20_000, mitigations: 150_000, complianceIssues: 20_000 };
/** Query parameters that are paging, sorting or search, not filters. */
const NOT_FILTERS = new Set(['page', 'limit', 'sort', 'q']);

interface CapturedQuery {
  sql: string;
  parameters: unknown[];
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Plans?: PlanNode[];
}

interface ExecutedPlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  'Rows Removed by Filter'?: number;
  Plans?: ExecutedPlanNode[];
}

interface Scan {
  table: string;
  type: string;
  index?: string;
  bounded: boolean;
}

/** Every scan node of a plan; `bounded` when an index scan has an index condition (not a walk over the whole index). */
function scans(node: PlanNode, tableOfIndex: Map<string, string>, out: Scan[] = []): Scan[] {
  const index = node['Index Name'];
  const table = node['Relation Name'] ?? (index ? tableOfIndex.get(index) : undefined);
  if (table && node['Node Type'] !== 'Bitmap Heap Scan') {
    out.push({ table, type: node['Node Type'], index, bounded: Boolean(node['Index Cond']) });
  }
  for (const child of node.Plans ?? []) scans(child, tableOfIndex, out);
  return out;
}

const describeScan = (scan: Scan) => `${scan.table}: ${scan.type}${scan.index ? ` using ${scan.index}` : ''}`;

describe('Query plans at scale (every list filter and sort uses an index on the large tables)', () => {
  let t: TestApp;
  let db: DataSource;
  let seeded: ScaleReport;
  let auth: { Authorization: string };
  let organizationId: number;
  let userId: number;
  let document: OpenAPIV3.Document;
  let capturing: CapturedQuery[] | null = null;
  const tableOfIndex = new Map<string, string>();

  async function signInAs(email: string) {
    const login = await request(t.http).post('/api/v1/auth/login').send({ email, password: SCALE_PASSWORD }).expect(200);
    auth = { Authorization: `Bearer ${login.body.accessToken}` };
    organizationId = login.body.user.organizationId;
    userId = login.body.user.id;
  }

  /** Calls the API and returns the SELECTs it ran for that request. */
  async function queriesOf(url: string, expectedStatus = 200): Promise<CapturedQuery[]> {
    capturing = [];
    try {
      const res = await request(t.http).get(url).set(auth);
      expect({ url, status: res.status, body: res.status === expectedStatus ? undefined : res.body }).toEqual({
        url,
        status: expectedStatus,
        body: undefined,
      });
      return capturing.filter((q) => /^\s*(WITH|SELECT)\b/i.test(q.sql));
    } finally {
      capturing = null;
    }
  }

  async function planProblems(url: string, strict: boolean): Promise<{ problems: string[]; summary: string[] }> {
    const problems: string[] = [];
    const summary: string[] = [];
    for (const query of await queriesOf(url)) {
      const [{ 'QUERY PLAN': plan }] = await db.query<Array<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>>(
        `EXPLAIN (FORMAT JSON) ${query.sql}`,
        query.parameters,
      );
      for (const scan of scans(plan[0].Plan, tableOfIndex)) {
        summary.push(describeScan(scan));
        if (!LARGE_TABLES.includes(scan.table)) continue;
        // A sequential scan reads every organization's rows. So does, for a small organization, an index read
        // from end to end for its order (the primary key walked for `ORDER BY id … LIMIT 20` while filtering on
        // organization_id). For the largest organization the planner may rightly prefer that walk: its rows are
        // dense enough that 20 of them come after a few hundred entries.
        if (scan.type === 'Seq Scan' || (strict && !scan.bounded)) {
          problems.push(
            `GET ${url}: ${describeScan(scan)} without an index condition in\n    ${query.sql}\n    parameters ${JSON.stringify(query.parameters)}`,
          );
        }
      }
    }
    return { problems, summary };
  }

  /** The sortable fields of a list, as its own 400 for an unknown sort field names them. */
  async function sortableFields(path: string): Promise<string[]> {
    const res = await request(t.http).get(path).query({ sort: 'noSuchField' }).set(auth);
    const match = /sortable fields are ([\w, ]+)/.exec(res.body.message as string);
    expect({ path, status: res.status, message: res.body.message }).toEqual({
      path,
      status: 400,
      message: expect.stringMatching(/sortable fields are/),
    });
    return match![1].split(', ');
  }

  /** A value for a filter parameter that selects real rows of the organization. */
  async function filterValue(parameter: OpenAPIV3.ParameterObject): Promise<string> {
    const { name } = parameter;
    const schema = (parameter.schema ?? {}) as OpenAPIV3.SchemaObject;
    // Enum filters document their values as "One of a, b, c; comma-separated for several".
    const documented = /One of ([^;]+);/.exec(parameter.description ?? schema.description ?? '')?.[1].split(', ');
    const itemEnum =
      ((schema as OpenAPIV3.ArraySchemaObject).items as OpenAPIV3.SchemaObject | undefined)?.enum ?? schema.enum ?? documented;
    if (itemEnum?.length) return String(itemEnum[Math.min(1, itemEnum.length - 1)]);
    if (schema.format === 'date-time' || /^(since|until|from|to|before|after)$/.test(name)) return '2024-01-01T00:00:00Z';
    if (schema.type === 'boolean' || /^(has|is|added|active)/.test(name)) return 'true';
    if (name === 'createdById' || name === 'ownerId') return String(userId);
    const ids: Record<string, string> = {
      aiSystemId: `SELECT id FROM ai_systems WHERE organization_id = $1 ORDER BY id LIMIT 1`,
      roleId: `SELECT role_id AS id FROM users WHERE organization_id = $1 LIMIT 1`,
    };
    const sql = ids[name];
    if (!sql) return '1';
    const rows = await db.query<Array<{ id: number }>>(sql, [organizationId]);
    return String(rows[0]?.id ?? 1);
  }

  /** Every request worth a plan for one list: bare, each filter, each sort both ways, search, a deep page, a combination. */
  async function listRequests(path: string, parameters: OpenAPIV3.ParameterObject[]): Promise<string[]> {
    const urls = [path, `${path}?page=5&limit=50`, `${path}?q=bias`];
    const filters: string[] = [];
    for (const p of parameters.filter((p) => p.in === 'query' && !NOT_FILTERS.has(p.name))) {
      const filter = `${p.name}=${encodeURIComponent(await filterValue(p))}`;
      filters.push(filter);
      urls.push(`${path}?${filter}`);
    }
    const sortable = await sortableFields(path);
    for (const field of sortable) urls.push(`${path}?sort=${field}:asc`, `${path}?sort=${field}:desc`);
    if (filters.length) urls.push(`${path}?${filters.join('&')}&sort=${sortable.at(-1)}:desc&q=review&page=2`);
    return urls;
  }

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    seeded = (await seedScaleData(db, VOLUME)) as ScaleReport;
    expect(seeded.counts.riskItems).toBe(VOLUME.riskItems);

    // The largest organization (the seed skews sizes; organization 1 gets the most rows).
    await signInAs(`scale-${seeded.batch}-1@${SCALE_EMAIL_DOMAIN}`);
    document = (await request(t.http).get('/api/docs-json').expect(200)).body;
    const indexes = await db.query<Array<{ index: string; table: string }>>(
      `SELECT i.relname AS index, t.relname AS table FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid`,
    );
    for (const { index, table } of indexes) tableOfIndex.set(index, table);

    // Capture what the API sends to PostgreSQL (TypeORM reports every query to its logger, whatever the logging option).
    const logger = db.logger;
    const capture: TypeOrmLogger = {
      logQuery: (sql, parameters) => capturing?.push({ sql, parameters: parameters ?? [] }),
      logQueryError: (...args) => logger.logQueryError(...args),
      logQuerySlow: (...args) => logger.logQuerySlow(...args),
      logSchemaBuild: (...args) => logger.logSchemaBuild(...args),
      logMigration: (...args) => logger.logMigration(...args),
      log: (...args) => logger.log(...args),
    };
    (db as unknown as { logger: TypeOrmLogger }).logger = capture;
  }, 180_000);

  afterAll(async () => {
    await t?.close();
  });

  it('seeds a skewed volume: the largest organization holds several times the mean', async () => {
    const [largest] = await db.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM risk_items WHERE organization_id = $1`, [
      organizationId,
    ]);
    expect(largest.n).toBeGreaterThan((VOLUME.riskItems / VOLUME.orgs) * 3);
    const [crossOrg] = await db.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM risk_items r JOIN ai_systems a ON a.id = r.ai_system_id WHERE a.organization_id <> r.organization_id`,
    );
    expect(crossOrg.n).toBe(0);
  });

  /** Plans every organization-scoped list of the document (each filter, sort, search and paging) as the signed-in admin. */
  async function checkLists(strict: boolean) {
    const riskItemId = (await db.query(`SELECT id FROM risk_items WHERE organization_id = $1 ORDER BY id LIMIT 1`, [organizationId]))[0]
      .id as number;
    // Lists: GET operations with a `page` parameter; nested ones get a real parent of the organization.
    const lists = listOperations(document).filter(
      (op) => op.method === 'get' && (op.operation.parameters as OpenAPIV3.ParameterObject[] | undefined)?.some((p) => p.name === 'page'),
    );
    const covered = new Set<string>();
    const forbidden: string[] = [];
    const problems: string[] = [];
    const report: string[] = [];
    for (const op of lists) {
      if (op.pathParameters.length && !op.path.startsWith('/api/v1/risk-items/{riskItemId}')) continue; // no scale data behind them
      const path = op.path.replace('{riskItemId}', String(riskItemId));
      // Lists an organization admin may not read (platform catalogs such as feed sources: global and small).
      if ((await request(t.http).get(path).set(auth)).status === 403) {
        forbidden.push(op.path);
        continue;
      }
      for (const url of await listRequests(path, (op.operation.parameters ?? []) as OpenAPIV3.ParameterObject[])) {
        const outcome = await planProblems(url, strict);
        problems.push(...outcome.problems);
        report.push(`${url}\n    ${[...new Set(outcome.summary)].join('\n    ')}`);
      }
      covered.add(op.path);
    }
    if (process.env.PLANS_REPORT) process.stdout.write(`organization ${organizationId}:\n${report.join('\n')}\n`);
    expect(problems).toEqual([]);
    expect(forbidden).toEqual(['/api/v1/frontier-models/sources']);
    // The lists over the large tables are among those checked.
    for (const path of [
      '/api/v1/risk-items',
      '/api/v1/ai-systems',
      '/api/v1/compliance-issues',
      '/api/v1/risk-items/{riskItemId}/mitigations',
    ]) {
      expect(covered).toContain(path);
    }
  }

  it('plans every list of the largest organization without a Seq Scan on a large table', async () => {
    await checkLists(false);
  }, 120_000);

  it('plans every list of the smallest organization through its own index range (no Seq Scan, no whole-index walk)', async () => {
    const [smallest] = await db.query<Array<{ email: string }>>(
      `SELECT u.email FROM users u JOIN risk_items r ON r.organization_id = u.organization_id
        WHERE u.email LIKE $1 GROUP BY u.email ORDER BY count(*) ASC LIMIT 1`,
      [`scale-${seeded.batch}-%@${SCALE_EMAIL_DOMAIN}`],
    );
    await signInAs(smallest.email);
    try {
      await checkLists(true);
    } finally {
      await signInAs(`scale-${seeded.batch}-1@${SCALE_EMAIL_DOMAIN}`);
    }
  }, 120_000);

  it('reads only the page from the risk register table: deep and filtered pages take their ids and totals from the list index', async () => {
    /** Rows a plan read from the risk_items table itself (index-only scans read the index, not the table). */
    const tableRows = (node: ExecutedPlanNode): number =>
      (node['Relation Name'] === 'risk_items' && node['Node Type'] !== 'Index Only Scan'
        ? node['Actual Rows'] * node['Actual Loops'] + (node['Rows Removed by Filter'] ?? 0) * node['Actual Loops']
        : 0) + (node.Plans ?? []).reduce((sum, child) => sum + tableRows(child), 0);
    const pages = [
      { url: '/api/v1/risk-items?page=10&limit=100', limit: 100 },
      { url: '/api/v1/risk-items?status=open&severity=high,critical&sort=severity:desc,createdAt:desc&page=2&limit=50', limit: 50 },
      { url: '/api/v1/risk-items?category=security&impact=high&sort=likelihood:asc&page=3', limit: 20 },
      { url: '/api/v1/risk-items?status=mitigated&sort=updatedAt:asc&page=8&limit=25', limit: 25 },
    ];
    const read: Array<{ url: string; statements: number; tableRows: number }> = [];
    for (const { url } of pages) {
      // One statement (the total rides along as a subquery); the caller's principal lookup is not counted.
      const statements = (await queriesOf(url)).filter((q) => q.sql.includes('"risk_items"'));
      let rows = 0;
      for (const query of statements) {
        const [{ 'QUERY PLAN': plan }] = await db.query<Array<{ 'QUERY PLAN': Array<{ Plan: ExecutedPlanNode }> }>>(
          `EXPLAIN (ANALYZE, FORMAT JSON) ${query.sql}`,
          query.parameters,
        );
        rows += tableRows(plan[0].Plan);
      }
      read.push({ url, statements: statements.length, tableRows: rows });
    }
    // Without the deferred page and the covering index, the deep page read 1,000 rows and the filtered ones hundreds;
    // the total is counted in the index too.
    expect(read.filter((r) => r.statements !== 1 || r.tableRows > pages.find((p) => p.url === r.url)!.limit)).toEqual([]);
    expect(read).toHaveLength(pages.length);
  });

  it('returns the same rows in the same order from a deferred page as a plain query of the table does', async () => {
    const rank = (column: string) => `array_position(ARRAY['low','medium','high','critical']::text[], ${column})`;
    const cases = [
      {
        url: '/api/v1/risk-items?page=10&limit=100',
        sql: `SELECT id, total FROM (SELECT id, created_at, count(*) OVER () AS total FROM risk_items WHERE organization_id = $1) r
               ORDER BY created_at DESC, id DESC LIMIT 100 OFFSET 900`,
      },
      {
        url: '/api/v1/risk-items?status=open&severity=high,critical&sort=severity:desc,createdAt:desc&page=2&limit=50',
        sql: `SELECT id, count(*) OVER () AS total, ${rank('severity')} AS severity_rank, created_at FROM risk_items
               WHERE organization_id = $1 AND status = 'open' AND severity IN ('high', 'critical')
               ORDER BY severity_rank DESC NULLS LAST, created_at DESC, id DESC LIMIT 50 OFFSET 50`,
      },
      {
        // Ties on likelihood are broken by id, descending like the default order.
        url: '/api/v1/risk-items?category=security&sort=likelihood:asc&page=3',
        sql: `SELECT id, count(*) OVER () AS total, ${rank('likelihood')} AS likelihood_rank FROM risk_items
               WHERE organization_id = $1 AND category = 'security'
               ORDER BY likelihood_rank ASC NULLS FIRST, id DESC LIMIT 20 OFFSET 40`,
      },
    ];
    for (const { url, sql } of cases) {
      const res = await request(t.http).get(url).set(auth).expect(200);
      const expected = await db.query<Array<{ id: number; total: string }>>(sql, [organizationId]);
      expect({ url, ids: res.body.data.map((row: { id: number }) => row.id), total: res.body.meta.total }).toEqual({
        url,
        ids: expected.map((row) => row.id),
        total: Number(expected[0].total),
      });
    }
  });

  it('plans the detail routes of the large tables by primary key', async () => {
    const first = async (table: string) =>
      (await db.query(`SELECT id FROM ${table} WHERE organization_id = $1 ORDER BY id DESC LIMIT 1`, [organizationId]))[0].id as number;
    const riskItemId = (
      await db.query(`SELECT risk_item_id AS id FROM risk_mitigations WHERE organization_id = $1 ORDER BY id DESC LIMIT 1`, [
        organizationId,
      ])
    )[0].id as number;
    const mitigationId = (await db.query(`SELECT id FROM risk_mitigations WHERE risk_item_id = $1 LIMIT 1`, [riskItemId]))[0].id as number;
    const urls = [
      `/api/v1/risk-items/${riskItemId}`,
      `/api/v1/risk-items/${riskItemId}/mitigations/${mitigationId}`,
      `/api/v1/ai-systems/${await first('ai_systems')}`,
      `/api/v1/compliance-issues/${await first('compliance_issues')}`,
    ];
    const problems: string[] = [];
    for (const url of urls) {
      const outcome = await planProblems(url, true);
      problems.push(...outcome.problems);
      // Detail reads go through the primary key (or another index), never a scan of the table.
      expect({ url, scans: outcome.summary.filter((s) => LARGE_TABLES.some((table) => s.startsWith(`${table}:`))) }).toEqual({
        url,
        scans: expect.arrayContaining([expect.stringMatching(/Index|Bitmap/)]),
      });
    }
    expect(problems).toEqual([]);
  });

  it('refuses to seed scale data twice unless asked (append)', async () => {
    const again = await seedScaleData(db, { ...VOLUME, orgs: 1, riskItems: 10, aiSystems: 1, mitigations: 1, complianceIssues: 1 });
    expect(again).toEqual({ ok: false, message: expect.stringContaining('--append') });
  });
});
