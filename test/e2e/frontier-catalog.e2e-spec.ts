import request from 'supertest';
import { DataSource } from 'typeorm';
import { createPlatformAdmin, createUserWithRole, expectError, registerOrganization, unique, type Session } from '../support/factories.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('Frontier catalog, sources and alert configs', () => {
  let t: TestApp;
  let platform: Session;
  let admin: Session;
  let viewer: Session;
  let other: Session;

  beforeAll(async () => {
    t = await createTestApp();
    platform = await createPlatformAdmin(t);
    admin = await registerOrganization(t.http);
    viewer = await createUserWithRole(t.http, admin, 'viewer');
    other = await registerOrganization(t.http);
  });
  afterAll(() => t.close());

  const modelIdOf = async (modelId: string): Promise<number> => {
    const res = await request(t.http)
      .get(`/api/v1/frontier-models?q=${encodeURIComponent(modelId)}&limit=100`)
      .set(viewer.auth)
      .expect(200);
    return (res.body.data as Array<{ id: number; modelId: string }>).find((m) => m.modelId === modelId)!.id;
  };

  describe('catalog', () => {
    it('is seeded from the shared catalog with aliases, and readable by anyone signed in', async () => {
      const res = await request(t.http).get('/api/v1/frontier-models?limit=100').set(viewer.auth).expect(200);
      expect(res.body.meta.total).toBeGreaterThanOrEqual(48);
      expect(res.body.data).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            modelId: 'gpt-4o-mini',
            name: 'GPT-4o mini',
            provider: 'OpenAI',
            releaseDate: '2024-07-18T00:00:00.000Z',
            aliases: ['GPT-4o mini', 'gpt-4o-mini', 'gpt-4o-mini-2024-07-18'],
          }),
        ]),
      );
      await request(t.http).get('/api/v1/frontier-models').expect(401);
    });

    it('filters by provider (case-insensitive) and q (also over aliases), paginated', async () => {
      const anthropic = await request(t.http).get('/api/v1/frontier-models?provider=anthropic&limit=5').set(viewer.auth).expect(200);
      expect(anthropic.body.meta).toEqual(expect.objectContaining({ page: 1, limit: 5 }));
      expect(anthropic.body.meta.total).toBe(11);
      expect(anthropic.body.data.every((m: { provider: string }) => m.provider === 'Anthropic')).toBe(true);
      const byAlias = await request(t.http).get('/api/v1/frontier-models?q=deepseek-reasoner').set(viewer.auth).expect(200);
      expect(byAlias.body.data.map((m: { modelId: string }) => m.modelId)).toEqual(['deepseek-r1']);
      expectError(await request(t.http).get('/api/v1/frontier-models?sort=secret:asc').set(viewer.auth), 400);
    });

    it('refuses writes to organization admins (403) and lets platform admins write; duplicate modelId → 409', async () => {
      const body = { modelId: unique('model-'), name: 'Test Model 9', provider: 'TestLab', capabilities: ['text'] };
      expectError(await request(t.http).post('/api/v1/frontier-models').set(admin.auth).send(body), 403);
      const created = await request(t.http).post('/api/v1/frontier-models').set(platform.auth).send(body).expect(201);
      expect(created.body).toMatchObject({ ...body, aliases: ['Test Model 9', body.modelId], releaseDate: null, description: null });
      expect(expectError(await request(t.http).post('/api/v1/frontier-models').set(platform.auth).send(body), 409)).toMatch(
        /already exists/,
      );

      const id = created.body.id as number;
      expectError(await request(t.http).patch(`/api/v1/frontier-models/${id}`).set(admin.auth).send({ name: 'x' }), 403);
      const patched = await request(t.http)
        .patch(`/api/v1/frontier-models/${id}`)
        .set(platform.auth)
        .send({ aliases: ['TM9', 'Test Model 9'], releaseDate: '2026-01-02T00:00:00Z' })
        .expect(200);
      expect(patched.body).toMatchObject({ aliases: ['TM9', 'Test Model 9'], releaseDate: '2026-01-02T00:00:00.000Z' });
      expectError(await request(t.http).patch(`/api/v1/frontier-models/${id}`).set(platform.auth).send({ modelId: 'gpt-4o' }), 409);
      expectError(await request(t.http).patch(`/api/v1/frontier-models/${id}`).set(platform.auth).send({ name: null }), 400);

      expectError(await request(t.http).delete(`/api/v1/frontier-models/${id}`).set(admin.auth), 403);
      await request(t.http).delete(`/api/v1/frontier-models/${id}`).set(platform.auth).expect(204);
      expectError(await request(t.http).get(`/api/v1/frontier-models/${id}`).set(viewer.auth), 404);
    });

    it('validates catalog bodies', async () => {
      const bad = [
        { name: 'x', provider: 'y' },
        { modelId: 'has space', name: 'x', provider: 'y' },
        { modelId: 'ok', name: 'x', provider: 'y', aliases: ['', 'a'] },
        { modelId: 'ok', name: 'x', provider: 'y', capabilities: 'text' },
      ];
      for (const body of bad) expectError(await request(t.http).post('/api/v1/frontier-models').set(platform.auth).send(body), 400);
    });
  });

  describe('sources', () => {
    it('are for platform admins only', async () => {
      for (const session of [admin, viewer]) {
        expectError(await request(t.http).get('/api/v1/frontier-models/sources').set(session.auth), 403);
        expectError(
          await request(t.http)
            .post('/api/v1/frontier-models/sources')
            .set(session.auth)
            .send({ name: 'x', url: 'https://x.test/a', kind: 'rss' }),
          403,
        );
        expectError(await request(t.http).post('/api/v1/frontier-models/sources/fetch').set(session.auth), 403);
      }
    });

    it('CRUD with validation, duplicate url → 409; a new url resets the fetch state', async () => {
      const url = `https://feeds.test/${unique('f')}.xml`;
      const created = await request(t.http)
        .post('/api/v1/frontier-models/sources')
        .set(platform.auth)
        .send({ name: 'OpenAI News', url, kind: 'rss', provider: 'OpenAI' })
        .expect(201);
      expect(created.body).toMatchObject({
        name: 'OpenAI News',
        url,
        kind: 'rss',
        provider: 'OpenAI',
        enabled: true,
        status: 'pending',
        etag: null,
      });
      expectError(
        await request(t.http).post('/api/v1/frontier-models/sources').set(platform.auth).send({ name: 'dup', url, kind: 'atom' }),
        409,
      );
      for (const body of [
        { name: 'x', url: 'ftp://x.test/feed', kind: 'rss' },
        { name: 'x', url: 'not a url', kind: 'rss' },
        { name: 'x', url: 'https://x.test/feed', kind: 'html' },
        { url: 'https://x.test/feed', kind: 'rss' },
      ]) {
        expectError(await request(t.http).post('/api/v1/frontier-models/sources').set(platform.auth).send(body), 400);
      }
      const id = created.body.id as number;
      const list = await request(t.http).get('/api/v1/frontier-models/sources?kind=rss&enabled=true').set(platform.auth).expect(200);
      expect(list.body.data.map((s: { id: number }) => s.id)).toContain(id);
      const patched = await request(t.http)
        .patch(`/api/v1/frontier-models/sources/${id}`)
        .set(platform.auth)
        .send({ enabled: false, url: `${url}?v=2` })
        .expect(200);
      expect(patched.body).toMatchObject({ enabled: false, url: `${url}?v=2`, status: 'pending' });
      await request(t.http).get(`/api/v1/frontier-models/sources/${id}`).set(platform.auth).expect(200);
      await request(t.http).delete(`/api/v1/frontier-models/sources/${id}`).set(platform.auth).expect(204);
      expectError(await request(t.http).get(`/api/v1/frontier-models/sources/${id}`).set(platform.auth), 404);
    });

    it('include the surveyed public feeds, disabled until a platform admin enables them', async () => {
      const res = await request(t.http).get('/api/v1/frontier-models/sources?enabled=false&limit=100').set(platform.auth).expect(200);
      expect(res.body.data).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            name: 'OpenAI News',
            url: 'https://openai.com/news/rss.xml',
            kind: 'rss',
            provider: 'OpenAI',
            status: 'pending',
          }),
          expect.objectContaining({ url: 'https://api.github.com/advisories?ecosystem=pip&affects=openai', kind: 'osv' }),
        ]),
      );
    });

    it('queues a fetch run on demand (202)', async () => {
      const res = await request(t.http).post('/api/v1/frontier-models/sources/fetch').set(platform.auth).expect(202);
      expect(res.body).toEqual({ jobId: expect.stringMatching(/^frontier-fetch:all:\d+$/), status: 'queued' });
    });
  });

  describe('alert configs', () => {
    it('are created by frontier_alerts:write holders, read by viewers, and refused to viewers for writes', async () => {
      const modelId = await modelIdOf('gpt-4o');
      expectError(
        await request(t.http).post('/api/v1/frontier-alert-configs').set(viewer.auth).send({ modelId, category: 'security' }),
        403,
      );
      const created = await request(t.http)
        .post('/api/v1/frontier-alert-configs')
        .set(admin.auth)
        .send({ modelId, category: 'security' })
        .expect(201);
      expect(created.body).toMatchObject({
        modelId,
        model: { id: modelId, modelId: 'gpt-4o', name: 'GPT-4o', provider: 'OpenAI' },
        category: 'security',
        organizationId: admin.organizationId,
        createdById: admin.userId,
      });
      const list = await request(t.http).get('/api/v1/frontier-alert-configs').set(viewer.auth).expect(200);
      expect(list.body.data.map((c: { id: number }) => c.id)).toEqual([created.body.id]);
      expect(
        expectError(
          await request(t.http).post('/api/v1/frontier-alert-configs').set(admin.auth).send({ modelId, category: 'security' }),
          409,
        ),
      ).toMatch(/already follows/);
    });

    it('validate the model (catalog id) and the category', async () => {
      const modelId = await modelIdOf('claude-opus-4');
      expect(
        expectError(
          await request(t.http).post('/api/v1/frontier-alert-configs').set(admin.auth).send({ modelId: 999999, category: 'pricing' }),
          400,
        ),
      ).toMatch(/modelId/);
      expect(
        expectError(
          await request(t.http).post('/api/v1/frontier-alert-configs').set(admin.auth).send({ modelId, category: 'gossip' }),
          400,
        ),
      ).toMatch(/category must be one of/);
      expectError(
        await request(t.http).post('/api/v1/frontier-alert-configs').set(admin.auth).send({ modelId: 'gpt-4o', category: 'pricing' }),
        400,
      );
    });

    it('belong to one organization: another organization gets 404 and sees none', async () => {
      const modelId = await modelIdOf('gemini-2.5-pro');
      const created = await request(t.http)
        .post('/api/v1/frontier-alert-configs')
        .set(admin.auth)
        .send({ modelId, category: 'deprecation' })
        .expect(201);
      const id = created.body.id as number;
      expectError(await request(t.http).get(`/api/v1/frontier-alert-configs/${id}`).set(other.auth), 404);
      expectError(await request(t.http).patch(`/api/v1/frontier-alert-configs/${id}`).set(other.auth).send({ category: 'pricing' }), 404);
      expectError(await request(t.http).delete(`/api/v1/frontier-alert-configs/${id}`).set(other.auth), 404);
      expect((await request(t.http).get('/api/v1/frontier-alert-configs').set(other.auth).expect(200)).body.data).toEqual([]);
      expect((await request(t.http).get('/api/v1/frontier-alerts').set(other.auth).expect(200)).body.data).toEqual([]);

      const patched = await request(t.http)
        .patch(`/api/v1/frontier-alert-configs/${id}`)
        .set(admin.auth)
        .send({ category: 'pricing' })
        .expect(200);
      expect(patched.body).toMatchObject({ id, category: 'pricing', model: { modelId: 'gemini-2.5-pro' } });
      const filtered = await request(t.http)
        .get(`/api/v1/frontier-alert-configs?category=pricing&modelId=${modelId}`)
        .set(admin.auth)
        .expect(200);
      expect(filtered.body.data.map((c: { id: number }) => c.id)).toEqual([id]);
      await request(t.http).delete(`/api/v1/frontier-alert-configs/${id}`).set(admin.auth).expect(204);
      expectError(await request(t.http).get(`/api/v1/frontier-alert-configs/${id}`).set(admin.auth), 404);
    });

    it('alerts are readable by viewers and validate their filters', async () => {
      await request(t.http).get('/api/v1/frontier-alerts?category=security&since=2026-01-01T00:00:00Z').set(viewer.auth).expect(200);
      expectError(await request(t.http).get('/api/v1/frontier-alerts?since=yesterday').set(viewer.auth), 400);
      expectError(await request(t.http).get('/api/v1/frontier-alerts?category=gossip').set(viewer.auth), 400);
      expectError(await request(t.http).get('/api/v1/frontier-alerts/0').set(viewer.auth), 400);
    });
  });

  describe('suggestions from GitHub scans', () => {
    it('suggest security and deprecation configs for the providers found in the organization’s code, minus those followed', async () => {
      const session = await registerOrganization(t.http);
      const empty = await request(t.http).get('/api/v1/frontier-alert-configs/suggestions').set(session.auth).expect(200);
      expect(empty.body).toEqual([]);

      const dataSource = t.app.get(DataSource);
      const [config]: Array<{ id: number }> = await dataSource.query(
        `INSERT INTO github_scan_configs (github_org_name, organization_id) VALUES ($1, $2) RETURNING id`,
        [unique('acme'), session.organizationId],
      );
      const results: Array<[string, boolean, string[]]> = [
        ['support-bot', true, ['OpenAI', 'LangChain']],
        ['agent', true, ['OpenAI', 'Anthropic']],
        ['old-demo', false, ['Cohere']],
        ['ml-lab', true, ['PyTorch']],
      ];
      for (const [name, hasAiUsage, frameworks] of results) {
        await dataSource.query(
          `INSERT INTO github_scan_results (scan_config_id, organization_id, repository_name, repository_url, has_ai_usage, ai_frameworks)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [config.id, session.organizationId, name, `https://github.com/acme/${name}`, hasAiUsage, frameworks],
        );
      }
      const gpt4o = await modelIdOf('gpt-4o');
      await request(t.http)
        .post('/api/v1/frontier-alert-configs')
        .set(session.auth)
        .send({ modelId: gpt4o, category: 'security' })
        .expect(201);

      const res = await request(t.http).get('/api/v1/frontier-alert-configs/suggestions').set(session.auth).expect(200);
      expect(res.body.map((s: { provider: string }) => s.provider)).toEqual(['OpenAI', 'Anthropic']);
      expect(res.body[0]).toMatchObject({ frameworks: ['OpenAI'], repositoryCount: 2, repositories: ['agent', 'support-bot'] });
      const openai = res.body[0].models as Array<{ model: { modelId: string }; categories: string[] }>;
      expect(openai.find((m) => m.model.modelId === 'gpt-4o')?.categories).toEqual(['deprecation']);
      expect(openai.find((m) => m.model.modelId === 'gpt-5')?.categories).toEqual(['security', 'deprecation']);
      expect(res.body[1].models.every((m: { model: { provider: string } }) => m.model.provider === 'Anthropic')).toBe(true);

      // Another organization's scan results suggest nothing to this one.
      const otherRes = await request(t.http).get('/api/v1/frontier-alert-configs/suggestions').set(other.auth).expect(200);
      expect(otherRes.body).toEqual([]);
    });
  });

  describe('malformed input', () => {
    it('answers every frontier route with a 4xx in the error shape, never a 500', async () => {
      const bodies: unknown[] = [
        [],
        'text',
        { modelId: { $gt: '' }, name: ['x'], provider: 1 },
        { url: 'https://x.test/\u0000', name: 'n', kind: 'rss' },
        { modelId: 2 ** 40, category: 'security' },
        { url: 'http://', enabled: 'yes' },
        { aliases: [{}], capabilities: [null] },
      ];
      const writes: Array<['post' | 'patch' | 'put', string, Session]> = [
        ['post', '/api/v1/frontier-models', platform],
        ['patch', '/api/v1/frontier-models/1', platform],
        ['post', '/api/v1/frontier-models/sources', platform],
        ['patch', '/api/v1/frontier-models/sources/1', platform],
        ['post', '/api/v1/frontier-alert-configs', admin],
        ['patch', '/api/v1/frontier-alert-configs/1', admin],
        ['put', '/api/v1/frontier-alert-webhook', admin],
      ];
      for (const [method, path, session] of writes) {
        for (const body of bodies) {
          const res = await request(t.http)
            [method](path)
            .set(session.auth)
            .send(body as object);
          expect({ method, path, body, status: res.status < 500 && res.status >= 400 }).toEqual({ method, path, body, status: true });
          expectError(res, res.status);
        }
      }
      const reads = [
        '/api/v1/frontier-models?provider[$ne]=x',
        '/api/v1/frontier-models?limit=1000',
        '/api/v1/frontier-models/sources?enabled=maybe',
        '/api/v1/frontier-models/sources/99999999999',
        '/api/v1/frontier-alerts?modelId=gpt-4o',
        '/api/v1/frontier-alerts?since=2026-02-30',
        '/api/v1/frontier-alerts?sort=datePublished:sideways',
        '/api/v1/frontier-alert-configs?category[]=security&category[]=nope',
        '/api/v1/frontier-alert-webhook/deliveries?status=lost',
      ];
      for (const path of reads) {
        const res = await request(t.http).get(path).set(platform.auth);
        expect({ path, status: res.status }).toEqual({ path, status: 400 });
      }
    });
  });
});
