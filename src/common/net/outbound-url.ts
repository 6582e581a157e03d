import { BadRequestException } from '@nestjs/common';
import { lookup } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { lookup as lookupCallback } from 'node:dns';

/**
 * Outbound requests to URLs that organizations configure (notification webhooks) must never reach
 * the platform's own network (SSRF): private, loopback, link-local (cloud metadata), carrier-grade
 * NAT, multicast and reserved ranges are refused, by address after DNS resolution, both when the
 * URL is saved and again when the connection is made (so DNS rebinding cannot slip through).
 * ALLOW_PRIVATE_URLS=true lifts this for tests and on-premise installs.
 */
const BLOCKED = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  BLOCKED.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  BLOCKED.addSubnet(network, prefix, 'ipv6');
}

/** True for addresses no organization-configured URL may reach (IPv4-mapped IPv6 judged as IPv4). */
export function isBlockedAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return BLOCKED.check(mapped[1], 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return BLOCKED.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** Validates a URL an organization wants the platform to call: absolute http(s), public addresses only. */
export async function assertPublicHttpUrl(field: string, url: string, allowPrivate: boolean): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new BadRequestException(`${field} must be an absolute http(s) URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new BadRequestException(`${field} must be an absolute http(s) URL`);
  if (parsed.username || parsed.password) throw new BadRequestException(`${field} must not contain credentials`);
  if (allowPrivate) return;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
  } catch {
    throw new BadRequestException(`${field}: the host ${host} cannot be resolved`);
  }
  if (!addresses.length || addresses.some(isBlockedAddress)) {
    throw new BadRequestException(`${field} must not point to a private, loopback or link-local address`);
  }
}

/**
 * A `lookup` for node:http(s) requests that refuses blocked addresses at connection time, after
 * resolution: the check and the connection use the same answer.
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    lookupCallback(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as unknown as Array<{ address: string; family: number }>;
      const allowed = allowPrivate ? list : list.filter((entry) => !isBlockedAddress(entry.address));
      if (!allowed.length) {
        return callback(
          Object.assign(new Error(`${hostname} resolves only to private, loopback or link-local addresses`), { code: 'EBLOCKED' }),
          '',
          0,
        );
      }
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: typeof allowed) => void)(null, allowed);
      callback(null, allowed[0].address, allowed[0].family);
    });
  };
}

/**
 * POSTs a body to an organization-configured URL through the guard: no redirects followed, a
 * timeout, and blocked addresses refused at connection time. Resolves with the HTTP status.
 */
export async function postToOutboundUrl(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: { timeoutMs: number; allowPrivate: boolean },
): Promise<number> {
  const target = new URL(url);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  // Connections to an IP literal skip `lookup`, so they are checked here.
  if (isIP(host) && !options.allowPrivate && isBlockedAddress(host)) {
    throw new Error(`${host} is a private, loopback or link-local address`);
  }
  const { request } = target.protocol === 'https:' ? await import('node:https') : await import('node:http');
  return new Promise<number>((resolve, reject) => {
    const req = request(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: guardedLookup(options.allowPrivate),
        timeout: options.timeoutMs,
      },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
