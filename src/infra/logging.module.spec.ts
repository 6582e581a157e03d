import { Writable } from 'node:stream';
import pino from 'pino';
import { REDACTED_PATHS, redactUrl } from './logging.module.js';

function logLine(object: Record<string, unknown>): string {
  let output = '';
  const sink = new Writable({
    write(chunk, _encoding, done) {
      output += String(chunk);
      done();
    },
  });
  pino({ redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink).info(object, 'event');
  return output;
}

describe('log redaction', () => {
  it('censors secrets in request headers and in any logged object', () => {
    const line = logLine({
      req: { headers: { authorization: 'Bearer eyJhbGciOi', 'x-api-key': 'aura_live_123', cookie: 'aura_admin=s%3Aabc' } },
      res: { headers: { 'set-cookie': 'aura_admin=s%3Aabc' } },
      body: { password: 'hunter22', newPassword: 'hunter23', token: 'ghp_abc', webhookSecret: 'whsec', keyHash: 'deadbeef' },
      config: {
        sessionSecret: 'session-secret-value',
        jwtSecret: 'jwt-secret-value',
        encryptionKey: 'encryption-key-value',
        githubToken: 'ghp_def',
      },
    });
    for (const secret of [
      'eyJhbGciOi',
      'aura_live_123',
      's%3Aabc',
      'hunter22',
      'hunter23',
      'ghp_abc',
      'whsec',
      'deadbeef',
      'session-secret-value',
      'jwt-secret-value',
      'encryption-key-value',
      'ghp_def',
    ]) {
      expect(line).not.toContain(secret);
    }
    expect(line).toContain('[redacted]');
  });

  it('replaces the values of secret-looking query parameters in URLs', () => {
    expect(redactUrl('/api/v1/things?page=2&token=abc123&api_key=xyz&sort=name:asc')).toBe(
      '/api/v1/things?page=2&token=[redacted]&api_key=[redacted]&sort=name%3Aasc',
    );
    expect(redactUrl('/health')).toBe('/health');
    expect(redactUrl('/callback?code=oauth-code&state=s')).toBe('/callback?code=[redacted]&state=s');
  });
});
