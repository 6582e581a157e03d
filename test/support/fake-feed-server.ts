import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'frontier');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));

export interface FeedServerStats {
  requests: number;
  notModified: number;
  conditional: number;
}

/**
 * A local feed host for the frontier tests (random port on 127.0.0.1). Feeds answer with ETag and
 * Last-Modified and honour If-None-Match / If-Modified-Since (counting 304s); the tests can
 * publish a new item and edit an entry. Broken paths: a malformed feed, a 500, a 429 with
 * Retry-After, a slow body, a huge chunked body, and a redirect.
 */
export class FakeFeedServer {
  private readonly server = createServer((req, res) => this.handle(req, res));
  private readonly stats = new Map<string, FeedServerStats>();
  private newItemPublished = false;
  private incidentTitle = 'Elevated errors on Claude Sonnet 4.5';
  private readonly slowTimers = new Set<NodeJS.Timeout>();
  baseUrl = '';

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const timer of this.slowTimers) clearTimeout(timer);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  url(path: string): string {
    return `${this.baseUrl}${path}`;
  }

  statsOf(path: string): FeedServerStats {
    return { ...(this.stats.get(path) ?? { requests: 0, notModified: 0, conditional: 0 }) };
  }

  /** Adds one item to the top of /openai/news.rss. */
  publishNewItem(): void {
    this.newItemPublished = true;
  }

  /** Re-issues the status-page incident under the same id with a new title. */
  editIncident(title: string): void {
    this.incidentTitle = title;
  }

  private count(path: string, key: keyof FeedServerStats): void {
    const stats = this.stats.get(path) ?? { requests: 0, notModified: 0, conditional: 0 };
    stats[key]++;
    this.stats.set(path, stats);
  }

  private documents(): Record<string, { body: Buffer; type: string; lastModified: string }> {
    const rss = fixture('openai-news.rss.xml')
      .toString('utf8')
      .replace('<!--NEW-ITEMS-->', this.newItemPublished ? fixture('openai-news.new-item.xml').toString('utf8') : '');
    const atom = fixture('anthropic-status.atom.xml').toString('utf8').replace('{{INCIDENT_TITLE}}', this.incidentTitle);
    return {
      '/openai/news.rss': {
        body: Buffer.from(rss),
        type: 'application/rss+xml; charset=utf-8',
        lastModified: this.newItemPublished ? 'Wed, 06 May 2026 09:00:00 GMT' : 'Tue, 05 May 2026 09:00:00 GMT',
      },
      '/status/history.atom': { body: Buffer.from(atom), type: 'application/atom+xml', lastModified: 'Sun, 03 May 2026 11:00:00 GMT' },
      '/digest/feed.json': {
        body: fixture('ai-news.feed.json'),
        type: 'application/feed+json',
        lastModified: 'Sun, 03 May 2026 00:00:00 GMT',
      },
      '/osv/vulns.json': { body: fixture('advisories.osv.json'), type: 'application/json', lastModified: 'Sat, 02 May 2026 00:00:00 GMT' },
      '/nvd/cves.json': { body: fixture('nvd-cves.json'), type: 'application/json', lastModified: 'Sun, 03 May 2026 00:00:00 GMT' },
      // Charset only in the XML declaration.
      '/mistral/notes.rss': {
        body: fixture('mistral-notes.latin1.rss.xml'),
        type: 'application/rss+xml',
        lastModified: 'Thu, 30 Apr 2026 08:00:00 GMT',
      },
      '/broken/feed.rss': { body: fixture('broken.rss.xml'), type: 'application/rss+xml', lastModified: 'Thu, 30 Apr 2026 08:00:00 GMT' },
    };
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    this.count(path, 'requests');
    if (path === '/old/status.atom') {
      res.writeHead(301, { location: '/status/history.atom' }).end();
      return;
    }
    if (path === '/throttled') {
      res.writeHead(429, { 'retry-after': '3600' }).end('slow down');
      return;
    }
    if (path === '/error') {
      res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
      return;
    }
    if (path === '/slow') {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.write('<?xml version="1.0"?><rss version="2.0"><channel>');
      const timer = setTimeout(() => res.end('</channel></rss>'), 20_000);
      this.slowTimers.add(timer);
      return;
    }
    if (path === '/huge') {
      this.streamHuge(res);
      return;
    }
    const document = this.documents()[path];
    if (!document) {
      res.writeHead(404).end('not found');
      return;
    }
    const etag = `"${createHash('sha1').update(document.body).digest('hex').slice(0, 16)}"`;
    const ifNoneMatch = req.headers['if-none-match'];
    const ifModifiedSince = req.headers['if-modified-since'];
    if (ifNoneMatch || ifModifiedSince) this.count(path, 'conditional');
    const fresh = ifNoneMatch ? ifNoneMatch === etag : ifModifiedSince === document.lastModified;
    if ((ifNoneMatch || ifModifiedSince) && fresh) {
      this.count(path, 'notModified');
      res.writeHead(304, { etag, 'last-modified': document.lastModified }).end();
      return;
    }
    res.writeHead(200, { 'content-type': document.type, etag, 'last-modified': document.lastModified }).end(document.body);
  }

  /** About 2 MB of valid RSS in chunks, without Content-Length: only a streaming size cap stops it. */
  private streamHuge(res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    res.write('<?xml version="1.0"?><rss version="2.0"><channel><title>Huge</title>');
    let remaining = 4000;
    const item = `<item><title>GPT-4o filler</title><description>${'x'.repeat(480)}</description></item>`;
    const writeMore = () => {
      while (remaining > 0) {
        remaining--;
        if (!res.write(item)) {
          res.once('drain', writeMore);
          return;
        }
      }
      res.end('</channel></rss>');
    };
    res.on('error', () => undefined);
    writeMore();
  }
}
