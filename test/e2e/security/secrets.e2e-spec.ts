import { RoleName } from '../../../src/common/permissions/permissions.js';
import { expectNoSecretsLeaked } from '../../support/security/leak-scan.js';
import { signBody } from '../../support/security/recipes.js';
import { SecurityWorld } from '../../support/security/world.js';

/**
 * The flows that handle secrets — passwords, API keys, GitHub tokens, webhook secrets — driven
 * through the API, on their happy and their error paths (where secrets tend to be echoed), then
 * every response and every log line of the file is scanned: a secret appears only in the one
 * response that issues it, and never in a log line.
 */
describe('Security: no secret in any response, error or log line', () => {
  let world: SecurityWorld;

  beforeAll(async () => {
    world = await SecurityWorld.start({ worker: true });
  });
  afterAll(() => world?.close());

  const auth = () => world.a.admin.auth;

  it('passwords: never echoed by sign-in, sign-up, user or profile errors, nor stored in a readable form', async () => {
    const { admin, member } = world.passwords;
    const client = world.client;
    // Wrong password, unknown user, the password in the wrong field, a password too long.
    await client.expect(401, 'POST', '/api/v1/auth/login', { body: { email: world.a.admin.email, password: member } });
    await client.expect(401, 'POST', '/api/v1/auth/login', { body: { email: `nobody-${world.runTag}@example.com`, password: admin } });
    await client.expect(400, 'POST', '/api/v1/auth/login', { body: { email: admin, password: 42 } });
    await client.expect(400, 'POST', '/api/v1/auth/register', {
      body: { organizationName: 'X', username: 'x!', email: admin, password: admin },
    });
    await client.expect(400, 'POST', '/api/v1/users', { auth: auth(), body: { username: 'no', email: 'not-an-email', password: member } });
    await client.expect(400, 'POST', '/api/v1/auth/change-password', {
      auth: auth(),
      body: { currentPassword: member, newPassword: admin },
    });
    // A password set on another user is answered without it (nor its hash).
    const user = await world.shared('user', world.a);
    await client.expect(200, 'PATCH', `/api/v1/users/${user.params.id}`, { auth: auth(), body: { password: member } });
    await client.expect(200, 'GET', `/api/v1/users/${user.params.id}`, { auth: auth() });
    await client.expect(200, 'GET', '/api/v1/users?limit=100', { auth: auth() });
    await client.expect(200, 'GET', '/api/v1/auth/me', { auth: auth() });
  });

  it('API keys: shown once on creation, never again (get, list, rename, use, audit trail), and not taken from a query string', async () => {
    const key = await world.shared('apiKey', world.a);
    const path = `/api/v1/api-keys/${key.params.id}`;
    await world.client.expect(200, 'GET', path, { auth: auth() });
    await world.client.expect(200, 'GET', '/api/v1/api-keys?limit=100', { auth: auth() });
    await world.client.expect(200, 'PATCH', path, { auth: auth(), body: { name: `${world.a.tag} renamed key` } });
    const viewerKey = await world.apiKeyWithRole(world.a, RoleName.Viewer);
    await world.client.expect(200, 'GET', '/api/v1/auth/me', { auth: viewerKey });
    // A key pasted into a URL is no credential, and the logged URL hides it.
    await world.client.expect(401, 'GET', `/api/v1/ai-systems?apiKey=${encodeURIComponent(viewerKey['X-API-Key'])}`);
    await world.client.expect(401, 'GET', `/api/v1/ai-systems?access_token=${world.a.admin.token}`);
  });

  it('GitHub tokens: stored encrypted and never returned (create, get, list, update, errors, audit trail, a scan and a failed scan)', async () => {
    const scanned = await world.shared('scannedConfig', world.a);
    const config = await world.shared('scanConfig', world.a);
    const path = `/api/v1/github/scan-configs/${config.params.id}`;
    const created = await world.client.expect(200, 'GET', path, { auth: auth() });
    expect(created.body.hasToken).toBe(true);
    await world.client.expect(200, 'GET', '/api/v1/github/scan-configs?limit=100', { auth: auth() });
    await world.client.expect(200, 'PATCH', path, { auth: auth(), body: { token: world.scanConfigBody(world.a).token } });
    // A body the validation refuses, with a valid token in it.
    await world.client.expect(400, 'POST', '/api/v1/github/scan-configs', {
      auth: auth(),
      body: { ...world.scanConfigBody(world.a), githubOrgName: 'not a valid login!' },
    });
    // A token GitHub refuses: the scan fails and says why, without the token.
    const refusedToken = `ghp_refused${world.runTag}0000`;
    world.secrets.add('GitHub token (refused by GitHub)', refusedToken);
    const bad = await world.client.expect(201, 'POST', '/api/v1/github/scan-configs', {
      auth: auth(),
      body: { githubOrgName: `${world.a.tag}-refused`, token: refusedToken },
    });
    const run = await world.client.expect(202, 'POST', `/api/v1/github/scan-configs/${bad.body.id}/scans`, { auth: auth() });
    await world.waitFor('the refused scan to fail', async () => {
      const res = await world.client.expect(200, 'GET', `/api/v1/github/scan-configs/${bad.body.id}/scans/${run.body.scanId}`, {
        auth: auth(),
      });
      return res.body.status === 'failed';
    });
    for (const sub of ['results', 'summaries', 'scans', 'bom']) {
      await world.client.expect(200, 'GET', `/api/v1/github/scan-configs/${scanned.params.id}/${sub}`, { auth: auth() });
    }
    // The fake GitHub did receive the tokens (so they were really used).
    expect(world.github.requests.length).toBeGreaterThan(0);
  });

  it('bias webhook secrets: shown once on creation; bad signatures are refused without revealing the secret or the expected signature', async () => {
    const scan = await world.shared('webhookScan', world.a);
    const path = `/api/v1/bias-analysis/scans/${scan.params.id}`;
    await world.client.expect(200, 'GET', path, { auth: auth() });
    await world.client.expect(200, 'GET', '/api/v1/bias-analysis/scans?limit=100', { auth: auth() });
    const raw = JSON.stringify([{ group: 'a', y: 1, p: 1 }]);
    const expected = signBody(scan.data.secret as string, raw);
    world.secrets.add('expected signature of a refused webhook batch', expected.replace('sha256=', ''));
    for (const signature of [undefined, 'sha256=00', signBody('not-the-secret', raw), 'sha1=abc']) {
      const res = await world.client.send('post', `${path}/records`, { raw, headers: signature ? { 'X-Signature-256': signature } : {} });
      expect([401, 429]).toContain(res.status);
    }
    const completed = await world.shared('biasScan', world.a);
    await world.client.expect(200, 'GET', `/api/v1/bias-analysis/scans/${completed.params.id}/results`, { auth: auth() });
  });

  it('frontier webhook secrets: shown on creation and rotation only; deliveries and their errors never carry them', async () => {
    await world.frontierAlerts();
    await world.client.expect(200, 'GET', '/api/v1/frontier-alert-webhook', { auth: auth() });
    const unchanged = await world.client.expect(200, 'PUT', '/api/v1/frontier-alert-webhook', {
      auth: auth(),
      body: { url: world.receiver.url },
    });
    expect(unchanged.body.secret).toBeUndefined();
    const rotated = await world.client.expect(200, 'PUT', '/api/v1/frontier-alert-webhook', {
      auth: auth(),
      body: { url: world.receiver.url, rotateSecret: true },
    });
    world.secrets.add('frontier webhook secret (rotated)', rotated.body.secret, world.client.exchangeOf(rotated));
    await world.client.expect(200, 'GET', '/api/v1/frontier-alert-webhook/deliveries?limit=100', { auth: auth() });
    // The receiver got signed deliveries: the secret was used, not sent.
    expect(world.receiver.received.length).toBeGreaterThan(0);
    expect(world.receiver.received.every((post) => /^sha256=[0-9a-f]{64}$/.test(String(post.headers['x-signature-256'])))).toBe(true);
  });

  it('the audit trail records every write above without any secret ("[redacted]")', async () => {
    for (const query of [
      '',
      '&entityType=api_key',
      '&entityType=user',
      '&entityType=github_scan_config',
      '&entityType=frontier_alert_webhook',
    ]) {
      const res = await world.client.send('get', `/api/v1/audit-logs?limit=100${query}`, { auth: auth() });
      expect([200, 400]).toContain(res.status);
    }
    const all = await world.client.expect(200, 'GET', '/api/v1/audit-logs?limit=100', { auth: auth() });
    expect(all.body.meta.total).toBeGreaterThan(5);
    for (const entry of all.body.data.slice(0, 20) as Array<{ id: number }>) {
      await world.client.expect(200, 'GET', `/api/v1/audit-logs/${entry.id}`, { auth: auth() });
    }
  });

  it('finds a secret planted in a response or a log line (the scan itself works)', () => {
    const [first] = world.client.exchanges;
    const planted = (text: string) => ({ ...first, text });
    expect(world.secrets.leaksInResponses([planted(`{"jwt":"${world.config.auth.jwtSecret}"}`)])).toHaveLength(1);
    expect(world.secrets.leaksInResponses([planted('{"password":"$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA"}')])).toHaveLength(1);
    expect(world.secrets.leaksInLogs([`{"msg":"token ${world.a.admin.token}"}`], world.client.sentCredentials)).toHaveLength(1);
    expect(world.secrets.leaksInLogs([`{"msg":"${world.passwords.member}"}`], [])).toHaveLength(1);
  });

  it('shows no secret in any response of this file, and writes none — nor any credential sent — to the logs', () => {
    expect(world.secrets.kinds()).toEqual(
      expect.arrayContaining([
        'API key',
        'GitHub token',
        'bias webhook secret',
        'frontier webhook secret',
        'member password',
        'organization admin password',
        'platform admin password',
      ]),
    );
    expectNoSecretsLeaked(world);
    console.info(
      `secrets: ${world.secrets.size} secrets watched, ${world.client.exchanges.length} responses and ${world.logs.lines.length} log lines scanned`,
    );
  });
});
