import { getQueueToken } from '@nestjs/bull';
import type { INestApplicationContext } from '@nestjs/common';
import type { Queue } from 'bull';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { GithubScanJob } from '../../src/modules/github-scans/github-scans.constants.js';
import { QueueName } from '../../src/queue/queue.constants.js';
import { createUserWithRole, expectError, registerOrganization, type Session } from '../support/factories.js';
import type { FakeGithubServer } from '../support/fake-github-server.js';
import { createGithubTestWorker, startFixtureGithub } from '../support/github-test-worker.js';
import { createTestApp, waitFor, type TestApp } from '../support/test-app.js';

interface ScanRun {
  id: number;
  status: string;
  trigger: string;
  error: string | null;
  progress: { done: number; total: number };
  repositoriesSkipped: number;
  repositoriesReused: number;
  repositoriesFailed: number;
  apiRequests: number;
  notModifiedResponses: number;
}

interface Result {
  id: number;
  repositoryName: string;
  repositoryUrl: string;
  hasAiUsage: boolean;
  aiLibraries: string[];
  aiFrameworks: string[];
  confidenceScore: number;
  detectionType: string | null;
  evidence: Array<{ path: string; kind: string; match: string; library?: string }>;
  scanWarnings: string[];
  scanError: string | null;
  aiUsageRemovedAt: string | null;
  addedToRisk: boolean;
  riskItemId: number | null;
}

const SCANNED_ACME_REPOSITORIES = [
  'empty-repo',
  'game-2048',
  'go-gateway',
  'java-assistant',
  'ml-pipeline',
  'platform-monorepo',
  'rag-service',
  'research-notebooks',
  'rust-cli',
  'support-bot',
  'web-frontend',
];

