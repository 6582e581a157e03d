import { createHmac } from 'node:crypto';
import pg from 'pg';
import request from 'supertest';
import { expectError, registerOrganization, type Session } from '../support/factories.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const SCANS = '/api/v1/bias-analysis/scans';
const CONFIG = { labelColumn: 'y_true', predictionColumn: 'y_pred', protectedAttributes: ['sex'] };

describe('Throttling of the signed bias-analysis webhook', () => {
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    t = await createTestApp({ WEBHOOK_MAX_FAILURES: '3', WEBHOOK_MAX_BATCHES_PER_MINUTE: '2' });
    admin = await registerOrganization(t.http);
  });
  afterAll(() => t.close());

  async function webhookScan(): Promise<{ id: number; secret: string }> {
    const res = await request(t.http).post(SCANS).set(admin.auth).send({ name: 'hook', dataSource: 'webhook', config: CONFIG }).expect(202);
    return { id: res.body.id, secret: res.body.webhookSecret };
  }
  const batch = JSON.stringify([{ y_true: 1, y_pred: 1, sex: 'F' }]);
  const sign = (body: string, key: string) => `sha256=${createHmac('sha256', key).update(body).digest('hex')}`;
  const send = (id: number, signature: string, address: string) =>
    request(t.http)
      .post(`${SCANS}/${id}/records`)
      .set('Content-Type', 'application/json')
      .set('X-Forwarded-For', address)
      .set('X-Signature-256', signature)
      .send(batch);

  it('refuses an address after repeated bad signatures, even with a good one, and stores nothing', async () => {
    const { id, secret } = await webhookScan();
    t.app.set('trust proxy', true); // lets the test speak from distinct client addresses
    for (let attempt = 0; attempt < 3; attempt++) expectError(await send(id, sign(batch, 'whsec_guess'), '203.0.113.7'), 401);
    const refused = await send(id, sign(batch, secret), '203.0.113.7');
    expect(expectError(refused, 429)).toMatch(/invalid signatures/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);

    // Another address is not affected; the scan got exactly that one batch.
    expect((await send(id, sign(batch, secret), '203.0.113.8').expect(202)).body).toEqual({ scanId: id, accepted: 1 });
    const db = new pg.Client({ connectionString: t.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query('SELECT count(*)::int AS n FROM bias_analysis_data_chunks WHERE scan_id = $1', [id]);
      expect(rows[0].n).toBe(1);
    } finally {
      await db.end();
    }
  });

  it('limits the batches one scan takes per minute', async () => {
    const { id, secret } = await webhookScan();
    await send(id, sign(batch, secret), '198.51.100.1').expect(202);
    await send(id, sign(batch, secret), '198.51.100.2').expect(202);
    const refused = await send(id, sign(batch, secret), '198.51.100.3');
    expect(expectError(refused, 429)).toMatch(new RegExp(`bias scan ${id}`));
    // A different scan still takes batches.
    const other = await webhookScan();
    await send(other.id, sign(batch, other.secret), '198.51.100.3').expect(202);
  });
});
