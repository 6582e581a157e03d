import type { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { DataSource, type EntityManager } from 'typeorm';
import { FakeFeedServer } from '../support/fake-feed-server.js';
import { createPlatformAdmin, registerOrganization, type Session } from '../support/factories.js';
import type { FakeGithubServer } from '../support/fake-github-server.js';
import { createGithubTestWorker, startFixtureGithub } from '../support/github-test-worker.js';
import { createTestApp, waitFor, type TestApp } from '../support/test-app.js';

/** A foreign key from one organization-owned table to another: both rows must belong to one organization. */
interface OwnedReference {
  childTable: string;
  childColumn: string;
  parentTable: string;
  parentColumn: string;
}

/** 100 rows where the model predicts positives for F four times as often as for M: disparate impact 0.25. */
const SKEWED_CSV = [
  'y_true,y_pred,sex',
  ...Array.from({ length: 100 }, (_, i) => {
    const sex = i < 50 ? 'F' : 'M';
    const predicted = sex === 'F' ? i % 5 !== 0 : i % 5 === 0;
    return `${i % 2},${predicted ? 1 : 0},${sex}`;
  }),
].join('\n');

/**
 * The workers write through raw SQL (scan results, feed alerts, bias results). Whatever path a row
 * takes, it must land in the organization of what it hangs off. Two organizations run the same work
 * side by side (the same GitHub organization, the same feed, the same data), then every foreign key
 * between organization-owned tables is checked in the database, and each API list shows only its own.
 */
describe('Tenancy of everything the API and the workers write', () => {
  let github: FakeGithubServer;
  let feeds: FakeFeedServer;
  let t: TestApp;
  let workers: INestApplicationContext[] = [];
  let platform: Session;
  const orgs: Session[] = [];

  const api = (session: Session) => ({
    get: (path: string) => request(t.http).get(path).set(session.auth),
    post: (path: string, body: object) => request(t.http).post(path).set(session.auth).send(body),
  });

  async function ownedReferences(): Promise<OwnedReference[]> {
    return t.app.get(DataSource).query(`
      SELECT child.relname AS "childTable", child_column.attname AS "childColumn",
             parent.relname AS "parentTable", parent_column.attname AS "parentColumn"
      FROM pg_constraint fk
      JOIN pg_class child ON child.oid = fk.conrelid
      JOIN pg_class parent ON parent.oid = fk.confrelid
      JOIN pg_attribute child_column ON child_column.attrelid = fk.conrelid AND child_column.attnum = fk.conkey[1]
      JOIN pg_attribute parent_column ON parent_column.attrelid = fk.confrelid AND parent_column.attnum = fk.confkey[1]
      WHERE fk.contype = 'f' AND cardinality(fk.conkey) = 1
        AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = child.oid AND a.attname = 'organization_id' AND NOT a.attisdropped)
        AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = parent.oid AND a.attname = 'organization_id' AND NOT a.attisdropped)
        AND child_column.attname <> 'organization_id'
        -- An audit record's actor may be a platform admin of another organization (console, catalog writes).
        AND NOT (child.relname = 'audit_logs' AND child_column.attname = 'actor_user_id')
      ORDER BY 1, 2`);
  }

  async function crossingReferences(manager: EntityManager, references: OwnedReference[]): Promise<string[]> {
    const crossing: string[] = [];
    for (const { childTable, childColumn, parentTable, parentColumn } of references) {
      const [{ count }] = await manager.query(
        `SELECT count(*)::int AS count FROM "${childTable}" c JOIN "${parentTable}" p ON p."${parentColumn}" = c."${childColumn}"
         WHERE c.organization_id IS DISTINCT FROM p.organization_id`,
      );
      if (count) crossing.push(`${childTable}.${childColumn} → ${parentTable}: ${count} row(s) in another organization`);
    }
    return crossing;
  }

  beforeAll(async () => {
    github = await startFixtureGithub();
    feeds = await new FakeFeedServer().start();
    t = await createTestApp({ GITHUB_API_URL: github.url, GITHUB_TOKEN: 'ghp_env_default' });
    workers = [await createGithubTestWorker(t), await createGithubTestWorker(t)];
    platform = await createPlatformAdmin(t);
    orgs.push(await registerOrganization(t.http), await registerOrganization(t.http));

    // The same work in both organizations, started side by side.
    const catalog = await api(orgs[0]).get('/api/v1/frontier-models?q=gpt-4o&limit=100').expect(200);
    const gpt4o = (catalog.body.data as Array<{ id: number; modelId: string }>).find((m) => m.modelId === 'gpt-4o')!;
    await api(platform)
      .post('/api/v1/frontier-models/sources', { name: 'openai', url: feeds.url('/openai/news.rss'), kind: 'rss', provider: 'OpenAI' })
      .expect(201);
    await Promise.all(
      orgs.map(async (org) => {
        const system = await api(org).post('/api/v1/ai-systems', { name: 'Scoring model' }).expect(201);
        const risk = await api(org)
          .post('/api/v1/risk-items', {
            title: 'Drift',
            status: 'open',
            severity: 'high',
            impact: 'high',
            likelihood: 'medium',
            category: 'bias',
            aiSystemId: system.body.id,
          })
          .expect(201);
        await api(org)
          .post(`/api/v1/risk-items/${risk.body.id}/mitigations`, { description: 'Retrain monthly', status: 'planned' })
          .expect(201);
        await api(org)
          .post('/api/v1/compliance-issues', { title: 'No oversight', status: 'open', severity: 'high', aiSystemId: system.body.id })
          .expect(201);
        await api(org).post('/api/v1/frontier-alert-configs', { modelId: gpt4o.id, category: 'deprecation' }).expect(201);
        const config = await api(org).post('/api/v1/github/scan-configs', { githubOrgName: 'acme-ai' }).expect(201);
        await api(org).post(`/api/v1/github/scan-configs/${config.body.id}/scans`, {}).expect(202);
        await request(t.http)
          .post('/api/v1/bias-analysis/scans')
          .set(org.auth)
          .field('name', 'Skewed')
          .field(
            'config',
            JSON.stringify({
              labelColumn: 'y_true',
              predictionColumn: 'y_pred',
              protectedAttributes: ['sex'],
              minGroupSize: 10,
              openComplianceIssue: true,
            }),
          )
          .attach('file', Buffer.from(SKEWED_CSV), { filename: 'data.csv', contentType: 'text/csv' })
          .expect(202);
      }),
    );
    await api(platform).post('/api/v1/frontier-models/sources/fetch', {}).expect(202);

    // Wait for the workers: both GitHub scans, both bias analyses, the feed's alerts in both organizations.
    for (const org of orgs) {
      await waitFor(async () => {
        const [configs, scans, alerts] = await Promise.all([
          api(org).get('/api/v1/github/scan-configs').expect(200),
          api(org).get('/api/v1/bias-analysis/scans').expect(200),
          api(org).get('/api/v1/frontier-alerts').expect(200),
        ]);
        return (
          configs.body.data[0]?.lastScan?.status === 'completed' && scans.body.data[0]?.status === 'completed' && alerts.body.meta.total > 0
        );
      }, 60_000);
      const config = (await api(org).get('/api/v1/github/scan-configs').expect(200)).body.data[0];
      const results = await api(org).get(`/api/v1/github/scan-configs/${config.id}/results?hasAiUsage=true`).expect(200);
      await api(org).post(`/api/v1/github/scan-results/${results.body.data[0].id}/add-to-risk`, { createAiSystem: true }).expect(201);
    }
  });

  afterAll(async () => {
    for (const worker of workers) await worker.close();
    await t?.close();
    await github?.close();
    await feeds?.close();
  });

  it('keeps every reference between organization-owned rows inside one organization', async () => {
    const references = await ownedReferences();
    // The check must cover the tables the workers write.
    expect(references.map((r) => r.childTable)).toEqual(
      expect.arrayContaining(['risk_items', 'risk_mitigations', 'github_scan_results', 'bias_analysis_results', 'frontier_models_alerts']),
    );
    const crossing = await crossingReferences(t.app.get(DataSource).manager, references);
    expect(crossing).toEqual([]);

    // The check itself finds a row moved to the other organization (in a transaction rolled back).
    await t.app
      .get(DataSource)
      .transaction(async (manager) => {
        await manager.query(
          'UPDATE risk_mitigations SET organization_id = $1 WHERE id = (SELECT min(id) FROM risk_mitigations WHERE organization_id = $2)',
          [orgs[1].organizationId, orgs[0].organizationId],
        );
        expect(await crossingReferences(manager, references)).toEqual([
          'risk_mitigations.created_by_id → users: 1 row(s) in another organization',
          'risk_mitigations.risk_item_id → risk_items: 1 row(s) in another organization',
        ]);
        throw new Error('rollback');
      })
      .catch((error: Error) => expect(error.message).toBe('rollback'));
  });

  it('gives both organizations the same worker results, each in its own rows', async () => {
    const seen = await Promise.all(
      orgs.map(async (org) => {
        const config = (await api(org).get('/api/v1/github/scan-configs').expect(200)).body.data[0];
        const results = (await api(org).get(`/api/v1/github/scan-configs/${config.id}/results?limit=100`).expect(200)).body.data;
        const scan = (await api(org).get('/api/v1/bias-analysis/scans').expect(200)).body.data[0];
        const biasResults = (await api(org).get(`/api/v1/bias-analysis/scans/${scan.id}/results?limit=100`).expect(200)).body.data;
        const alerts = (await api(org).get('/api/v1/frontier-alerts?limit=100').expect(200)).body.data;
        const issues = (await api(org).get('/api/v1/compliance-issues?limit=100').expect(200)).body.data;
        return { results, biasResults, alerts, issues };
      }),
    );
    const [a, b] = seen;
    const names = (rows: Array<{ repositoryName: string }>) => rows.map((r) => r.repositoryName).sort();
    expect(names(a.results)).toEqual(names(b.results));
    expect(a.results.length).toBeGreaterThan(0);
    const ids = (rows: Array<{ id: number }>) => new Set(rows.map((r) => r.id));
    for (const kind of ['results', 'biasResults', 'alerts', 'issues'] as const) {
      expect(a[kind].length).toBe(b[kind].length);
      const shared = [...ids(a[kind])].filter((id) => ids(b[kind]).has(id));
      expect({ kind, shared }).toEqual({ kind, shared: [] });
    }
    // The bias analysis opened a compliance issue in each organization (one from the API, one from the worker).
    expect(a.issues.length).toBe(2);
  });
});
