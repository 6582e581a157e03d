import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FeedFetchError, fetchFeed, parseRetryAfter } from './feed-fetcher.js';

const LIMITS = { timeoutMs: 1000, maxBytes: 10_000 };
const NO_VALIDATORS = { etag: null, lastModified: null };

describe('fetchFeed', () => {
  let server: Server;
  let base: string;
  const seen: Array<Record<string, string | string[] | undefined>> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.headers);
      const path = req.url ?? '/';
      if (path === '/feed') {
        if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304).end();
        return void res
          .writeHead(200, { etag: '"v1"', 'last-modified': 'Tue, 05 May 2026 09:00:00 GMT', 'content-type': 'application/rss+xml' })
          .end('<rss/>');
      }
      if (path.startsWith('/hop/')) {
        const n = Number(path.slice(5));
        return void res.writeHead(302, { location: n > 0 ? `/hop/${n - 1}` : '/feed' }).end();
      }
      if (path === '/busy') return void res.writeHead(429, { 'retry-after': '120' }).end();
      if (path === '/loop') return void res.writeHead(301, { location: '/loop' }).end();
      if (path === '/no-location') return void res.writeHead(302).end();
      if (path === '/declared-huge') return void res.writeHead(200, { 'content-length': '50000' }).end('x'.repeat(50_000));
      if (path === '/streamed-huge') {
        res.writeHead(200);
        for (let i = 0; i < 20; i++) res.write('x'.repeat(1000));
        return void res.end();
      }
      if (path === '/stall') {
        res.writeHead(200);
        res.write('<rss>');
        return;
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('returns the body with its validators, and sends them back as a conditional request (304)', async () => {
    const first = await fetchFeed(`${base}/feed`, NO_VALIDATORS, LIMITS);
    expect(first).toMatchObject({
      notModified: false,
      etag: '"v1"',
      lastModified: 'Tue, 05 May 2026 09:00:00 GMT',
      finalUrl: `${base}/feed`,
    });
    const second = await fetchFeed(`${base}/feed`, { etag: '"v1"', lastModified: 'Tue, 05 May 2026 09:00:00 GMT' }, LIMITS);
    expect(second).toEqual({ notModified: true, finalUrl: `${base}/feed` });
    expect(seen.at(-1)).toMatchObject({ 'if-none-match': '"v1"', 'if-modified-since': 'Tue, 05 May 2026 09:00:00 GMT' });
  });

  it('follows up to 5 redirects (relative Locations) and reports the final URL', async () => {
    expect(await fetchFeed(`${base}/hop/4`, NO_VALIDATORS, LIMITS)).toMatchObject({ finalUrl: `${base}/feed` });
    await expect(fetchFeed(`${base}/hop/5`, NO_VALIDATORS, LIMITS)).rejects.toThrow(/more than 5 redirects/);
    await expect(fetchFeed(`${base}/loop`, NO_VALIDATORS, LIMITS)).rejects.toThrow(/more than 5 redirects/);
    await expect(fetchFeed(`${base}/no-location`, NO_VALIDATORS, LIMITS)).rejects.toThrow(/without a usable Location/);
  });

  it('refuses bodies over the limit, declared or streamed', async () => {
    await expect(fetchFeed(`${base}/declared-huge`, NO_VALIDATORS, LIMITS)).rejects.toThrow(/too large \(50000 bytes/);
    await expect(fetchFeed(`${base}/streamed-huge`, NO_VALIDATORS, LIMITS)).rejects.toThrow(/too large \(more than 10000 bytes/);
  });

  it('times out on a body that never ends, and reports HTTP and connection errors', async () => {
    await expect(fetchFeed(`${base}/stall`, NO_VALIDATORS, { ...LIMITS, timeoutMs: 300 })).rejects.toThrow(/timed out after 300 ms/);
    await expect(fetchFeed(`${base}/missing`, NO_VALIDATORS, LIMITS)).rejects.toThrow(/HTTP 404/);
    await expect(fetchFeed('http://127.0.0.1:1/feed', NO_VALIDATORS, LIMITS)).rejects.toThrow(/fetch failed/);
  });

  it('reports the Retry-After of a throttled answer', async () => {
    const error = (await fetchFeed(`${base}/busy`, NO_VALIDATORS, LIMITS).catch((e: unknown) => e)) as FeedFetchError;
    expect(error).toBeInstanceOf(FeedFetchError);
    expect(error.message).toMatch(/HTTP 429/);
    expect(error.retryAfter!.getTime() - Date.now()).toBeGreaterThan(110_000);
  });
});

describe('parseRetryAfter', () => {
  const now = new Date('2026-05-06T00:00:00Z');
  it('reads delay seconds and HTTP dates', () => {
    expect(parseRetryAfter('30', now)?.toISOString()).toBe('2026-05-06T00:00:30.000Z');
    expect(parseRetryAfter('Wed, 06 May 2026 01:00:00 GMT', now)?.toISOString()).toBe('2026-05-06T01:00:00.000Z');
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
  });
});
