import request from 'supertest';
import { expectError, registerOrganization, type Session } from '../support/factories.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** URLs organizations configure for the platform to call never reach internal addresses (SSRF). */
describe('Outbound URLs configured by organizations', () => {
  let t: TestApp;
  let admin: Session;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await registerOrganization(t.http);
  });
  afterAll(() => t.close());

  const putWebhook = (url: string) => request(t.http).put('/api/v1/frontier-alert-webhook').set(admin.auth).send({ url });

  it.each([
    'http://127.0.0.1:9/hook',
    'http://localhost:3000/admin',
    'http://169.254.169.254/latest/meta-data/',
    'http://10.0.0.5/hook',
    'http://192.168.1.10/hook',
    'http://[::1]/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://0.0.0.0/hook',
  ])('refuses a notification webhook at %s with 400, storing nothing', async (url) => {
    expect(expectError(await putWebhook(url), 400)).toMatch(/private, loopback or link-local/);
    expectError(await request(t.http).get('/api/v1/frontier-alert-webhook').set(admin.auth), 404);
  });

  it('refuses other schemes and credentials in the URL', async () => {
    expectError(await putWebhook('file:///etc/passwd'), 400);
    expect(expectError(await putWebhook('https://user:secret@93.184.216.34/hook'), 400)).toMatch(/credentials/);
  });

  it('accepts a public address (nothing is sent until an alert exists)', async () => {
    const res = await putWebhook('https://93.184.216.34/aura').expect(200);
    expect(res.body).toMatchObject({ url: 'https://93.184.216.34/aura' });
  });
});
