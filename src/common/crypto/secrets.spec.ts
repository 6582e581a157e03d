import { createHmac, randomBytes } from 'node:crypto';
import { decryptSecret, encryptSecret, generateWebhookSecret, signBody, verifySignature } from './secrets.js';

describe('stored secrets (AES-256-GCM)', () => {
  const key = randomBytes(32);

  it('round-trip, with a fresh IV each time and no plaintext in the stored value', () => {
    const token = 'ghp_exampleToken1234567890';
    const a = encryptSecret(token, key);
    expect(a).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(encryptSecret(token, key)).not.toBe(a);
    expect(a).not.toContain(token);
    expect(decryptSecret(a, key)).toBe(token);
  });

  it('refuse a tampered value, another key or an unknown format', () => {
    const stored = encryptSecret('ghp_secret', key);
    const parts = stored.split('.');
    parts[3] = Buffer.from('ghp_other!').toString('base64url');
    expect(() => decryptSecret(parts.join('.'), key)).toThrow();
    expect(() => decryptSecret(stored, randomBytes(32))).toThrow();
    expect(() => decryptSecret('v0.a.b.c', key)).toThrow(/unknown secret encryption format/);
  });
});

describe('webhook signatures', () => {
  it('generate secrets with a recognisable prefix', () => {
    expect(generateWebhookSecret()).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
  });

  it('sign and accept only the HMAC-SHA256 of the exact body', () => {
    const body = Buffer.from('[{"a":1}]');
    const signature = signBody(body, 'whsec_x');
    expect(signature).toBe(`sha256=${createHmac('sha256', 'whsec_x').update(body).digest('hex')}`);
    expect(signBody('[{"a":1}]', 'whsec_x')).toBe(signature);
    expect(verifySignature(body, signature, 'whsec_x')).toBe(true);
    expect(verifySignature(body, signature.toUpperCase().replace('SHA256', 'sha256'), 'whsec_x')).toBe(true);
    expect(verifySignature(Buffer.from('[{"a":2}]'), signature, 'whsec_x')).toBe(false);
    expect(verifySignature(body, signature, 'whsec_y')).toBe(false);
    expect(verifySignature(body, undefined, 'whsec_x')).toBe(false);
    expect(verifySignature(body, signature.slice(0, -2), 'whsec_x')).toBe(false);
    expect(verifySignature(body, signature.replace('sha256=', 'sha1='), 'whsec_x')).toBe(false);
  });
});
