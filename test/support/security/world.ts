import { randomBytes } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import type { OpenAPIV3 } from 'openapi-types';
import { APP_CONFIG, type AppConfig } from '../../../src/config/config.module.js';
import { createPlatformAdmin, toSession, type Session } from '../factories.js';
import { FakeFeedServer } from '../fake-feed-server.js';
import { FakeGithubServer, fakeRepository, type FakeRepository } from '../fake-github-server.js';
import { FrontierWebhookReceiver } from '../frontier-webhook-receiver.js';
import { GITHUB_RETRY_POLICY } from '../../../src/modules/github-scans/github-scans.constants.js';
import { FAST_RETRY_POLICY } from '../github-test-worker.js';
import { listOperations, type DocumentedOperation } from '../openapi-operations.js';
import { createTestApp, createTestWorker, type TestApp } from '../test-app.js';
import { LogCapture } from './log-capture.js';
import { RESOURCES, type Instance, type ResourceName } from './recipes.js';
import { RecordingClient } from './recording-client.js';
import { SecretLedger } from './secret-ledger.js';

/** An organization of the world: its admin and a tag that every name it creates carries. */
export interface OrgFixture {
  key: 'a' | 'b' | 'platform';
  /** Lower-case letters and digits, in every name the organization's objects get (to spot them in another's responses). */
  tag: string;
  name: string;
  admin: Session;
}

const FAKE_GITHUB_ORG = 'sec-ai';
const ALERT_CATEGORIES = ['security', 'feature', 'deprecation', 'pricing', 'policy', 'incident'];

/** A repository of the fake GitHub organization that uses an AI library (so each one yields a result with AI usage). */
const aiRepository = (name: string): FakeRepository =>
  fakeRepository(name, {
    'requirements.txt': 'openai==1.40.0\nfastapi==0.111.0\n',
    'app/main.py': 'import openai\n\nclient = openai.OpenAI()\n',
  });

/**
 * Everything the security specs run against: the real app (and, when asked, a worker) on a
 * database of their own, with logs captured in process; two organizations A and B and a platform
 * admin; fakes for GitHub, feeds and webhook receivers; and the recipes' objects, made on demand
 * (shared ones once, fresh ones per destructive check). Every request goes through `client`, so
 * every response can be scanned for secrets at the end.
 */
export class SecurityWorld {
  readonly logs = new LogCapture();
  readonly secrets = new SecretLedger();
  readonly runTag = randomBytes(3).toString('hex');
  readonly passwords = { admin: `admin-pw-${randomBytes(8).toString('hex')}`, member: `member-pw-${randomBytes(8).toString('hex')}` };
  client!: RecordingClient;
  t!: TestApp;
  worker?: INestApplicationContext;
  github!: FakeGithubServer;
  feeds!: FakeFeedServer;
  receiver!: FrontierWebhookReceiver;
  document!: OpenAPIV3.Document;
  operations!: DocumentedOperation[];
  config!: AppConfig;
  a!: OrgFixture;
  b!: OrgFixture;
  platform!: OrgFixture;

  private counter = 0;
  private readonly sharedInstances = new Map<string, Promise<Instance>>();
  private readonly roleSessions = new Map<string, Promise<Session>>();
  private readonly roleKeys = new Map<string, Promise<Record<string, string>>>();
  private readonly scanResults = new Map<string, number[]>();
  private readonly alertPairs = new Map<string, number>();
  private catalog?: Promise<Array<{ id: number; modelId: string }>>;
  private alerts?: Promise<Record<'a' | 'b', { alertId: number }>>;

  /** `worker`: also run a worker (GitHub scans, bias analyses, feed fetches and webhook deliveries). */
  static async start(options: { worker?: boolean } = {}): Promise<SecurityWorld> {
    const world = new SecurityWorld();
    try {
      await world.boot(options.worker ?? false);
    } catch (error) {
      // Whatever did start must not keep Jest alive.
      await world.close().catch(() => undefined);
      throw error;
    }
    return world;
  }

