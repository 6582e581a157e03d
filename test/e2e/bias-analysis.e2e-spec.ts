import { createHmac } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import pg from 'pg';
import request from 'supertest';
import { compasCountsBySql, compasCsv, oracleMetrics } from '../support/bias-oracle.js';
import { createUserWithRole, expectError, registerOrganization, type Session } from '../support/factories.js';
import { createTestApp, createTestWorker, waitFor, type TestApp } from '../support/test-app.js';

const SCANS = '/api/v1/bias-analysis/scans';

interface ResultRow {
  metricName: string;
  score: number | null;
  threshold: number;
  status: string;
  demographicGroup: string;
  additionalData: Record<string, unknown>;
}

const SMALL_CSV = [
  'id,y_true,y_pred,race,sex',
  '1,1,1,A,F',
  '2,0,1,A,M',
  '3,1,0,A,F',
  '4,0,0,B,M',
  '5,1,1,B,F',
  '6,0,0,B,M',
  '7,1,1,"B",M',
  '8,0,0,,F',
].join('\r\n');

const SMALL_CONFIG = {
  labelColumn: 'y_true',
  predictionColumn: 'y_pred',
  protectedAttributes: ['race', 'sex'],
  intersections: [['race', 'sex']],
};

describe('Bias analysis', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let admin: Session;

  beforeAll(async () => {
    t = await createTestApp();
    worker = await createTestWorker(t);
    admin = await registerOrganization(t.http);
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
  });

  function upload(session: Session, body: Buffer | string, config: unknown, file = { filename: 'data.csv', contentType: 'text/csv' }) {
    return request(t.http)
      .post(SCANS)
      .set(session.auth)
      .field('name', 'Test scan')
      .field('config', typeof config === 'string' ? config : JSON.stringify(config))
      .attach('file', Buffer.from(body), file);
  }

  async function finished(session: Session, id: number): Promise<{ status: string; error: string | null; rowCount: number | null }> {
    return waitFor(async () => {
      const res = await request(t.http).get(`${SCANS}/${id}`).set(session.auth).expect(200);
      return ['completed', 'failed'].includes(res.body.status) ? res.body : undefined;
    });
  }

  async function results(session: Session, id: number): Promise<ResultRow[]> {
    const rows: ResultRow[] = [];
    for (let page = 1; ; page++) {
      const res = await request(t.http).get(`${SCANS}/${id}/results?limit=100&page=${page}`).set(session.auth).expect(200);
      rows.push(...res.body.data);
      if (page >= res.body.meta.totalPages) return rows;
    }
  }

  async function failure(body: string, config: unknown, file?: { filename: string; contentType: string }): Promise<string> {
    const res = await upload(admin, body, config, file).expect(202);
    const scan = await finished(admin, res.body.id);
    expect(scan.status).toBe('failed');
    const stored = await results(admin, res.body.id);
    expect(stored).toEqual([]);
    return scan.error!;
  }

  it('analyses an uploaded CSV in a worker: pending → completed, with the contract’s rows', async () => {
    const res = await upload(admin, SMALL_CSV, SMALL_CONFIG).expect(202);
    expect(res.body).toMatchObject({ id: expect.any(Number), status: 'pending', dataSource: 'csv', jobId: `bias-analysis:${res.body.id}` });
    const scan = await finished(admin, res.body.id);
    expect(scan).toMatchObject({ status: 'completed', error: null, rowCount: 8 });
    const rows = await results(admin, res.body.id);
    const race = rows.filter((r) => r.demographicGroup === 'race');
    expect(race.map((r) => r.metricName)).toEqual([
      'demographic_parity_difference',
      'demographic_parity_ratio',
      'equalized_odds_difference',
      'equalized_odds_ratio',
      'equal_opportunity_difference',
      'false_positive_rate_difference',
      'predictive_parity_difference',
      'accuracy_difference',
    ]);
    // Groups: (missing) = {0,0}, A = {TP, FP, FN}, B = {TN, TP, TN, TP}.
    const groups = rows.filter((r) => r.metricName === 'disparate_impact' && /^race=[^|]*$/.test(r.demographicGroup));
    expect(groups.map((r) => r.demographicGroup)).toEqual(['race=(missing)', 'race=A', 'race=B']);
    expect(groups[1].additionalData).toMatchObject({
      count: 3,
      positives: 2,
      selectionRate: 2 / 3,
      truePositiveRate: 1 / 2,
      falsePositiveRate: 1,
      precision: 1 / 2,
      accuracy: 1 / 3,
      lowSample: true,
    });
    // The (missing) group has no actual positives and predicts none: undefined rates are null per group …
    expect(groups[0].additionalData).toMatchObject({ count: 1, truePositiveRate: null, precision: null, falsePositiveRate: 0 });
    expect(groups[0].score).toBe(0);
    // … and 0 inside the aggregates.
    const byName = Object.fromEntries(race.map((r) => [r.metricName, r]));
    expect(byName.equal_opportunity_difference.score).toBeCloseTo(1, 12);
    expect(byName.predictive_parity_difference.score).toBeCloseTo(1, 12);
    expect(byName.demographic_parity_ratio.score).toBe(0);
    expect(byName.demographic_parity_ratio.status).toBe('fail');
    expect(byName.equalized_odds_ratio.score).toBe(0);
    expect(byName.demographic_parity_difference.additionalData).toMatchObject({
      groupCount: 3,
      lowSampleGroups: ['race=(missing)', 'race=A', 'race=B'],
      confidenceInterval: { level: 0.95, lower: expect.any(Number), upper: expect.any(Number) },
    });
    expect(rows.some((r) => r.demographicGroup === 'race=B|sex=M')).toBe(true);
    // The staged data is gone once the analysis ended (BIAS_RETAIN_DATA is off).
    const db = new pg.Client({ connectionString: t.databaseUrl });
    await db.connect();
    const staged = await db.query('SELECT count(*)::int AS n FROM bias_analysis_data_chunks WHERE scan_id = $1', [res.body.id]);
    await db.end();
    expect(staged.rows[0].n).toBe(0);
  });

  it('matches an independent SQL GROUP BY oracle on the ProPublica COMPAS data to 1e-9', async () => {
    const config = {
      labelColumn: 'two_year_recid',
      scoreColumn: 'decile_score',
      scoreThreshold: 5,
      protectedAttributes: ['race', 'sex'],
      intersections: [['race', 'sex']],
    };
    const res = await upload(admin, compasCsv(), config, { filename: 'compas-scores-two-years.csv', contentType: 'text/csv' }).expect(202);
    const scan = await finished(admin, res.body.id);
    expect(scan).toMatchObject({ status: 'completed', rowCount: 7214 });
    const rows = await results(admin, res.body.id);
    const groupings: Array<[string, string, (g: string) => string]> = [
      ['race', 'race', (g) => `race=${g}`],
      ['sex', 'sex', (g) => `sex=${g}`],
      ['race+sex', `race || '|' || sex`, (g) => `race=${g.split('|')[0]}|sex=${g.split('|')[1]}`],
    ];
    let checked = 0;
    for (const [name, expression, label] of groupings) {
      const counts = await compasCountsBySql(t.databaseUrl, expression);
      const oracle = oracleMetrics(counts);
      for (const [metric, expected] of Object.entries(oracle.aggregates)) {
        const row = rows.find((r) => r.demographicGroup === name && r.metricName === metric)!;
        if (expected === null) expect(row.score).toBeNull();
        else expect(Math.abs(row.score! - expected)).toBeLessThan(1e-9);
        checked++;
      }
      const groupRows = rows.filter(
        (r) =>
          r.metricName === 'disparate_impact' &&
          r.demographicGroup
            .split('|')
            .map((part) => part.split('=')[0])
            .join('+') === name,
      );
      expect(groupRows.map((r) => r.demographicGroup).sort()).toEqual(oracle.perGroup.map((g) => label(g.group)).sort());
      for (const g of oracle.perGroup) {
        const row = groupRows.find((r) => r.demographicGroup === label(g.group))!;
        const data = row.additionalData;
        expect(data.count).toBe(g.count);
        expect(data.positives).toBe(g.positives);
        for (const key of ['selectionRate', 'truePositiveRate', 'falsePositiveRate', 'precision', 'accuracy'] as const) {
          if (g[key] === null) expect(data[key]).toBeNull();
          else expect(Math.abs((data[key] as number) - g[key]!)).toBeLessThan(1e-9);
        }
        expect(Math.abs(row.score! - g.disparateImpact!)).toBeLessThan(1e-9);
        expect(data.lowSample).toBe(g.count < 30);
        checked++;
      }
    }
    // 3 × 8 aggregates and every group of race (6), sex (2) and race+sex.
    expect(checked).toBeGreaterThan(24 + 8);
    const ratio = rows.find((r) => r.demographicGroup === 'race' && r.metricName === 'demographic_parity_ratio')!;
    expect(ratio).toMatchObject({ threshold: 0.8, status: 'fail' });
  });

  it('gives reproducible bootstrap intervals and honours threshold overrides', async () => {
    const config = { ...SMALL_CONFIG, thresholds: { demographic_parity_ratio: 0 }, bootstrap: { resamples: 200, seed: 7 } };
    const first = await upload(admin, SMALL_CSV, config).expect(202);
    const second = await upload(admin, SMALL_CSV, config).expect(202);
    await finished(admin, first.body.id);
    await finished(admin, second.body.id);
    const a = await results(admin, first.body.id);
    const b = await results(admin, second.body.id);
    expect(a.map((r) => r.additionalData)).toEqual(b.map((r) => r.additionalData));
    const ratio = a.find((r) => r.demographicGroup === 'race' && r.metricName === 'demographic_parity_ratio')!;
    expect(ratio).toMatchObject({ threshold: 0, status: 'pass' });
  });

  it('reads JSON arrays and NDJSON uploads', async () => {
    const records = [
      { y: 1, p: '1', g: 'x' },
      { y: 0, p: '0', g: 'y' },
      { y: 1, p: '0', g: 'y' },
    ];
    const config = { labelColumn: 'y', predictionColumn: 'p', protectedAttributes: ['g'], bootstrap: { resamples: 0 } };
    const json = await upload(admin, JSON.stringify(records, null, 2), config, {
      filename: 'r.json',
      contentType: 'application/json',
    }).expect(202);
    const ndjson = await upload(admin, records.map((r) => JSON.stringify(r)).join('\n'), config, {
      filename: 'r.ndjson',
      contentType: 'application/x-ndjson',
    }).expect(202);
    expect(await finished(admin, json.body.id)).toMatchObject({ status: 'completed', rowCount: 3 });
    expect(await finished(admin, ndjson.body.id)).toMatchObject({ status: 'completed', rowCount: 3 });
    const scores = (rows: ResultRow[]) => rows.map((r) => [r.demographicGroup, r.metricName, r.score]);
    expect(scores(await results(admin, json.body.id))).toEqual(scores(await results(admin, ndjson.body.id)));
  });

  it('takes webhook batches signed with HMAC-SHA256, then analyses them on /complete', async () => {
    const created = await request(t.http)
      .post(SCANS)
      .set(admin.auth)
      .send({ name: 'Webhook scan', dataSource: 'webhook', config: SMALL_CONFIG })
      .expect(202);
    expect(created.body).toMatchObject({ status: 'pending', dataSource: 'webhook', webhookSecret: expect.stringMatching(/^whsec_/) });
    expect(created.body.webhookUrl).toMatch(new RegExp(`/api/v1/bias-analysis/scans/${created.body.id}/records$`));
    const secret: string = created.body.webhookSecret;
    const again = await request(t.http).get(`${SCANS}/${created.body.id}`).set(admin.auth).expect(200);
    expect(JSON.stringify(again.body)).not.toContain(secret);

    const lines = SMALL_CSV.split('\r\n').slice(1);
    const records = lines.map((line) => {
      const [id, yTrue, yPred, race, sex] = line.split(',');
      return { id, y_true: yTrue, y_pred: yPred, race: race.replace(/"/g, ''), sex };
    });
    const send = (body: string, signature?: string, contentType = 'application/json') => {
      const req = request(t.http).post(`${SCANS}/${created.body.id}/records`).set('Content-Type', contentType);
      // A string is sent byte for byte (a Buffer would be JSON-encoded by superagent under application/json).
      return (signature === undefined ? req : req.set('X-Signature-256', signature)).send(body);
    };
    const sign = (body: string, key = secret) => `sha256=${createHmac('sha256', key).update(body).digest('hex')}`;
    const batch1 = JSON.stringify(records.slice(0, 5));
    const batch2 = JSON.stringify(records.slice(5));
    expect((await send(batch1, sign(batch1)).expect(202)).body).toEqual({ scanId: created.body.id, accepted: 5 });
    // Wrong secret, tampered body, missing header: 401 and nothing stored.
    expectError(await send(batch2, sign(batch2, 'whsec_wrong')), 401);
    expectError(await send(batch2.replace('"0"', '"1"'), sign(batch2)), 401);
    expectError(await send(batch2), 401);
    expectError(await send('[{"a":', sign('[{"a":')), 400);
    // The signature covers the exact bytes, whatever the content type says.
    await send(batch2, sign(batch2), 'application/octet-stream').expect(202);

    const done = await request(t.http).post(`${SCANS}/${created.body.id}/complete`).set(admin.auth).expect(202);
    expect(done.body.jobId).toBe(`bias-analysis:${created.body.id}`);
    expectError(await send(batch2, sign(batch2)), 409);
    expect(await finished(admin, created.body.id)).toMatchObject({ status: 'completed', rowCount: 8 });

    const uploaded = await upload(admin, SMALL_CSV, SMALL_CONFIG).expect(202);
    await finished(admin, uploaded.body.id);
    const scores = (rows: ResultRow[]) => rows.map((r) => [r.demographicGroup, r.metricName, r.score, r.status]);
    expect(scores(await results(admin, created.body.id))).toEqual(scores(await results(admin, uploaded.body.id)));
    expectError(await request(t.http).post(`${SCANS}/999999/records`).send('[]'), 404);
  });

  it('refuses bad settings and files before storing anything (400, 415)', async () => {
    let message = expectError(
      await upload(admin, SMALL_CSV, { ...SMALL_CONFIG, protectedAttributes: ['ethnicity'], intersections: [] }),
      400,
    );
    expect(message).toBe("column 'ethnicity' not found; columns are id, y_true, y_pred, race, sex");
    // Also when the file is still streaming in (several MiB) as the header is refused.
    const large = `${SMALL_CSV}\r\n${'9,1,1,C,F\r\n'.repeat(400_000)}`;
    message = expectError(await upload(admin, large, { ...SMALL_CONFIG, labelColumn: 'outcome' }), 400);
    expect(message).toBe("column 'outcome' not found; columns are id, y_true, y_pred, race, sex");
    message = expectError(await upload(admin, SMALL_CSV, { ...SMALL_CONFIG, intersections: [['race', 'age']] }), 400);
    expect(message).toContain("intersections[0]: 'age' is not one of protectedAttributes");
    message = expectError(await upload(admin, SMALL_CSV, '{not json'), 400);
    expect(message).toBe('config must be a JSON object');
    message = expectError(await upload(admin, SMALL_CSV, { protectedAttributes: ['race'] }), 400);
    expect(message).toContain('predictionColumn');
    message = expectError(await upload(admin, '', SMALL_CONFIG), 400);
    expect(message).toBe('file is empty');
    const late = request(t.http)
      .post(SCANS)
      .set(admin.auth)
      .attach('file', Buffer.from(SMALL_CSV), { filename: 'data.csv', contentType: 'text/csv' })
      .field('name', 'Fields after the file')
      .field('config', JSON.stringify(SMALL_CONFIG));
    expect(expectError(await late, 400)).toBe('the form fields name and config are required, before the file');
    expectError(await upload(admin, SMALL_CSV, SMALL_CONFIG, { filename: 'data.xlsx', contentType: 'application/vnd.ms-excel' }), 415);
    expectError(await request(t.http).post(SCANS).set(admin.auth).set('Content-Type', 'text/plain').send('x'), 415);
    expectError(
      await request(t.http).post(SCANS).set(admin.auth).field('name', 'no file').field('config', JSON.stringify(SMALL_CONFIG)),
      400,
    );
    const list = await request(t.http).get(`${SCANS}?q=no%20file`).set(admin.auth).expect(200);
    expect(list.body.meta.total).toBe(0);
  });

  it('fails a scan on bad rows, naming the line, with no partial results', async () => {
    expect(await failure('y_true,y_pred,race\n1,1,A\n0,1\n', { ...SMALL_CONFIG, protectedAttributes: ['race'], intersections: [] })).toBe(
      'line 3: expected 3 fields, found 2',
    );
    expect(
      await failure('y_true,y_pred,race\n1,1,A\n2,1,B\n0,1,A\n', { ...SMALL_CONFIG, protectedAttributes: ['race'], intersections: [] }),
    ).toBe("line 4: label column 'y_true' is not binary under positiveLabel '1': it has the values '2' and '0' besides '1'");
    expect(await failure('s,race\n0.7,A\n"hi",B\n', { scoreColumn: 's', scoreThreshold: 0.5, protectedAttributes: ['race'] })).toBe(
      "line 3: score column 's' is not a number: 'hi'",
    );
    expect(await failure('y_true,y_pred,race\n1,1,"A\n', { ...SMALL_CONFIG, protectedAttributes: ['race'], intersections: [] })).toBe(
      'line 2: a quoted field is not closed',
    );
    expect(await failure('y_true,y_pred,race\n', { ...SMALL_CONFIG, protectedAttributes: ['race'], intersections: [] })).toBe(
      'the data has no rows',
    );
    const json = { filename: 'x.json', contentType: 'application/json' };
    expect(
      await failure(
        '[{"y_true":1,"y_pred":1,"race":"A"},{"y_true":1,',
        { ...SMALL_CONFIG, protectedAttributes: ['race'], intersections: [] },
        json,
      ),
    ).toBe('invalid JSON: the array is not closed (after record 1)');
    expect(await failure('[{"y_true":1,"y_pred":1}]', { ...SMALL_CONFIG, protectedAttributes: ['race'], intersections: [] }, json)).toBe(
      "record 1: column 'race' not found; columns are y_true, y_pred",
    );
  });

  it('keeps scans inside their organization and lets viewers read only', async () => {
    const created = await upload(admin, SMALL_CSV, SMALL_CONFIG).expect(202);
    await finished(admin, created.body.id);
    const other = await registerOrganization(t.http);
    expectError(await request(t.http).get(`${SCANS}/${created.body.id}`).set(other.auth), 404);
    expectError(await request(t.http).get(`${SCANS}/${created.body.id}/results`).set(other.auth), 404);
    expectError(await request(t.http).post(`${SCANS}/${created.body.id}/complete`).set(other.auth), 404);
    const list = await request(t.http).get(SCANS).set(other.auth).expect(200);
    expect(list.body.meta.total).toBe(0);

    const viewer = await createUserWithRole(t.http, admin, 'viewer');
    await request(t.http).get(`${SCANS}/${created.body.id}/results`).set(viewer.auth).expect(200);
    const own = await request(t.http).get(`${SCANS}?status=completed`).set(viewer.auth).expect(200);
    expect(own.body.data.every((s: { status: string }) => s.status === 'completed')).toBe(true);
    expectError(await upload(viewer, SMALL_CSV, SMALL_CONFIG), 403);
    expectError(await request(t.http).post(SCANS).set(viewer.auth).send({ name: 'w', dataSource: 'webhook', config: SMALL_CONFIG }), 403);
    expectError(await request(t.http).post(`${SCANS}/${created.body.id}/complete`).set(viewer.auth), 403);
  });
});
