import { createHash, randomBytes } from 'node:crypto';

const KEY_PREFIX = 'aura_';

/** A new integration key: 32 random bytes, so a fast SHA-256 is a sufficient hash to store. */
export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { key, prefix: key.slice(0, KEY_PREFIX.length + 8), hash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
