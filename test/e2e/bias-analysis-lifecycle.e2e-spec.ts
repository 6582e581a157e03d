import type { INestApplicationContext } from '@nestjs/common';
import pg from 'pg';
import request from 'supertest';
import { BiasAnalysisRunner } from '../../src/modules/bias-analysis/bias-analysis.runner.js';
import { expectError, registerOrganization, type Session } from '../support/factories.js';
import { createTestApp, createTestWorker, waitFor, type TestApp } from '../support/test-app.js';

const SCANS = '/api/v1/bias-analysis/scans';
const CSV = ['y,p,group', '1,1,a', '0,1,a', '1,0,b', '0,0,b', '1,1,b'].join('\n');
const CONFIG = { labelColumn: 'y', predictionColumn: 'p', protectedAttributes: ['group'], bootstrap: { resamples: 50 } };

/** Upload limit, data retention, compliance issues and retried jobs, on an app with a 4 KiB limit and retention on. */
describe('Bias analysis lifecycle', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let admin: Session;
  let db: pg.Client;

  beforeAll(async () => {
    t = await createTestApp({ BIAS_UPLOAD_MAX_BYTES: '4096', BIAS_RETAIN_DATA: 'true' });
    worker = await createTestWorker(t);
    admin = await registerOrganization(t.http);
    db = new pg.Client({ connectionString: t.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await worker.close();
    await t.close();
  });

  const upload = (body: string, config: unknown = CONFIG) =>
    request(t.http)
      .post(SCANS)
      .set(admin.auth)
      .field('name', 'Lifecycle scan')
      .field('config', JSON.stringify(config))
      .attach('file', Buffer.from(body), { filename: 'data.csv', contentType: 'text/csv' });

  const completed = (id: number) =>
    waitFor(async () => {
      const res = await request(t.http).get(`${SCANS}/${id}`).set(admin.auth).expect(200);
      return res.body.status === 'completed' ? res.body : undefined;
    });

  const resultRows = async (id: number) => (await request(t.http).get(`${SCANS}/${id}/results?limit=100`).set(admin.auth).expect(200)).body;

  it('answers 413 beyond BIAS_UPLOAD_MAX_BYTES, whether announced or found while streaming, and keeps nothing', async () => {
    const big = `y,p,group\n${'1,1,a\n'.repeat(20_000)}`;
    expectError(await upload(big), 413);
    const streamed = `y,p,group\n${'1,1,a\n'.repeat(1_000)}`;
    expectError(await upload(streamed), 413);
    const list = await request(t.http).get(SCANS).set(admin.auth).expect(200);
    expect(list.body.meta.total).toBe(0);
  });

  it('keeps the staged data when retention is on, and a retried job replaces its results instead of adding to them', async () => {
    const created = await upload(CSV).expect(202);
    await completed(created.body.id);
    const first = await resultRows(created.body.id);
    const { rows } = await db.query('SELECT count(*)::int AS n FROM bias_analysis_data_chunks WHERE scan_id = $1', [created.body.id]);
    expect(rows[0].n).toBe(1);

    // A job that a crashed worker left half done runs again.
    await db.query(`UPDATE bias_analysis_scans SET status = 'processing' WHERE id = $1`, [created.body.id]);
    await worker
      .get(BiasAnalysisRunner)
      .run({ organizationId: admin.organizationId, scanId: created.body.id }, async () => undefined, false);
    const second = await resultRows(created.body.id);
    expect(second.meta.total).toBe(first.meta.total);
    const strip = (page: { data: Array<Record<string, unknown>> }) => page.data.map(({ id, createdAt, ...rest }) => rest);
    expect(strip(second)).toEqual(strip(first));
  });

  it('re-runs a failed scan from its retained data, and only a failed one', async () => {
    // A ragged row fails the analysis; the data stays (retention is on).
    const created = await upload(['y,p,group', '1,1,a', '1,0'].join('\n')).expect(202);
    const failed = (after?: string) =>
      waitFor(async () => {
        const res = await request(t.http).get(`${SCANS}/${created.body.id}`).set(admin.auth).expect(200);
        return res.body.status === 'failed' && res.body.completedAt !== after ? res.body : undefined;
      });
    const first = await failed();
    expect(first.error).toMatch(/line 3/);

    const rerun = await request(t.http).post(`${SCANS}/${created.body.id}/rerun`).set(admin.auth).expect(202);
    expect(rerun.body).toMatchObject({
      id: created.body.id,
      status: 'pending',
      jobId: expect.stringMatching(/^bias-analysis:\d+:rerun:\d+$/),
    });
    const second = await failed(first.completedAt);
    expect(second.error).toBe(first.error);

    const ok = await upload(CSV).expect(202);
    await completed(ok.body.id);
    expect(expectError(await request(t.http).post(`${SCANS}/${ok.body.id}/rerun`).set(admin.auth), 409)).toMatch(/only a failed scan/);
    expectError(await request(t.http).post(`${SCANS}/999999/rerun`).set(admin.auth), 404);
    const other = await registerOrganization(t.http);
    expectError(await request(t.http).post(`${SCANS}/${created.body.id}/rerun`).set(other.auth), 404);
  });

  it('splits scans between two workers without running one twice or duplicating its rows', async () => {
    const second = await createTestWorker(t);
    try {
      const ids = await Promise.all(Array.from({ length: 6 }, async () => (await upload(CSV).expect(202)).body.id as number));
      for (const id of ids) {
        await completed(id);
        // One group attribute with two groups: 8 aggregates and 2 disparate_impact rows.
        expect((await resultRows(id)).meta.total).toBe(10);
      }
    } finally {
      await second.close();
    }
  });

  it('opens a compliance issue for the scan’s AI system when a metric fails', async () => {
    const system = await request(t.http).post('/api/v1/ai-systems').set(admin.auth).send({ name: 'Screening model' }).expect(201);
    const other = await registerOrganization(t.http);
    const foreign = await request(t.http).post('/api/v1/ai-systems').set(other.auth).send({ name: 'Elsewhere' }).expect(201);
    const refused = expectError(await upload(CSV, { ...CONFIG, openComplianceIssue: true, aiSystemId: foreign.body.id }), 400);
    expect(refused).toContain('config.aiSystemId');

    const created = await upload(CSV, { ...CONFIG, openComplianceIssue: true, aiSystemId: system.body.id }).expect(202);
    const scan = await completed(created.body.id);
    expect(scan.complianceIssueId).toEqual(expect.any(Number));
    const issue = await request(t.http).get(`/api/v1/compliance-issues/${scan.complianceIssueId}`).set(admin.auth).expect(200);
    expect(issue.body).toMatchObject({ status: 'open', severity: 'high', aiSystemId: system.body.id });
    expect(issue.body.title).toContain('Lifecycle scan');
    expect(issue.body.description).toContain('demographic_parity_ratio for group');

    const passing = await upload(CSV, {
      ...CONFIG,
      openComplianceIssue: true,
      thresholds: {
        demographic_parity_ratio: 0,
        disparate_impact: 0,
        equalized_odds_ratio: 0,
        demographic_parity_difference: 1,
        equalized_odds_difference: 1,
        equal_opportunity_difference: 1,
        false_positive_rate_difference: 1,
        predictive_parity_difference: 1,
        accuracy_difference: 1,
      },
    }).expect(202);
    expect((await completed(passing.body.id)).complianceIssueId).toBeNull();
  });
});