describe('GitHub AI-usage scanning (API → queue → two workers → results)', () => {
  let github: FakeGithubServer;
  let t: TestApp;
  let workers: INestApplicationContext[] = [];
  let admin: Session;

  const createConfig = async (session: Session, body: Record<string, unknown>) =>
    (await request(t.http).post('/api/v1/github/scan-configs').set(session.auth).send(body).expect(201)).body as { id: number };

  /** Starts a scan and waits until the worker side has finished it (completed or failed). */
  const scan = async (session: Session, configId: number, { doubleClick = false } = {}): Promise<ScanRun> => {
    const started = await request(t.http).post(`/api/v1/github/scan-configs/${configId}/scans`).set(session.auth).expect(202);
    expect(started.body).toEqual({ jobId: `github-scan:run:${started.body.scanId}`, status: 'queued', scanId: expect.any(Number) });
    if (doubleClick) {
      // While the scan is queued or running, starting again answers with the same job.
      const again = await request(t.http).post(`/api/v1/github/scan-configs/${configId}/scans`).set(session.auth).expect(202);
      expect(again.body).toEqual(expect.objectContaining({ jobId: started.body.jobId, scanId: started.body.scanId }));
    }
    return waitFor(async () => {
      const res = await request(t.http)
        .get(`/api/v1/github/scan-configs/${configId}/scans/${started.body.scanId}`)
        .set(session.auth)
        .expect(200);
      return ['completed', 'failed'].includes(res.body.status) ? (res.body as ScanRun) : undefined;
    }, 45_000);
  };

  const results = async (session: Session, configId: number, query = 'limit=100'): Promise<Result[]> =>
    (await request(t.http).get(`/api/v1/github/scan-configs/${configId}/results?${query}`).set(session.auth).expect(200)).body.data;

  const byName = (rows: Result[], name: string) => rows.find((r) => r.repositoryName === name)!;

  beforeAll(async () => {
    github = await startFixtureGithub();
    t = await createTestApp({ GITHUB_API_URL: github.url, GITHUB_TOKEN: 'ghp_env_default' });
    workers = [await createGithubTestWorker(t), await createGithubTestWorker(t)];
    admin = await registerOrganization(t.http);
  });

  afterAll(async () => {
    for (const worker of workers) await worker.close();
    await t?.close();
    await github?.close();
  });

  describe('scan configurations', () => {
    it('stores the token encrypted and never returns it; validates the organization name and the cron schedule', async () => {
      const token = 'ghp_acme_only';
      const created = await request(t.http)
        .post('/api/v1/github/scan-configs')
        .set(admin.auth)
        .send({ githubOrgName: 'Config-Test', token })
        .expect(201);
      expect(created.body).toEqual(
        expect.objectContaining({
          githubOrgName: 'Config-Test',
          hasToken: true,
          includeArchived: false,
          includeForks: false,
          status: 'idle',
          lastScan: null,
        }),
      );
      expect(JSON.stringify(created.body)).not.toContain(token);
      const [stored] = await t.app
        .get(DataSource)
        .query(`SELECT token_ciphertext FROM github_scan_configs WHERE id = $1`, [created.body.id]);
      expect(stored.token_ciphertext).toMatch(/^v1\./);
      expect(stored.token_ciphertext).not.toContain(token);

      const listed = await request(t.http).get('/api/v1/github/scan-configs?q=config-test').set(admin.auth).expect(200);
      expect(listed.body.data.map((c: { id: number }) => c.id)).toEqual([created.body.id]);
      expect(JSON.stringify(listed.body)).not.toContain(token);

      const cleared = await request(t.http)
        .patch(`/api/v1/github/scan-configs/${created.body.id}`)
        .set(admin.auth)
        .send({ token: null })
        .expect(200);
      expect(cleared.body.hasToken).toBe(false);

      const duplicate = await request(t.http).post('/api/v1/github/scan-configs').set(admin.auth).send({ githubOrgName: 'config-test' });
      expect(expectError(duplicate, 409)).toMatch(/already exists/);
      for (const body of [
        { githubOrgName: 'not a login' },
        { githubOrgName: '-x' },
        { githubOrgName: 'ok', rescanCron: 'every day' },
        { githubOrgName: 'ok', token: 42 },
      ]) {
        expectError(await request(t.http).post('/api/v1/github/scan-configs').set(admin.auth).send(body), 400);
      }
      await request(t.http).delete(`/api/v1/github/scan-configs/${created.body.id}`).set(admin.auth).expect(204);
      expectError(await request(t.http).get(`/api/v1/github/scan-configs/${created.body.id}`).set(admin.auth), 404);
    });
  });

  describe('a full scan and a rescan', () => {
    let configId: number;
    let firstScan: ScanRun;
    let firstResults: Result[];

    beforeAll(async () => {
      configId = (await createConfig(admin, { githubOrgName: 'acme-ai', token: 'ghp_acme_only' })).id;
      // One secondary rate limit on the way: the throttling plugin waits Retry-After and resumes.
      github.secondaryLimitOnce = /\/git\/blobs\//;
      firstScan = await scan(admin, configId, { doubleClick: true });
      firstResults = await results(admin, configId);
    });

    it('completes with progress, skipping archived repositories and forks, despite a secondary rate limit', () => {
      expect(firstScan).toEqual(
        expect.objectContaining({
          status: 'completed',
          error: null,
          progress: { done: SCANNED_ACME_REPOSITORIES.length, total: SCANNED_ACME_REPOSITORIES.length },
          repositoriesSkipped: 2,
          repositoriesReused: 0,
          repositoriesFailed: 0,
        }),
      );
      expect(github.secondaryLimitHits).toBe(1);
      expect(firstResults.map((r) => r.repositoryName)).toEqual(SCANNED_ACME_REPOSITORIES);
      // The double click above queued one scan.
      const firstPages = github.requests.filter(
        (r) => r.path.startsWith('/orgs/acme-ai/repos') && new URL(r.path, github.url).searchParams.get('page') === '1',
      );
      expect(firstPages).toHaveLength(1);
    });

    it('processes each repository once across the two workers: one tree request each, one result row each', async () => {
      for (const name of SCANNED_ACME_REPOSITORIES) {
        const trees = github.requests.filter((r) => r.path.startsWith(`/repos/acme-ai/${name}/git/trees/`));
        expect({ name, trees: trees.length }).toEqual({ name, trees: 1 });
      }
      const [{ rows, distinct }] = await t.app
        .get(DataSource)
        .query(
          `SELECT count(*)::int AS rows, count(DISTINCT repository_name)::int AS distinct FROM github_scan_results WHERE scan_config_id = $1`,
          [configId],
        );
      expect(rows).toBe(SCANNED_ACME_REPOSITORIES.length);
      expect(distinct).toBe(rows);
      // Model files are seen in the tree listing only, never downloaded; docs are never read.
      expect(github.requests.some((r) => r.path.includes('classifier.onnx'))).toBe(false);
      expect(firstScan.apiRequests).toBe(github.budgetSince(0).length);
    });

    it('finds declared, imported and configured AI usage with evidence a reviewer can check', () => {
      const bot = byName(firstResults, 'support-bot');
      expect(bot).toEqual(
        expect.objectContaining({
          hasAiUsage: true,
          aiLibraries: ['openai'],
          aiFrameworks: ['OpenAI'],
          detectionType: 'dependency',
          repositoryUrl: 'https://github.example/acme-ai/support-bot',
          scanError: null,
        }),
      );
      expect(bot.confidenceScore).toBeGreaterThanOrEqual(0.85);
      expect(bot.evidence).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ path: 'package.json', kind: 'dependency', library: 'openai', match: 'openai ^4.52.0 in dependencies' }),
          expect.objectContaining({ path: 'src/chat.ts', kind: 'import', library: 'openai' }),
          expect.objectContaining({ path: '.env.example', kind: 'config' }),
        ]),
      );
      // The README's mention of Anthropic is not usage.
      expect(bot.aiFrameworks).not.toContain('Anthropic');

      const ml = byName(firstResults, 'ml-pipeline');
      expect(ml.aiLibraries).toEqual(['scikit-learn', 'torch']);
      expect(ml.aiFrameworks).toEqual(['PyTorch', 'scikit-learn']);
      expect(ml.evidence).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ path: 'models/classifier.onnx', kind: 'model-file' }),
          expect.objectContaining({ path: 'requirements-dev.txt', kind: 'dev-dependency', library: 'openai' }),
        ]),
      );
      expect(byName(firstResults, 'rag-service')).toEqual(
        expect.objectContaining({ hasAiUsage: true, aiFrameworks: ['Hugging Face Transformers', 'LangChain', 'OpenAI', 'Qdrant'] }),
      );
      expect(byName(firstResults, 'go-gateway').aiLibraries).toEqual(['github.com/sashabaranov/go-openai']);
      expect(byName(firstResults, 'java-assistant').aiLibraries).toEqual(['dev.langchain4j:langchain4j-open-ai']);
      expect(byName(firstResults, 'rust-cli').aiLibraries).toEqual(['async-openai']);
    });

    it('does not report look-alikes, documentation mentions or empty repositories', () => {
      for (const name of ['web-frontend', 'game-2048', 'empty-repo']) {
        const row = byName(firstResults, name);
        expect({ name, hasAiUsage: row.hasAiUsage, detectionType: row.detectionType, evidence: row.evidence }).toEqual({
          name,
          hasAiUsage: false,
          detectionType: null,
          evidence: [],
        });
      }
    });

    it('records unreadable files as warnings on the repository: corrupt and oversized notebooks, a truncated tree', () => {
      const notebooks = byName(firstResults, 'research-notebooks');
      expect(notebooks).toEqual(expect.objectContaining({ hasAiUsage: true, aiLibraries: ['transformers'], scanError: null }));
      expect(notebooks.scanWarnings).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^analysis\.ipynb: not a valid notebook/),
          expect.stringMatching(/^huge-results\.ipynb: \d+ KB exceeds/),
        ]),
      );
      expect(github.requests.some((r) => r.path.includes('huge-results'))).toBe(false);
      const monorepo = byName(firstResults, 'platform-monorepo');
      expect(monorepo).toEqual(
        expect.objectContaining({ hasAiUsage: true, aiLibraries: ['@anthropic-ai/sdk'], aiFrameworks: ['Anthropic'] }),
      );
      expect(monorepo.scanWarnings).toEqual([expect.stringMatching(/truncated/)]);
    });

    it('filters results by hasAiUsage and shows the scan on the configuration and in the summaries', async () => {
      const withAi = await results(admin, configId, 'hasAiUsage=true&limit=100');
      expect(withAi.map((r) => r.repositoryName)).toEqual(
        SCANNED_ACME_REPOSITORIES.filter((n) => !['web-frontend', 'game-2048', 'empty-repo'].includes(n)),
      );
      expect((await results(admin, configId, 'hasAiUsage=false')).map((r) => r.repositoryName)).toEqual([
        'empty-repo',
        'game-2048',
        'web-frontend',
      ]);
      expectError(await request(t.http).get(`/api/v1/github/scan-configs/${configId}/results?hasAiUsage=maybe`).set(admin.auth), 400);

      const config = await request(t.http).get(`/api/v1/github/scan-configs/${configId}`).set(admin.auth).expect(200);
      expect(config.body).toEqual(expect.objectContaining({ status: 'completed', lastScanAt: expect.any(String) }));
      expect(config.body.lastScan).toEqual(
        expect.objectContaining({ id: firstScan.id, status: 'completed', progress: firstScan.progress }),
      );
      const summaries = await request(t.http).get(`/api/v1/github/scan-configs/${configId}/summaries`).set(admin.auth).expect(200);
      expect(summaries.body.data).toEqual([
        expect.objectContaining({
          scanId: firstScan.id,
          totalRepositories: 11,
          repositoriesWithAi: 8,
          repositoriesSkipped: 2,
          repositoriesFailed: 0,
        }),
      ]);
    });

    it('rescans an unchanged organization with conditional requests only, reusing every finding', async () => {
      const mark = github.requests.length;
      const rescan = await scan(admin, configId);
      expect(rescan).toEqual(
        expect.objectContaining({ status: 'completed', repositoriesReused: 11, apiRequests: 0, notModifiedResponses: 3 }),
      );
      expect(github.requests.slice(mark).map((r) => r.status)).toEqual([304, 304, 304]);
      const again = await results(admin, configId);
      expect(again.map(({ scanDate: _, ...r }: Result & { scanDate?: string; scanId?: number }) => ({ ...r, scanId: undefined }))).toEqual(
        firstResults.map(({ scanDate: _, ...r }: Result & { scanDate?: string; scanId?: number }) => ({ ...r, scanId: undefined })),
      );
    });

    it('rescans only a repository that changed, and marks AI usage that disappeared', async () => {
      github.push('acme-ai', 'support-bot', {
        'package.json': JSON.stringify({ name: 'support-bot', dependencies: { express: '^4.19.2' } }),
        'src/chat.ts': 'export const answer = () => "Please call us.";\n',
        '.env.example': 'PORT=3000\n',
        'package-lock.json': null,
      });
      const mark = github.requests.length;
      const rescan = await scan(admin, configId);
      expect(rescan).toEqual(expect.objectContaining({ status: 'completed', repositoriesReused: 10 }));
      const spent = github.budgetSince(mark);
      expect(spent.filter((r) => r.path.startsWith('/orgs/'))).toHaveLength(1); // the page holding support-bot changed
      expect(spent.filter((r) => r.path.startsWith('/repos/')).every((r) => r.path.startsWith('/repos/acme-ai/support-bot/'))).toBe(true);
      const bot = byName(await results(admin, configId), 'support-bot');
      expect(bot).toEqual(expect.objectContaining({ hasAiUsage: false, aiLibraries: [], aiUsageRemovedAt: expect.any(String) }));
      const summaries = await request(t.http)
        .get(`/api/v1/github/scan-configs/${configId}/summaries?sort=id:desc`)
        .set(admin.auth)
        .expect(200);
      expect(summaries.body.data[0]).toEqual(
        expect.objectContaining({ scanId: rescan.id, repositoriesWithAi: 7, repositoriesAiRemoved: 1 }),
      );
      expect(summaries.body.meta.total).toBe(3);
    });

    it('reads only the tree of a repository pushed without file changes, keeping its findings and warnings', async () => {
      const before = byName(await results(admin, configId), 'research-notebooks');
      github.push('acme-ai', 'research-notebooks', {});
      const mark = github.requests.length;
      const rescan = await scan(admin, configId);
      expect(rescan).toEqual(expect.objectContaining({ status: 'completed', repositoriesReused: 11, apiRequests: 2 }));
      expect(github.budgetSince(mark).map((r) => r.path.split('?')[0])).toEqual([
        '/orgs/acme-ai/repos',
        '/repos/acme-ai/research-notebooks/git/trees/main',
      ]);
      const after = byName(await results(admin, configId), 'research-notebooks');
      expect({ ...after, scanDate: undefined, scanId: undefined }).toEqual({ ...before, scanDate: undefined, scanId: undefined });
    });

    it('exports the findings as a CycloneDX 1.6 AI-BOM', async () => {
      const bom = (await request(t.http).get(`/api/v1/github/scan-configs/${configId}/bom`).set(admin.auth).expect(200)).body;
      expect(bom).toEqual(expect.objectContaining({ bomFormat: 'CycloneDX', specVersion: '1.6', version: 1 }));
      const names = (type: string) => bom.components.filter((c: { type: string }) => c.type === type).map((c: { name: string }) => c.name);
      expect(names('application')).toEqual([
        'go-gateway',
        'java-assistant',
        'ml-pipeline',
        'platform-monorepo',
        'rag-service',
        'research-notebooks',
        'rust-cli',
      ]);
      expect(names('machine-learning-model')).toEqual(['classifier.onnx']);
      expect(bom.components).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            name: 'torch',
            purl: 'pkg:pypi/torch',
            evidence: { occurrences: [{ location: 'ml-pipeline/requirements.txt' }, { location: 'ml-pipeline/train_model.py' }] },
          }),
        ]),
      );
      expectError(await request(t.http).get('/api/v1/github/scan-configs/999999/bom').set(admin.auth), 404);
    });

    describe('add-to-risk', () => {
      it('creates a risk item (and an AI system when asked) with the evidence, once', async () => {
        const ml = byName(await results(admin, configId), 'ml-pipeline');
        const first = await request(t.http)
          .post(`/api/v1/github/scan-results/${ml.id}/add-to-risk`)
          .set(admin.auth)
          .send({ createAiSystem: true, severity: 'high' })
          .expect(201);
        expect(first.body).toEqual(expect.objectContaining({ created: true, resultId: ml.id, aiSystemId: expect.any(Number) }));
        expect(first.body.riskItem).toEqual(
          expect.objectContaining({
            title: 'AI usage in acme-ai/ml-pipeline',
            severity: 'high',
            status: 'open',
            aiSystemId: first.body.aiSystemId,
          }),
        );
        expect(first.body.riskItem.systemDetails).toContain('models/classifier.onnx [model-file]');
        expect(first.body.riskItem.systemDetails).toContain('requirements.txt [dependency] torch ==2.3.1 in requirements');
        const system = await request(t.http).get(`/api/v1/ai-systems/${first.body.aiSystemId}`).set(admin.auth).expect(200);
        expect(system.body.name).toBe('ml-pipeline');

        const second = await request(t.http)
          .post(`/api/v1/github/scan-results/${ml.id}/add-to-risk`)
          .set(admin.auth)
          .send({ createAiSystem: true })
          .expect(200);
        expect(second.body).toEqual(
          expect.objectContaining({ created: false, riskItem: expect.objectContaining({ id: first.body.riskItem.id }) }),
        );
        const risks = await request(t.http).get('/api/v1/risk-items?q=ml-pipeline').set(admin.auth).expect(200);
        expect(risks.body.meta.total).toBe(1);
        expect(byName(await results(admin, configId, 'addedToRisk=true'), 'ml-pipeline')).toEqual(
          expect.objectContaining({ addedToRisk: true, riskItemId: first.body.riskItem.id }),
        );
        expectError(await request(t.http).post('/api/v1/github/scan-results/999999/add-to-risk').set(admin.auth).send({}), 404);
        expectError(
          await request(t.http).post(`/api/v1/github/scan-results/${ml.id}/add-to-risk`).set(admin.auth).send({ severity: 'extreme' }),
          400,
        );
      });
    });

    describe('access', () => {
      it('lets a viewer read but not configure, scan or add to risk', async () => {
        const viewer = await createUserWithRole(t.http, admin, 'viewer');
        await request(t.http).get(`/api/v1/github/scan-configs/${configId}/results`).set(viewer.auth).expect(200);
        await request(t.http).get(`/api/v1/github/scan-configs/${configId}/summaries`).set(viewer.auth).expect(200);
        expectError(await request(t.http).post('/api/v1/github/scan-configs').set(viewer.auth).send({ githubOrgName: 'x' }), 403);
        expectError(
          await request(t.http).patch(`/api/v1/github/scan-configs/${configId}`).set(viewer.auth).send({ includeForks: true }),
          403,
        );
        expectError(await request(t.http).post(`/api/v1/github/scan-configs/${configId}/scans`).set(viewer.auth), 403);
        const result = (await results(viewer, configId))[0];
        expectError(await request(t.http).post(`/api/v1/github/scan-results/${result.id}/add-to-risk`).set(viewer.auth).send({}), 403);
      });

      it('answers 404 to another organization for the configuration, its scans, results, summaries and add-to-risk', async () => {
        const other = await registerOrganization(t.http);
        const result = (await results(admin, configId))[0];
        for (const path of ['', '/results', '/summaries', '/scans', `/scans/${firstScan.id}`, '/bom']) {
          expectError(await request(t.http).get(`/api/v1/github/scan-configs/${configId}${path}`).set(other.auth), 404);
        }
        expectError(
          await request(t.http).patch(`/api/v1/github/scan-configs/${configId}`).set(other.auth).send({ includeForks: true }),
          404,
        );
        expectError(await request(t.http).post(`/api/v1/github/scan-configs/${configId}/scans`).set(other.auth), 404);
        expectError(await request(t.http).delete(`/api/v1/github/scan-configs/${configId}`).set(other.auth), 404);
        expectError(await request(t.http).post(`/api/v1/github/scan-results/${result.id}/add-to-risk`).set(other.auth).send({}), 404);
        expect((await request(t.http).get('/api/v1/github/scan-configs').set(other.auth).expect(200)).body.meta.total).toBe(0);
      });
    });
  });

  describe('faults', () => {
    let owner: Session;
    beforeAll(async () => {
      owner = await registerOrganization(t.http);
    });

    it('fails the scan with a clear reason for a bad token, without a stack trace', async () => {
      const config = await createConfig(owner, { githubOrgName: 'acme-ai-bad', token: 'ghp_revoked' });
      const run = await scan(owner, config.id);
      expect(run.status).toBe('failed');
      expect(run.error).toMatch(/GitHub rejected the token \(401 Bad credentials\)/);
      expect(run.error).not.toMatch(/\bat \S+:\d+/);
      const shown = await request(t.http).get(`/api/v1/github/scan-configs/${config.id}`).set(owner.auth).expect(200);
      expect(shown.body).toEqual(
        expect.objectContaining({ status: 'failed', lastScan: expect.objectContaining({ status: 'failed', error: run.error }) }),
      );
      expect(
        (await request(t.http).get(`/api/v1/github/scan-configs/${config.id}/summaries`).set(owner.auth).expect(200)).body.meta.total,
      ).toBe(0);
    });

    it('fails the scan when access is revoked in the middle of it', async () => {
      const config = await createConfig(owner, { githubOrgName: 'acme-ai', token: 'ghp_revocable' });
      github.revokeOn = { token: 'ghp_revocable', path: /\/git\/trees\// };
      const run = await scan(owner, config.id);
      expect(run).toEqual(
        expect.objectContaining({ status: 'failed', error: expect.stringMatching(/^GitHub rejected the token \(401 Bad credentials\)/) }),
      );
      await request(t.http).delete(`/api/v1/github/scan-configs/${config.id}`).set(owner.auth).expect(204);
    });

    it('fails the scan for an organization that does not exist or that the token cannot see', async () => {
      const unknown = await createConfig(owner, { githubOrgName: 'ghost-org' });
      expect(await scan(owner, unknown.id)).toEqual(
        expect.objectContaining({ status: 'failed', error: "GitHub organization 'ghost-org' was not found, or this token cannot see it" }),
      );
      const hidden = await createConfig(owner, { githubOrgName: 'flaky-org', token: 'ghp_acme_only' });
      expect(await scan(owner, hidden.id)).toEqual(
        expect.objectContaining({ status: 'failed', error: "GitHub organization 'flaky-org' was not found, or this token cannot see it" }),
      );
      await request(t.http).delete(`/api/v1/github/scan-configs/${hidden.id}`).set(owner.auth).expect(204);
    });

    it('records a repository that keeps failing (500) on that repository and completes the scan, waiting out a primary rate limit', async () => {
      const config = await createConfig(owner, { githubOrgName: 'flaky-org' });
      github.primaryLimitOnce = /\/repos\/flaky-org\/healthy-service\//;
      const run = await scan(owner, config.id);
      expect(github.primaryLimitHits).toBe(1);
      expect(run).toEqual(expect.objectContaining({ status: 'completed', repositoriesFailed: 1, progress: { done: 2, total: 2 } }));
      const rows = await results(owner, config.id);
      expect(byName(rows, 'broken-service')).toEqual(
        expect.objectContaining({
          hasAiUsage: false,
          scanError: expect.stringMatching(
            /GitHub was unreachable or failing while reading the file tree of broken-service, after retries \(500/,
          ),
        }),
      );
      expect(byName(rows, 'healthy-service')).toEqual(
        expect.objectContaining({ hasAiUsage: true, aiLibraries: ['anthropic'], scanError: null }),
      );
      // The retry plugin tried the failing tree again before giving up.
      expect(github.requests.filter((r) => r.path.startsWith('/repos/flaky-org/broken-service/git/trees/')).length).toBe(4);
    });
  });

  describe('scheduled rescans', () => {
    let owner: Session;
    beforeAll(async () => {
      owner = await registerOrganization(t.http);
    });

    it('registers one repeatable job per configuration across workers, and a tick starts a scheduled scan', async () => {
      const queue = t.app.get<Queue>(getQueueToken(QueueName.GithubScan), { strict: false });
      const config = await createConfig(owner, { githubOrgName: 'flaky-org', rescanCron: '0 3 * * 1' });
      const extra = await createGithubTestWorker(t);
      await extra.close();
      const schedules = (await queue.getRepeatableJobs()).filter((j) => j.id === `github-scan-schedule-${config.id}`);
      expect(schedules.map((j) => j.cron)).toEqual(['0 3 * * 1']);

      await request(t.http)
        .patch(`/api/v1/github/scan-configs/${config.id}`)
        .set(owner.auth)
        .send({ rescanCron: '30 2 * * *' })
        .expect(200);
      expect((await queue.getRepeatableJobs()).filter((j) => j.id === `github-scan-schedule-${config.id}`).map((j) => j.cron)).toEqual([
        '30 2 * * *',
      ]);

      // What the repeatable job does on each tick.
      await queue.add(
        GithubScanJob.ScheduledRescan,
        { organizationId: owner.organizationId, configId: config.id },
        { jobId: `tick-${config.id}` },
      );
      const run = await waitFor(async () => {
        const res = await request(t.http).get(`/api/v1/github/scan-configs/${config.id}/scans`).set(owner.auth).expect(200);
        const found = res.body.data[0] as ScanRun | undefined;
        return found && ['completed', 'failed'].includes(found.status) ? found : undefined;
      });
      expect(run).toEqual(expect.objectContaining({ trigger: 'scheduled', status: 'completed' }));

      await request(t.http).patch(`/api/v1/github/scan-configs/${config.id}`).set(owner.auth).send({ rescanCron: null }).expect(200);
      expect((await queue.getRepeatableJobs()).filter((j) => j.id === `github-scan-schedule-${config.id}`)).toEqual([]);
    });
  });
});
