import { createHmac, randomBytes } from 'node:crypto';

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** A compact JWS signed with HMAC (or unsigned for `alg: none`), built by hand so that nothing in it is validated on the way. */
export function signJwt(payload: Record<string, unknown>, secret: string | null, alg: 'HS256' | 'HS512' | 'none' = 'HS256'): string {
  const head = `${base64url(JSON.stringify({ alg, typ: 'JWT' }))}.${base64url(JSON.stringify(payload))}`;
  if (alg === 'none' || secret === null) return `${head}.`;
  const signature = createHmac(alg === 'HS256' ? 'sha256' : 'sha512', secret)
    .update(head)
    .digest();
  return `${head}.${base64url(signature)}`;
}

export interface CredentialVariant {
  name: string;
  headers: Record<string, string>;
}

/**
 * Credentials that must all be refused with 401, aimed at a real user (`userId` of `organizationId`)
 * so that only the credential itself is wrong. `jwtSecret` is the app's real signing secret.
 */
export function invalidCredentials(user: { userId: number; organizationId: number }, jwtSecret: string): CredentialVariant[] {
  const now = Math.floor(Date.now() / 1000);
  const claims = { sub: user.userId, org: user.organizationId, typ: 'access', iat: now };
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const randomSecret = randomBytes(32).toString('hex');
  return [
    { name: 'no credentials', headers: {} },
    { name: 'a JWT with a forged signature', headers: bearer(signJwt({ ...claims, exp: now + 3600 }, randomSecret)) },
    {
      name: 'an expired JWT signed with the real secret',
      headers: bearer(signJwt({ ...claims, iat: now - 7200, exp: now - 3600 }, jwtSecret)),
    },
    { name: 'an alg:none JWT', headers: bearer(signJwt({ ...claims, exp: now + 3600 }, null, 'none')) },
    { name: 'a JWT signed with the real secret but HS512', headers: bearer(signJwt({ ...claims, exp: now + 3600 }, jwtSecret, 'HS512')) },
    {
      name: 'a JWT (real secret) naming another organization than the user’s',
      headers: bearer(signJwt({ ...claims, org: user.organizationId + 100_000, exp: now + 3600 }, jwtSecret)),
    },
    {
      name: 'a JWT (real secret) that is not an access token',
      headers: bearer(signJwt({ ...claims, typ: 'refresh', exp: now + 3600 }, jwtSecret)),
    },
    { name: 'a garbage bearer', headers: bearer(`garbage-${randomBytes(12).toString('hex')}`) },
    { name: 'a Basic authorization', headers: { Authorization: `Basic ${base64url(`admin:${randomBytes(6).toString('hex')}`)}` } },
    { name: 'an unknown X-API-Key', headers: { 'X-API-Key': `aura_${randomBytes(24).toString('base64url')}` } },
  ];
}