  private async boot(withWorker: boolean): Promise<void> {
    this.github = new FakeGithubServer({ organizations: { [FAKE_GITHUB_ORG]: { id: 7001, repositories: [] } }, tokens: {} });
    this.github.options.organizations[FAKE_GITHUB_ORG].repositories.push(
      ...['chat-bot', 'rag-api', 'triage', 'summarizer', 'copilot', 'scorer'].map(aiRepository),
    );
    await this.github.start();
    this.feeds = await new FakeFeedServer().start();
    this.receiver = await new FrontierWebhookReceiver().start();
    const env = {
      GITHUB_API_URL: this.github.url,
      // The fakes listen on 127.0.0.1.
      ALLOW_PRIVATE_URLS: 'true',
      // Every line the app can write, so that the log scan sees them all.
      LOG_LEVEL: 'trace',
      // The re-run recipe needs a failed scan's data.
      BIAS_RETAIN_DATA: 'true',
      // Malformed-input checks send many bad signatures from one address.
      WEBHOOK_MAX_FAILURES: '10000',
      // Scheduled fetches must not run in the middle of a check.
      FRONTIER_FETCH_CRON: '0 0 1 1 *',
    };
    this.t = await createTestApp(env, { providers: [this.logs.providerFor()] });
    this.config = this.t.app.get<AppConfig>(APP_CONFIG);
    this.client = new RecordingClient(this.t.http);
    if (withWorker) {
      // The worker's logs are captured as well (same parameters, same collector).
      this.worker = await createTestWorker(this.t, { providers: [[GITHUB_RETRY_POLICY, FAST_RETRY_POLICY], this.logs.providerFor()] });
      // As src/worker.ts does (the testing module had put Nest's silent TestingLogger in place, for the API too).
      this.worker.useLogger(this.worker.get(PinoNestLogger));
    }
    // Secrets of the configuration itself (the worker shares them).
    this.secrets.add('JWT secret', this.config.auth.jwtSecret);
    this.secrets.add('ENCRYPTION_KEY', process.env.ENCRYPTION_KEY);
    this.secrets.add('encryption key (hex)', this.config.encryptionKey.toString('hex'));
    this.secrets.add('encryption key (base64)', this.config.encryptionKey.toString('base64'));
    this.secrets.add('ADMIN_SESSION_SECRET', this.config.admin.sessionSecret);
    this.secrets.add('organization admin password', this.passwords.admin);
    this.secrets.add('member password', this.passwords.member);

    const docs = await this.client.expect(200, 'GET', '/api/docs-json');
    this.document = docs.body as OpenAPIV3.Document;
    this.operations = listOperations(this.document);

    this.a = await this.registerOrganization('a');
    this.b = await this.registerOrganization('b');
    const platformAdmin = await createPlatformAdmin(this.t);
    this.secrets.add('platform admin password', platformAdmin.password);
    this.platform = { key: 'platform', tag: `sp${this.runTag}`, name: 'Platform', admin: platformAdmin };
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.t?.close();
    await Promise.all([this.github?.close(), this.feeds?.close(), this.receiver?.close()]);
  }

  /** A number unique in this world, for names. */
  next(): number {
    return ++this.counter;
  }

  other(org: OrgFixture): OrgFixture {
    return org.key === 'a' ? this.b : this.a;
  }

  /** Who owns objects of `resource` made "in" `org`: the platform admin for the catalog and feed sources. */
  ownerOrg(resource: ResourceName, org: OrgFixture): OrgFixture {
    const scope = RESOURCES[resource].scope;
    return scope === 'global' || scope === 'platform' ? this.platform : org;
  }

  /** The object of `resource` that read-only checks share, made once per organization. */
  shared(resource: ResourceName, org: OrgFixture): Promise<Instance> {
    const owner = this.ownerOrg(resource, org);
    const key = `${resource}:${owner.key}`;
    if (!this.sharedInstances.has(key)) this.sharedInstances.set(key, this.fresh(resource, owner));
    return this.sharedInstances.get(key)!;
  }

  /** A new object of `resource` (checks that may change or delete it use their own). */
  async fresh(resource: ResourceName, org: OrgFixture): Promise<Instance> {
    const recipe = RESOURCES[resource] as { create?: (ctx: { world: SecurityWorld; org: OrgFixture }) => Promise<Instance> };
    if (!recipe.create) return { params: {}, data: {} };
    return recipe.create({ world: this, org: this.ownerOrg(resource, org) });
  }

