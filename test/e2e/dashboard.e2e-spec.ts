import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  AI_SYSTEM_RISK_LEVELS,
  AI_SYSTEM_STATUSES,
  COMPLIANCE_STATUSES,
  IMPACT_LEVELS,
  LIKELIHOOD_LEVELS,
  MITIGATION_STATUSES,
  RISK_CATEGORIES,
  RISK_STATUSES,
  SEVERITIES,
} from '../../src/common/domain/vocabulary.js';
import { createUserWithRole, expectError, registerOrganization, type Session } from '../support/factories.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const SUMMARY = '/api/v1/dashboard/summary';

type Body = Record<string, unknown>;

/** Every allowed value at 0, then the given counts (which may add unexpected values). */
const counts = (allowed: readonly string[], present: Record<string, number> = {}) => ({
  ...Object.fromEntries(allowed.map((value) => [value, 0])),
  ...present,
});

describe('Dashboard summary (/api/v1/dashboard/summary)', () => {
  let t: TestApp;
  let db: DataSource;

  const post = async (session: Session, path: string, body: Body): Promise<Body> =>
    (await request(t.http).post(path).set(session.auth).send(body).expect(201)).body;

  const risk = (session: Session, status: string, severity: string, category: string, impact: string, likelihood: string) =>
    post(session, '/api/v1/risk-items', { title: `${status} ${severity} ${category}`, status, severity, category, impact, likelihood });

  const summary = async (session: Session) => (await request(t.http).get(SUMMARY).set(session.auth).expect(200)).body;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  it('lists every allowed value with 0 for an organization without data', async () => {
    const empty = await registerOrganization(t.http);
    expect(await summary(empty)).toEqual({
      aiSystems: { total: 0, byStatus: counts(AI_SYSTEM_STATUSES), byRiskLevel: counts(AI_SYSTEM_RISK_LEVELS), withoutRiskLevel: 0 },
      riskItems: {
        total: 0,
        byStatus: counts(RISK_STATUSES),
        bySeverity: counts(SEVERITIES),
        byCategory: counts(RISK_CATEGORIES),
        byImpact: counts(IMPACT_LEVELS),
        byLikelihood: counts(LIKELIHOOD_LEVELS),
        open: 0,
        highOrCritical: 0,
      },
      mitigations: { total: 0, byStatus: counts(MITIGATION_STATUSES) },
      complianceIssues: { total: 0, byStatus: counts(COMPLIANCE_STATUSES), bySeverity: counts(SEVERITIES) },
    });
  });

  it("counts exactly the caller's organization, including unexpected stored values, whatever other organizations hold", async () => {
    const admin = await registerOrganization(t.http);
    const viewer = await createUserWithRole(t.http, admin, 'viewer');
    const other = await registerOrganization(t.http);

    // Organization A: the known data set.
    const s1 = await post(admin, '/api/v1/ai-systems', { name: 'Scorer', status: 'active', riskLevel: 'high' });
    await post(admin, '/api/v1/ai-systems', { name: 'Chatbot', status: 'active' });
    await post(admin, '/api/v1/ai-systems', { name: 'Old OCR', status: 'retired', riskLevel: 'minimal' });
    await post(admin, '/api/v1/ai-systems', { name: 'Triage', status: 'testing', riskLevel: 'high' });
    const r1 = await risk(admin, 'open', 'high', 'bias', 'high', 'low');
    const r2 = await risk(admin, 'open', 'critical', 'privacy', 'medium', 'medium');
    const r3 = await risk(admin, 'mitigated', 'low', 'bias', 'low', 'high');
    await risk(admin, 'closed', 'medium', 'security', 'high', 'low');
    for (const [riskItem, status] of [
      [r1, 'planned'],
      [r1, 'in-progress'],
      [r2, 'in-progress'],
      [r3, 'completed'],
    ] as const) {
      await post(admin, `/api/v1/risk-items/${riskItem.id}/mitigations`, { description: `${status} step`, status });
    }
    await post(admin, '/api/v1/compliance-issues', { title: 'No oversight', status: 'open', severity: 'high', aiSystemId: s1.id });
    await post(admin, '/api/v1/compliance-issues', { title: 'Missing DPIA', status: 'open', severity: 'critical' });
    await post(admin, '/api/v1/compliance-issues', { title: 'Old finding', status: 'resolved', severity: 'low' });

    // Values the API would refuse, written by an older version or by hand, still get counted.
    await db.query(`INSERT INTO ai_systems (name, status, risk_level, organization_id) VALUES ('Legacy', 'legacy', 'extreme', $1)`, [
      admin.organizationId,
    ]);
    await db.query(
      `INSERT INTO risk_items (title, status, severity, impact, likelihood, category, organization_id)
       VALUES ('Imported', 'archived', 'severe', 'huge', 'rare', 'misc', $1)`,
      [admin.organizationId],
    );
    await db.query(
      `INSERT INTO risk_mitigations (risk_item_id, description, status, organization_id) VALUES ($1, 'Imported', 'paused', $2)`,
      [r2.id, admin.organizationId],
    );
    await db.query(`INSERT INTO compliance_issues (title, status, severity, organization_id) VALUES ('Imported', 'wontfix', 'minor', $1)`, [
      admin.organizationId,
    ]);

    // Organization B: data that must not leak into A's numbers.
    await post(other, '/api/v1/ai-systems', { name: 'Their system', status: 'active', riskLevel: 'critical' });
    const theirs = await risk(other, 'open', 'critical', 'bias', 'high', 'high');
    await risk(other, 'closed', 'low', 'legal', 'low', 'low');
    await post(other, `/api/v1/risk-items/${theirs.id}/mitigations`, { description: 'Theirs', status: 'planned' });
    await post(other, '/api/v1/compliance-issues', { title: 'Theirs', status: 'accepted', severity: 'medium' });

    const expected = {
      aiSystems: {
        total: 5,
        byStatus: counts(AI_SYSTEM_STATUSES, { active: 2, retired: 1, testing: 1, legacy: 1 }),
        byRiskLevel: counts(AI_SYSTEM_RISK_LEVELS, { high: 2, minimal: 1, extreme: 1 }),
        withoutRiskLevel: 1,
      },
      riskItems: {
        total: 5,
        byStatus: counts(RISK_STATUSES, { open: 2, mitigated: 1, closed: 1, archived: 1 }),
        bySeverity: counts(SEVERITIES, { low: 1, medium: 1, high: 1, critical: 1, severe: 1 }),
        byCategory: counts(RISK_CATEGORIES, { bias: 2, privacy: 1, security: 1, misc: 1 }),
        byImpact: counts(IMPACT_LEVELS, { low: 1, medium: 1, high: 2, huge: 1 }),
        byLikelihood: counts(LIKELIHOOD_LEVELS, { low: 2, medium: 1, high: 1, rare: 1 }),
        open: 2,
        highOrCritical: 2,
      },
      mitigations: { total: 5, byStatus: counts(MITIGATION_STATUSES, { planned: 1, 'in-progress': 2, completed: 1, paused: 1 }) },
      complianceIssues: {
        total: 4,
        byStatus: counts(COMPLIANCE_STATUSES, { open: 2, resolved: 1, wontfix: 1 }),
        bySeverity: counts(SEVERITIES, { low: 1, high: 1, critical: 1, minor: 1 }),
      },
    };
    expect(await summary(admin)).toEqual(expected);
    // A viewer of the organization sees the same numbers.
    expect(await summary(viewer)).toEqual(expected);

    const theirSummary = await summary(other);
    expect(theirSummary.aiSystems).toEqual({
      total: 1,
      byStatus: counts(AI_SYSTEM_STATUSES, { active: 1 }),
      byRiskLevel: counts(AI_SYSTEM_RISK_LEVELS, { critical: 1 }),
      withoutRiskLevel: 0,
    });
    expect(theirSummary.riskItems).toMatchObject({
      total: 2,
      open: 1,
      highOrCritical: 1,
      byCategory: counts(RISK_CATEGORIES, { bias: 1, legal: 1 }),
    });
    expect(theirSummary.mitigations).toEqual({ total: 1, byStatus: counts(MITIGATION_STATUSES, { planned: 1 }) });
    expect(theirSummary.complianceIssues.byStatus).toEqual(counts(COMPLIANCE_STATUSES, { accepted: 1 }));

    // Changes show up at once: closing a risk, and deleting one with its mitigations.
    await request(t.http).patch(`/api/v1/risk-items/${r1.id}`).set(admin.auth).send({ status: 'closed' }).expect(200);
    await request(t.http).delete(`/api/v1/risk-items/${r2.id}`).set(admin.auth).expect(204);
    const after = await summary(admin);
    expect(after.riskItems).toMatchObject({
      total: 4,
      open: 0,
      highOrCritical: 1,
      byStatus: counts(RISK_STATUSES, { mitigated: 1, closed: 2, archived: 1 }),
    });
    expect(after.mitigations).toEqual({ total: 3, byStatus: counts(MITIGATION_STATUSES, { planned: 1, 'in-progress': 1, completed: 1 }) });
    expect(await summary(other)).toEqual(theirSummary);
  });

  it('documents every breakdown key in OpenAPI', async () => {
    const doc = (await request(t.http).get('/api/docs-json').expect(200)).body;
    const operation = doc.paths['/api/v1/dashboard/summary'].get;
    expect(operation.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/DashboardSummaryDto' });
    expect(operation['x-required-permissions']).toEqual(['risks:read']);
    const riskCounts = doc.components.schemas.RiskItemCountsDto;
    expect(Object.keys(riskCounts.properties.byCategory.properties)).toEqual([...RISK_CATEGORIES]);
    expect(riskCounts.properties.byCategory.required).toEqual([...RISK_CATEGORIES]);
    expect(Object.keys(doc.components.schemas.MitigationCountsDto.properties.byStatus.properties)).toEqual([...MITIGATION_STATUSES]);
  });

  it('answers 401 without credentials', async () => {
    expectError(await request(t.http).get(SUMMARY), 401);
    expectError(await request(t.http).get(SUMMARY).set('Authorization', 'Bearer not.a.jwt'), 401);
  });
});
