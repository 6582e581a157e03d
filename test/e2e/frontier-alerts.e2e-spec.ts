import type { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { FakeFeedServer } from '../support/fake-feed-server.js';
import { createPlatformAdmin, registerOrganization, type Session } from '../support/factories.js';
import { createTestApp, createTestWorker, waitFor, type TestApp } from '../support/test-app.js';

interface SourceBody {
  id: number;
  name: string;
  status: string;
  error: string | null;
  lastFetchedAt: string | null;
  consecutiveFailures: number;
  nextAttemptAt: string | null;
  finalUrl: string | null;
}

interface AlertBody {
  id: number;
  alertConfigId: number;
  modelId: number;
  model: { modelId: string };
  category: string;
  title: string;
  description: string | null;
  url: string | null;
  datePublished: string;
}

const GOOD = ['openai', 'status', 'digest', 'osv', 'nvd', 'mistral'] as const;
const BROKEN = ['malformed', 'error', 'slow', 'huge'] as const;
type SourceName = (typeof GOOD)[number] | (typeof BROKEN)[number] | 'throttled';

/** Org A follows these (catalog modelId, category) pairs; the numbers are the alerts each must get from the first fetch. */
const ORG_A_FOLLOWS: Array<[string, string, number]> = [
  ['gpt-4o', 'deprecation', 1],
  ['gpt-4.1', 'feature', 1],
  ['gpt-4', 'feature', 0], // "GPT-4.1" is not "GPT-4"
  ['gpt-4o-mini', 'pricing', 2], // its own item + the provider-wide price cut
  ['gpt-4o', 'pricing', 1], // the provider-wide price cut only ("GPT-4o mini" is not "GPT-4o")
  ['claude-opus-4-1', 'deprecation', 1], // carried by two feeds and twice by one
  ['claude-opus-4', 'deprecation', 0], // "Claude Opus 4.1" is not "Claude Opus 4"
  ['claude-sonnet-4-5', 'incident', 1],
  ['claude-3-5-haiku', 'feature', 1],
  ['gpt-4o', 'security', 1], // one advisory under GHSA, CVE and a withdrawn/rejected pair
  ['claude-3-haiku', 'security', 1],
  ['mistral-large', 'deprecation', 1], // ISO-8859-1 feed
  ['gemini-2.5-pro', 'feature', 1],
  ['gemini-2.5-flash', 'feature', 0], // "Flash-Lite" is another model
  ['grok-4', 'pricing', 1],
  ['gpt-4o', 'incident', 0],
];

describe('Frontier alerts through the worker', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let feeds: FakeFeedServer;
  let platform: Session;
  let orgA: Session;
  let orgB: Session;
  const sourceIds = {} as Record<SourceName, number>;
  const configIds = new Map<string, number>();
  const catalogIds = new Map<string, number>();

  const sourcesNow = async (): Promise<SourceBody[]> =>
    (await request(t.http).get('/api/v1/frontier-models/sources?limit=100').set(platform.auth).expect(200)).body.data;

  const alertsOf = async (session: Session, query = ''): Promise<AlertBody[]> =>
    (await request(t.http).get(`/api/v1/frontier-alerts?limit=100${query}`).set(session.auth).expect(200)).body.data;

  /** Starts a fetch run and waits until every named source has been fetched after `since`. */
  async function fetchAndWait(names: readonly SourceName[]): Promise<SourceBody[]> {
    const since = Date.now();
    const res = await request(t.http).post('/api/v1/frontier-models/sources/fetch').set(platform.auth).expect(202);
    expect(res.body).toEqual({ jobId: expect.stringMatching(/^frontier-fetch:all:/), status: 'queued' });
    const ids = names.map((name) => sourceIds[name]);
    return waitFor(async () => {
      const sources = await sourcesNow();
      const done = ids.every((id) => {
        const source = sources.find((s) => s.id === id);
        return source?.lastFetchedAt && new Date(source.lastFetchedAt).getTime() >= since - 5;
      });
      return done ? sources : undefined;
    }, 40_000);
  }

  const alertCount = (alerts: AlertBody[], modelId: string, category: string) =>
    alerts.filter((alert) => alert.model.modelId === modelId && alert.category === category).length;

  beforeAll(async () => {
    feeds = await new FakeFeedServer().start();
    t = await createTestApp({ FRONTIER_FETCH_TIMEOUT_MS: '1500', FRONTIER_FETCH_MAX_BYTES: '300000' });
    worker = await createTestWorker(t);
    platform = await createPlatformAdmin(t);
    orgA = await registerOrganization(t.http);
    orgB = await registerOrganization(t.http);

    const catalog = await request(t.http).get('/api/v1/frontier-models?limit=100').set(orgA.auth).expect(200);
    for (const model of catalog.body.data as Array<{ id: number; modelId: string }>) catalogIds.set(model.modelId, model.id);

    const sources: Array<[SourceName, string, string, string | null]> = [
      ['openai', '/openai/news.rss', 'rss', 'OpenAI'],
      ['status', '/old/status.atom', 'atom', 'Anthropic'],
      ['digest', '/digest/feed.json', 'json', null],
      ['osv', '/osv/vulns.json', 'osv', null],
      ['nvd', '/nvd/cves.json', 'nvd', null],
      ['mistral', '/mistral/notes.rss', 'rss', 'Mistral AI'],
      ['malformed', '/broken/feed.rss', 'rss', null],
      ['error', '/error', 'rss', null],
      ['slow', '/slow', 'rss', null],
      ['huge', '/huge', 'rss', null],
      ['throttled', '/throttled', 'rss', null],
    ];
    for (const [name, path, kind, provider] of sources) {
      const res = await request(t.http)
        .post('/api/v1/frontier-models/sources')
        .set(platform.auth)
        .send({ name, url: feeds.url(path), kind, provider })
        .expect(201);
      expect(res.body).toMatchObject({ status: 'pending', enabled: true, consecutiveFailures: 0, lastFetchedAt: null });
      sourceIds[name] = res.body.id;
    }

    for (const [modelId, category] of ORG_A_FOLLOWS) {
      const res = await request(t.http)
        .post('/api/v1/frontier-alert-configs')
        .set(orgA.auth)
        .send({ modelId: catalogIds.get(modelId), category })
        .expect(201);
      configIds.set(`${modelId}/${category}`, res.body.id);
    }
    await request(t.http)
      .post('/api/v1/frontier-alert-configs')
      .set(orgB.auth)
      .send({ modelId: catalogIds.get('gpt-4o'), category: 'deprecation' })
      .expect(201);
  });

  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await feeds?.close();
  });

  it('fetches every source: alerts appear only for matching configs, each broken source is reported on itself', async () => {
    const sources = await fetchAndWait([...GOOD, ...BROKEN, 'throttled']);
    const byName = (name: SourceName) => sources.find((source) => source.id === sourceIds[name])!;
    for (const name of GOOD) expect(byName(name)).toMatchObject({ status: 'ok', error: null, consecutiveFailures: 0 });
    expect(byName('status').finalUrl).toBe(feeds.url('/status/history.atom'));
    expect(byName('malformed')).toMatchObject({ status: 'error', consecutiveFailures: 1, nextAttemptAt: null });
    expect(byName('malformed').error).toMatch(/malformed XML/);
    expect(byName('error').error).toMatch(/HTTP 500/);
    expect(byName('slow').error).toMatch(/timed out after 1500 ms/);
    expect(byName('huge').error).toMatch(/too large/);
    // Retry-After is honoured from the first failure.
    expect(byName('throttled')).toMatchObject({ status: 'error', consecutiveFailures: 1 });
    expect(byName('throttled').error).toMatch(/HTTP 429/);
    expect(new Date(byName('throttled').nextAttemptAt!).getTime()).toBeGreaterThan(Date.now() + 55 * 60_000);

    const alerts = await alertsOf(orgA);
    for (const [modelId, category, expected] of ORG_A_FOLLOWS) {
      expect({ modelId, category, alerts: alertCount(alerts, modelId, category) }).toEqual({ modelId, category, alerts: expected });
    }
    expect(alerts).toHaveLength(ORG_A_FOLLOWS.reduce((sum, [, , n]) => sum + n, 0));
  });

  it('stores clean text, resolved URLs and UTC dates on the alerts', async () => {
    const alerts = await alertsOf(orgA);
    const one = (modelId: string, category: string) => alerts.find((a) => a.model.modelId === modelId && a.category === category)!;

    expect(one('gpt-4o', 'deprecation')).toMatchObject({
      title: 'Deprecating GPT‑4o in the API',
      description: 'We’re retiring GPT‑4o snapshots on 2026-08-01. Developers should plan a move.',
      url: 'https://openai.test/index/deprecating-gpt-4o/',
      datePublished: '2026-05-05T09:00:00.000Z',
    });
    // Entity-escaped HTML with double-escaped entities, a relative link, a PDT date.
    expect(one('gpt-4.1', 'feature')).toMatchObject({
      description: 'GPT-4.1 brings better coding. It’s fast & steady.',
      url: feeds.url('/index/gpt-4-1/'),
      datePublished: '2026-05-05T00:00:00.000Z',
    });
    // No pubDate: the time the item was first seen.
    const undated = alerts.find((a) => a.title === 'GPT-4o mini pricing update')!;
    expect(Date.now() - new Date(undated.datePublished).getTime()).toBeLessThan(120_000);
    // Atom: entry xml:base, rel=alternate chosen, published (with offset) preferred over updated.
    expect(one('claude-3-5-haiku', 'feature')).toMatchObject({
      url: 'https://www.anthropic.test/news/claude-3-5-haiku',
      datePublished: '2026-05-01T10:00:00.000Z',
    });
    // Atom: feed xml:base, updated when published is missing.
    expect(one('claude-sonnet-4-5', 'incident')).toMatchObject({
      url: 'https://status.anthropic.test/incidents/501',
      datePublished: '2026-05-03T10:00:00.000Z',
    });
    // JSON Feed without a title: derived from the text.
    expect(one('gemini-2.5-pro', 'feature').title).toBe('Gemini 2.5 Flash-Lite is now generally available.');
    expect(one('grok-4', 'pricing')).toMatchObject({
      url: 'https://x.test/news/grok-4-pricing',
      datePublished: '2026-05-03T00:00:00.000Z',
    });
    // ISO-8859-1 declared in the XML declaration only.
    expect(one('mistral-large', 'deprecation')).toMatchObject({
      title: 'Mistral Large: end of life for the 2402 café snapshot',
      description: 'Déjà annoncé: mistral-large-2402 leaves the platform.',
      datePublished: '2026-04-30T08:00:00.000Z',
    });
    // NVD zone-less timestamps are UTC; whichever copy of the advisory came first, one alert.
    expect(one('claude-3-haiku', 'security')).toMatchObject({
      url: 'https://nvd.nist.gov/vuln/detail/CVE-2026-41000',
      datePublished: '2026-05-02T09:00:00.000Z',
    });
    expect(one('claude-3-haiku', 'security').title).toMatch(/^CVE-2026-41000: A gateway plugin leaks Claude 3 Haiku/);
  });

  it('keeps each organization to its own alerts and filters them', async () => {
    const alertsB = await alertsOf(orgB);
    expect(alertsB).toHaveLength(1);
    expect(alertsB[0]).toMatchObject({ model: { modelId: 'gpt-4o' }, category: 'deprecation' });

    const alertsA = await alertsOf(orgA);
    await request(t.http).get(`/api/v1/frontier-alerts/${alertsA[0].id}`).set(orgB.auth).expect(404);
    await request(t.http).get(`/api/v1/frontier-alerts/${alertsB[0].id}`).set(orgB.auth).expect(200);

    const gpt4o = await alertsOf(orgA, `&modelId=${catalogIds.get('gpt-4o')}`);
    expect(gpt4o.map((a) => a.category).sort()).toEqual(['deprecation', 'pricing', 'security']);
    expect(await alertsOf(orgA, '&category=security')).toHaveLength(2);
    expect(await alertsOf(orgA, '&since=2026-05-04T00:00:00Z')).toEqual(
      expect.arrayContaining([expect.objectContaining({ title: 'Deprecating GPT‑4o in the API' })]),
    );
    const since = await alertsOf(orgA, '&since=2026-05-04T00:00:00Z');
    expect(since.every((a) => new Date(a.datePublished) >= new Date('2026-05-04T00:00:00Z'))).toBe(true);
    // Newest first by default.
    const dates = alertsA.map((a) => new Date(a.datePublished).getTime());
    expect(dates).toEqual([...dates].sort((x, y) => y - x));
  });

  it('a second fetch adds nothing, asks with validators (304s), and backs off sources failing again', async () => {
    const before = await alertsOf(orgA);
    const stats = Object.fromEntries(GOOD.map((name) => [name, feeds.statsOf(pathOf(name))]));
    const sources = await fetchAndWait([...GOOD, ...BROKEN]);
    for (const name of GOOD) {
      const after = feeds.statsOf(pathOf(name));
      expect({ name, notModified: after.notModified - stats[name].notModified }).toEqual({ name, notModified: 1 });
      expect(sources.find((s) => s.id === sourceIds[name])).toMatchObject({ status: 'not_modified', error: null });
    }
    expect(await alertsOf(orgA)).toEqual(before);
    for (const name of BROKEN) {
      const source = sources.find((s) => s.id === sourceIds[name])!;
      expect(source).toMatchObject({ status: 'error', consecutiveFailures: 2 });
      expect(new Date(source.nextAttemptAt!).getTime()).toBeGreaterThan(Date.now());
    }
    expect(sources.find((s) => s.id === sourceIds.throttled)).toMatchObject({ consecutiveFailures: 1 });
    expect(feeds.statsOf('/throttled').requests).toBe(1);
  });

  it('a newly published item becomes exactly one new alert per matching config; an edited item updates without a new alert', async () => {
    const beforeA = await alertsOf(orgA);
    const beforeB = await alertsOf(orgB);
    const brokenBefore = (await sourcesNow()).filter((s) => BROKEN.some((name) => sourceIds[name] === s.id));
    feeds.publishNewItem();
    feeds.editIncident('Resolved: Elevated errors on Claude Sonnet 4.5');

    const sources = await fetchAndWait(GOOD);
    expect(sources.find((s) => s.id === sourceIds.openai)?.status).toBe('ok');

    const afterA = await alertsOf(orgA);
    const afterB = await alertsOf(orgB);
    expect(afterA).toHaveLength(beforeA.length + 1);
    expect(afterB).toHaveLength(beforeB.length + 1);
    const fresh = afterA.filter((a) => !beforeA.some((b) => b.id === a.id));
    expect(fresh).toEqual([
      expect.objectContaining({
        model: expect.objectContaining({ modelId: 'gpt-4o' }),
        category: 'deprecation',
        title: 'GPT-4o shutdown date moved',
        datePublished: '2026-05-06T08:42:51.000Z',
      }),
    ]);
    const incident = afterA.find((a) => a.model.modelId === 'claude-sonnet-4-5')!;
    expect(incident.title).toBe('Resolved: Elevated errors on Claude Sonnet 4.5');
    expect(incident.id).toBe(beforeA.find((a) => a.model.modelId === 'claude-sonnet-4-5')!.id);

    // Backing-off sources were skipped by this run.
    const brokenAfter = (await sourcesNow()).filter((s) => BROKEN.some((name) => sourceIds[name] === s.id));
    expect(brokenAfter.map((s) => [s.id, s.consecutiveFailures, s.lastFetchedAt])).toEqual(
      brokenBefore.map((s) => [s.id, s.consecutiveFailures, s.lastFetchedAt]),
    );
  });

  it('stores each item once whatever the number of feeds carrying it', async () => {
    const dataSource = t.app.get(DataSource);
    const shared: Array<{ count: string }> = await dataSource.query(`SELECT count(*) FROM frontier_feed_items WHERE canonical_url = $1`, [
      feeds.url('/posts/shared-item'),
    ]);
    expect(Number(shared[0].count)).toBe(1);
    const advisory: Array<{ count: string }> = await dataSource.query(
      `SELECT count(*) FROM frontier_feed_items WHERE advisory_ids && ARRAY['CVE-2026-31337']`,
    );
    expect(Number(advisory[0].count)).toBe(1);
    const withdrawn: Array<{ count: string }> = await dataSource.query(
      `SELECT count(*) FROM frontier_feed_items WHERE advisory_ids && ARRAY['GHSA-WWWW-XXXX-YYYY', 'CVE-2026-40000']`,
    );
    expect(Number(withdrawn[0].count)).toBe(0);
  });

  const pathOf = (name: (typeof GOOD)[number]) =>
    ({
      openai: '/openai/news.rss',
      status: '/status/history.atom',
      digest: '/digest/feed.json',
      osv: '/osv/vulns.json',
      nvd: '/nvd/cves.json',
      mistral: '/mistral/notes.rss',
    })[name];
});