  /** A signed-in user of `org` with a built-in role (an organization's first user is its admin). */
  sessionWithRole(org: OrgFixture, role: string): Promise<Session> {
    if (role === 'admin') return Promise.resolve(org.admin);
    const key = `${org.key}:${role}`;
    if (!this.roleSessions.has(key)) {
      this.roleSessions.set(
        key,
        (async () => {
          const body = this.newUserBody(org, role);
          await this.client.expect(201, 'POST', '/api/v1/users', { auth: org.admin.auth, body });
          const res = await this.client.expect(200, 'POST', '/api/v1/auth/login', { body: { email: body.email, password: body.password } });
          return toSession(res.body, body.email, body.password);
        })(),
      );
    }
    return this.roleSessions.get(key)!;
  }

  /** X-API-Key headers of a key of `org` acting with `role`. */
  apiKeyWithRole(org: OrgFixture, role: string): Promise<Record<string, string>> {
    const key = `${org.key}:${role}`;
    if (!this.roleKeys.has(key)) {
      this.roleKeys.set(
        key,
        (async () => {
          const res = await this.client.expect(201, 'POST', '/api/v1/api-keys', {
            auth: org.admin.auth,
            body: { name: `${org.tag} ${role} key`, role },
          });
          this.secrets.add('API key', res.body.key, this.client.exchangeOf(res));
          return { 'X-API-Key': res.body.key as string };
        })(),
      );
    }
    return this.roleKeys.get(key)!;
  }

  newUserBody(org: OrgFixture, role: string): { username: string; email: string; password: string; role: string; firstName: string } {
    const username = `${org.tag}-${role.replace(/_/g, '-')}-${this.next()}`;
    return { username, email: `${username}@example.com`, password: this.passwords.member, role, firstName: `${org.tag} member` };
  }

  /** A scan configuration body with a token of its own, which the fake GitHub accepts. */
  scanConfigBody(org: OrgFixture, githubOrgName = `${org.tag}-gh-${this.next()}`): Record<string, unknown> {
    const token = `ghp_sec${randomBytes(12).toString('hex')}`;
    this.github.options.tokens[token] = [FAKE_GITHUB_ORG];
    this.secrets.add('GitHub token', token);
    return { githubOrgName, token, includeArchived: false, includeForks: false, rescanCron: null };
  }

  /** Scans the fake GitHub organization for `org` through the worker; its results with AI usage feed `takeScanResult`. */
  async scanFakeGithub(org: OrgFixture): Promise<Instance> {
    if (!this.worker) throw new Error('scanning needs SecurityWorld.start({ worker: true })');
    const auth = org.admin.auth;
    const config = await this.client.expect(201, 'POST', '/api/v1/github/scan-configs', {
      auth,
      body: this.scanConfigBody(org, FAKE_GITHUB_ORG),
    });
    const base = `/api/v1/github/scan-configs/${config.body.id}`;
    const started = await this.client.expect(202, 'POST', `${base}/scans`, { auth });
    await this.waitFor(`GitHub scan of ${org.key}`, async () => {
      const run = await this.client.expect(200, 'GET', `${base}/scans/${started.body.scanId}`, { auth });
      if (run.body.status === 'failed') throw new Error(`scan failed: ${run.body.error}`);
      return run.body.status === 'completed';
    });
    const results = await this.client.expect(200, 'GET', `${base}/results?limit=100&hasAiUsage=true`, { auth });
    this.scanResults.set(
      org.key,
      (results.body.data as Array<{ id: number; addedToRisk: boolean }>).filter((r) => !r.addedToRisk).map((r) => r.id),
    );
    return { params: { id: config.body.id, scanId: started.body.scanId }, data: {} };
  }

  /** A result with AI usage of `org`'s scan that no check has used yet. */
  async takeScanResult(org: OrgFixture): Promise<Instance> {
    const scanned = await this.shared('scannedConfig', org);
    const id = this.scanResults.get(org.key)?.shift();
    if (id === undefined) throw new Error(`the fake GitHub organization has no unused result left for ${org.key}: add repositories`);
    return { params: { id, scanConfigId: scanned.params.id }, data: {} };
  }

