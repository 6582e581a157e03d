import request from 'supertest';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { expectError, registerOrganization, type Session } from '../support/factories.js';

/** Malformed input of every shape answers 4xx with the contract's error body, never 5xx. */
describe('Robustness against malformed input', () => {
  let t: TestApp;
  let admin: Session;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await registerOrganization(t.http);
  });
  afterAll(() => t.close());

  const nested = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

  it.each([
    ['deeply nested unknown field', `{"name":"x","extra":${nested(3000)}}`],
    ['deeply nested value of a known field', `{"name":${nested(3000)}}`],
    ['array instead of object', '[{"name":"x"}]'],
    ['string body', '"just a string"'],
    ['number body', '42'],
    ['null body', 'null'],
    ['prototype keys', '{"name":"x","__proto__":{"admin":true},"constructor":{"prototype":{"polluted":true}}}'],
    ['array for a string field', '{"name":["a","b"]}'],
    ['object for an enum field', '{"name":"x","status":{"$ne":null}}'],
    ['boolean for a date field', '{"name":"x","deployedAt":true}'],
    ['NUL byte', '{"name":"a\\u0000b"}'],
    ['lone surrogate', '{"name":"\\ud800"}'],
  ])('POST /api/v1/ai-systems with %s → 4xx', async (_label, raw) => {
    const res = await request(t.http).post('/api/v1/ai-systems').set(admin.auth).set('Content-Type', 'application/json').send(raw);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expectError(res, res.status);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['repeated page', 'page=1&page=2'],
    ['array limit', 'limit[]=5'],
    ['object q', 'q[$ne]=x'],
    ['nested filter', 'status[a][b]=open'],
    ['huge page', 'page=99999999999999999999'],
    ['negative limit', 'limit=-5'],
    ['fractional limit', 'limit=2.5'],
    ['huge q', `q=${'x'.repeat(5000)}`],
    ['unknown parameter', 'password=1'],
    ['sort injection', 'sort=name;DROP TABLE users'],
    ['ownerId overflow', 'ownerId=9999999999'],
  ])('GET /api/v1/ai-systems?%s → 400', async (_label, query) => {
    expectError(await request(t.http).get(`/api/v1/ai-systems?${query}`).set(admin.auth), 400);
  });

  it('answers 415/400 for a body that is not JSON, and 404 in the error shape for unknown routes', async () => {
    const xml = await request(t.http).post('/api/v1/ai-systems').set(admin.auth).set('Content-Type', 'application/xml').send('<a/>');
    expect([400, 415]).toContain(xml.status);
    expectError(xml, xml.status);
    expectError(await request(t.http).get('/api/v1/no-such-thing').set(admin.auth), 404);
    expectError(await request(t.http).get('/api/v1/ai-systems/%E0%A4%A').set(admin.auth), 400);
  });
});
