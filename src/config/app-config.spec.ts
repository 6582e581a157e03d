import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './app-config.js';

const devSecrets = () => join(mkdtempSync(join(tmpdir(), 'aura-config-')), 'secrets.json');

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig({ DEV_SECRETS_FILE: devSecrets(), ...env });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({ DEV_SECRETS_FILE: devSecrets() });
    expect(config).toMatchObject({
      port: 3000,
      database: { url: 'postgres://postgres@127.0.0.1:5432/aura' },
      redis: { url: 'redis://127.0.0.1:6379', queuePrefix: 'aura' },
      github: { apiUrl: 'https://api.github.com' },
      frontier: { fetchCron: '0 * * * *' },
      auth: { allowSignup: true, jwtExpiresInSeconds: 3600 },
      migrationsRun: true,
    });
    expect(config.encryptionKey).toHaveLength(32);
    expect(config.auth.jwtSecret.length).toBeGreaterThanOrEqual(32);
  });

  it('keeps generated development secrets stable across processes', () => {
    const file = devSecrets();
    const first = loadConfig({ DEV_SECRETS_FILE: file });
    const second = loadConfig({ DEV_SECRETS_FILE: file });
    expect(second.auth.jwtSecret).toBe(first.auth.jwtSecret);
    expect(second.encryptionKey.equals(first.encryptionKey)).toBe(true);
    expect(second.admin.sessionSecret).toBe(first.admin.sessionSecret);
  });

  it('names every bad variable', () => {
    const problems = problemsOf({ PORT: 'eighty', DATABASE_URL: 'mysql://x', ALLOW_SIGNUP: 'maybe', ENCRYPTION_KEY: 'short' });
    expect(problems.join('\n')).toMatch(/^PORT: /m);
    expect(problems.join('\n')).toMatch(/^DATABASE_URL: must be a URL \(postgres: or postgresql:\)/m);
    expect(problems.join('\n')).toMatch(/^ALLOW_SIGNUP: must be true or false/m);
    expect(problems.join('\n')).toMatch(/^ENCRYPTION_KEY: must be 32 bytes/m);
  });

  it('requires real secrets in production', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
      'JWT_SECRET: required when NODE_ENV=production',
      'ENCRYPTION_KEY: required when NODE_ENV=production',
      'ADMIN_SESSION_SECRET: required when NODE_ENV=production',
      'ADMIN_JS_TMP_DIR: must not contain a dot-directory when NODE_ENV=production (Express 5 does not serve files from it)',
    ]);
    const config = loadConfig({
      NODE_ENV: 'production',
      JWT_SECRET: 'x'.repeat(40),
      ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      ADMIN_SESSION_SECRET: 'y'.repeat(40),
      ADMIN_JS_TMP_DIR: '/app/tmp/adminjs',
    });
    expect(config.encryptionKey.equals(Buffer.alloc(32, 7))).toBe(true);
    expect(config.admin.sessionSecret).toBe('y'.repeat(40));
  });

  it('treats empty strings as unset and parses booleans and lists', () => {
    const config = loadConfig({
      DEV_SECRETS_FILE: devSecrets(),
      PORT: '',
      ALLOW_SIGNUP: 'false',
      CORS_ORIGINS: 'https://a.example, https://b.example',
    });
    expect(config.port).toBe(3000);
    expect(config.auth.allowSignup).toBe(false);
    expect(config.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
  });
  it('takes Bull lock timings and the shutdown grace period from the environment, with the product defaults', () => {
    const defaults = loadConfig({ DEV_SECRETS_FILE: devSecrets() });
    expect(defaults.queue).toEqual({
      lockDurationMs: 30_000,
      lockRenewMs: 10_000,
      stalledIntervalMs: 15_000,
      maxStalledCount: 3,
      reconcileIntervalMs: 60_000,
    });
    expect(defaults.shutdownGraceMs).toBe(25_000);
    const short = loadConfig({
      DEV_SECRETS_FILE: devSecrets(),
      QUEUE_LOCK_DURATION_MS: '5000',
      QUEUE_LOCK_RENEW_MS: '1250',
      QUEUE_STALLED_INTERVAL_MS: '2000',
      SHUTDOWN_GRACE_MS: '300',
      QUEUE_RECONCILE_INTERVAL_MS: '1000',
    });
    expect(short.queue).toMatchObject({ lockDurationMs: 5000, lockRenewMs: 1250, stalledIntervalMs: 2000, reconcileIntervalMs: 1000 });
    expect(short.shutdownGraceMs).toBe(300);
    expect(problemsOf({ DEV_SECRETS_FILE: devSecrets(), QUEUE_LOCK_DURATION_MS: '1000', QUEUE_LOCK_RENEW_MS: '1000' })).toEqual([
      'QUEUE_LOCK_RENEW_MS: must be shorter than QUEUE_LOCK_DURATION_MS (the lock is renewed before it expires)',
    ]);
  });
});