  /** A (catalog model, category) pair `org` does not follow yet. */
  async unusedAlertPair(org: OrgFixture): Promise<{ modelId: number; category: string }> {
    this.catalog ??= this.client
      .expect(200, 'GET', '/api/v1/frontier-models?limit=100&sort=id:asc', { auth: this.a.admin.auth })
      .then((res) => res.body.data as Array<{ id: number; modelId: string }>);
    const models = (await this.catalog).filter((m) => m.modelId !== 'gpt-4o');
    const n = this.alertPairs.get(org.key) ?? 0;
    this.alertPairs.set(org.key, n + 1);
    const model = models[Math.floor(n / ALERT_CATEGORIES.length)];
    if (!model) throw new Error('the catalog has too few models for the alert-config recipes');
    return { modelId: model.id, category: ALERT_CATEGORIES[n % ALERT_CATEGORIES.length] };
  }

  /**
   * Both organizations follow GPT-4o deprecations and have an alert webhook; the platform admin adds
   * a feed that announces one and the worker fetches it: alerts and webhook deliveries in A and B.
   */
  frontierAlerts(): Promise<Record<'a' | 'b', { alertId: number }>> {
    this.alerts ??= (async () => {
      if (!this.worker) throw new Error('alerts need SecurityWorld.start({ worker: true })');
      const catalog = await this.client.expect(200, 'GET', '/api/v1/frontier-models?q=gpt-4o&limit=100', { auth: this.a.admin.auth });
      const gpt4o = (catalog.body.data as Array<{ id: number; modelId: string }>).find((m) => m.modelId === 'gpt-4o');
      if (!gpt4o) throw new Error('the catalog lacks gpt-4o');
      for (const org of [this.a, this.b]) {
        await this.client.expect(201, 'POST', '/api/v1/frontier-alert-configs', {
          auth: org.admin.auth,
          body: { modelId: gpt4o.id, category: 'deprecation' },
        });
        const webhook = await this.client.expect(200, 'PUT', '/api/v1/frontier-alert-webhook', {
          auth: org.admin.auth,
          body: { url: this.receiver.url },
        });
        this.secrets.add('frontier webhook secret', webhook.body.secret, this.client.exchangeOf(webhook));
      }
      const source = {
        name: `Security OpenAI news ${this.runTag}`,
        url: this.feeds.url('/openai/news.rss'),
        kind: 'rss',
        provider: 'OpenAI',
      };
      await this.client.expect(201, 'POST', '/api/v1/frontier-models/sources', { auth: this.platform.admin.auth, body: source });
      await this.client.expect(202, 'POST', '/api/v1/frontier-models/sources/fetch', { auth: this.platform.admin.auth });
      const found = {} as Record<'a' | 'b', { alertId: number }>;
      for (const org of [this.a, this.b]) {
        await this.waitFor(`frontier alert and webhook delivery of ${org.key}`, async () => {
          const alerts = await this.client.expect(200, 'GET', '/api/v1/frontier-alerts', { auth: org.admin.auth });
          const deliveries = await this.client.expect(200, 'GET', '/api/v1/frontier-alert-webhook/deliveries', { auth: org.admin.auth });
          if (!alerts.body.data.length || !deliveries.body.data.length) return false;
          found[org.key as 'a' | 'b'] = { alertId: alerts.body.data[0].id };
          return true;
        });
      }
      return found;
    })();
    return this.alerts;
  }

  async waitFor(what: string, probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (await probe()) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  private async registerOrganization(key: 'a' | 'b'): Promise<OrgFixture> {
    const tag = `s${key}${this.runTag}`;
    const username = `${tag}-admin`;
    const body = { organizationName: `${tag} Org`, username, email: `${username}@example.com`, password: this.passwords.admin };
    const res = await this.client.expect(201, 'POST', '/api/v1/auth/register', { body });
    return { key, tag, name: body.organizationName, admin: toSession(res.body, body.email, body.password) };
  }
}
