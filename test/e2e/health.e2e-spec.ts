import request from 'supertest';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { expectError, registerOrganization } from '../support/factories.js';

describe('GET /health', () => {
  it('reports PostgreSQL and Redis up', async () => {
    const t = await createTestApp();
    try {
      const res = await request(t.http).get('/health').expect(200);
      expect(res.body).toMatchObject({
        status: 'ok',
        details: {
          database: { status: 'up' },
          redis: { status: 'up' },
          queues: { status: 'up', queues: ['github-scan', 'bias-analysis', 'frontier-fetch'] },
        },
      });
    } finally {
      await t.close();
    }
  });

  describe('with Redis unreachable', () => {
    let t: TestApp;
    // Nothing listens on port 1: every Redis command fails at once.
    beforeAll(async () => {
      t = await createTestApp({ REDIS_URL: 'redis://127.0.0.1:1' });
    });
    afterAll(() => t.close());

    it('answers 503 naming Redis, in the API error shape', async () => {
      const res = await request(t.http).get('/health');
      expect(expectError(res, 503)).toMatch(/^Unhealthy: redis/);
      expect(res.body.details).toMatchObject({ database: { status: 'up' }, redis: { status: 'down' }, queues: { status: 'down' } });
    });

    it('keeps sign-up, sign-in and reads working', async () => {
      const admin = await registerOrganization(t.http);
      await request(t.http).post('/api/v1/auth/login').send({ email: admin.email, password: admin.password }).expect(200);
      await request(t.http).get('/api/v1/ai-systems').set(admin.auth).expect(200);
      await request(t.http).post('/api/v1/ai-systems').set(admin.auth).send({ name: 'Still writable' }).expect(201);
    });
  });
});
