import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';

/** One repository served by the fake: its files and the metadata of GitHub's listing. */
export interface FakeRepository {
  name: string;
  files: Map<string, Buffer>;
  defaultBranch: string | null;
  pushedAt: string;
  archived: boolean;
  fork: boolean;
  /** Sizes reported in the tree instead of the real ones (to model huge files without storing them). */
  reportedSizes: Record<string, number>;
  /** Faults: the tree answers 500 every time; the recursive tree is truncated. */
  failTree: boolean;
  truncateTree: boolean;
}

export interface FakeOrganization {
  id: number;
  repositories: FakeRepository[];
}

export interface FakeGithubOptions {
  organizations: Record<string, FakeOrganization>;
  /** Token → organizations it may read; any other token gets 401 Bad credentials. */
  tokens: Record<string, string[]>;
  /** Repositories per listing page (GitHub caps per_page at 100; smaller pages exercise Link pagination). */
  pageSize?: number;
  latencyMs?: number;
}

export interface LoggedRequest {
  method: string;
  path: string;
  status: number;
}

/** A healthy repository (default branch main, not archived, no faults) with the given files; `meta` overrides any field. */
export function fakeRepository(name: string, files: Record<string, string | Buffer>, meta: Partial<FakeRepository> = {}): FakeRepository {
  return {
    name,
    files: new Map(Object.entries(files).map(([path, content]) => [path, Buffer.isBuffer(content) ? content : Buffer.from(content)])),
    defaultBranch: 'main',
    pushedAt: '2026-10-01T12:00:00Z',
    archived: false,
    fork: false,
    reportedSizes: {},
    failTree: false,
    truncateTree: false,
    ...meta,
  };
}

const sha1 = (data: Buffer | string) => createHash('sha1').update(data).digest('hex');
const gitBlobSha = (content: Buffer) => sha1(Buffer.concat([Buffer.from(`blob ${content.length}\0`), content]));

/** Reads `test/fixtures/github/<org>/<repo>/**` (a `.fixture` suffix is dropped) with the organization's `repositories.json`. */
export function loadFixtureOrganization(directory: string, id: number): FakeOrganization {
  const metadata = JSON.parse(readFileSync(join(directory, 'repositories.json'), 'utf8')) as Record<string, Partial<FakeRepository>>;
  const repositories = Object.entries(metadata).map(([name, meta]) => {
    const root = join(directory, name);
    const files = new Map<string, Buffer>();
    const walk = (dir: string) => {
      for (const entry of existsSync(dir) ? readdirSync(dir) : []) {
        if (entry === '.gitkeep') continue; // keeps an empty fixture repository in git
        const path = join(dir, entry);
        if (statSync(path).isDirectory()) walk(path);
        // TypeScript sources are stored as *.fixture so that the project's type-check leaves them alone.
        else
          files.set(
            relative(root, path)
              .split('\\')
              .join('/')
              .replace(/\.fixture$/, ''),
            readFileSync(path),
          );
      }
    };
    walk(root);
    return fakeRepository(name, Object.fromEntries(files), meta);
  });
  return { id, repositories };
}

/**
 * A local stand-in for the GitHub REST API (the endpoints the scanner uses) on 127.0.0.1 and a
 * random port: paginated listing with Link headers and ETags (304 on If-None-Match), rate-limit
 * headers, 401/404, git trees and blobs, contents, a secondary rate limit on demand and 5xx faults.
 */
export class FakeGithubServer {
  readonly requests: LoggedRequest[] = [];
  /** Paths (regex) whose next request answers a secondary rate limit once. */
  secondaryLimitOnce: RegExp | null = null;
  secondaryLimitHits = 0;
  /** Paths (regex) whose next request finds the primary rate limit exhausted (remaining 0 until the reset, 1 s later). */
  primaryLimitOnce: RegExp | null = null;
  primaryLimitHits = 0;
  /** Revokes a token when a request path first matches (access withdrawn in the middle of a scan). */
  revokeOn: { token: string; path: RegExp } | null = null;
  private readonly server = createServer((req, res) => void this.handle(req, res));
  /** Base URL once started (GITHUB_API_URL for the app and workers). */
  url = '';

  constructor(readonly options: FakeGithubOptions) {}

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  repository(org: string, name: string): FakeRepository {
    const repo = this.options.organizations[org]?.repositories.find((r) => r.name === name);
    if (!repo) throw new Error(`no fake repository ${org}/${name}`);
    return repo;
  }

  /** Simulates a push: replaces files and moves pushed_at. */
  push(org: string, name: string, changes: Record<string, string | null>): void {
    const repo = this.repository(org, name);
    for (const [path, content] of Object.entries(changes)) {
      if (content === null) repo.files.delete(path);
      else repo.files.set(path, Buffer.from(content));
    }
    repo.pushedAt = new Date(Date.parse(repo.pushedAt) + 60_000).toISOString().replace('.000Z', 'Z');
  }

  /** Requests since `mark` (an index into `requests`) that count against GitHub's rate limit (not 304s). */
  budgetSince(mark: number): LoggedRequest[] {
    return this.requests.slice(mark).filter((r) => r.status !== 304);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.options.latencyMs) await new Promise((resolve) => setTimeout(resolve, this.options.latencyMs));
    const url = new URL(req.url ?? '/', this.url);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      this.requests.push({ method: req.method ?? 'GET', path: url.pathname + url.search, status });
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': String(Math.max(0, 5000 - this.requests.filter((r) => r.status !== 304).length)),
        'x-ratelimit-used': String(this.requests.filter((r) => r.status !== 304).length),
        'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
        'x-ratelimit-resource': 'core',
        ...headers,
      });
      res.end(status === 304 ? undefined : JSON.stringify(body));
    };
    const token = /^(?:token|bearer)\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (this.revokeOn && token === this.revokeOn.token && this.revokeOn.path.test(url.pathname)) {
      delete this.options.tokens[this.revokeOn.token];
      this.revokeOn = null;
    }
    const allowed = token ? this.options.tokens[token] : undefined;
    if (!allowed) return send(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
    if (this.secondaryLimitOnce?.test(url.pathname)) {
      this.secondaryLimitOnce = null;
      this.secondaryLimitHits++;
      return send(
        403,
        { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' },
        { 'retry-after': '1' },
      );
    }

    if (this.primaryLimitOnce?.test(url.pathname)) {
      this.primaryLimitOnce = null;
      this.primaryLimitHits++;
      return send(
        403,
        { message: 'API rate limit exceeded for user ID 1.', documentation_url: 'https://docs.github.com/rest/rate-limit' },
        { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 1) },
      );
    }

    const list = /^\/orgs\/([^/]+)\/repos$/.exec(url.pathname);
    if (list) {
      const org = this.options.organizations[list[1]];
      if (!org || !allowed.includes(list[1])) return send(404, { message: 'Not Found' });
      const pageSize = Math.min(this.options.pageSize ?? 100, Number(url.searchParams.get('per_page') ?? 30));
      const page = Math.max(1, Number(url.searchParams.get('page') ?? 1));
      const all = [...org.repositories].sort((a, b) => a.name.localeCompare(b.name));
      const body = all.slice((page - 1) * pageSize, page * pageSize).map((r) => this.summary(list[1], r));
      const etag = `W/"${sha1(JSON.stringify(body))}"`;
      const last = Math.max(1, Math.ceil(all.length / pageSize));
      const link = (p: number, rel: string) => `<${this.url}/organizations/${org.id}/repos?per_page=${pageSize}&page=${p}>; rel="${rel}"`;
      const links = [
        ...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []),
        ...(page > 1 ? [link(1, 'first'), link(page - 1, 'prev')] : []),
      ];
      const headers: Record<string, string> = { etag, ...(links.length ? { link: links.join(', ') } : {}) };
      if (req.headers['if-none-match'] === etag) return send(304, null, headers);
      return send(200, body, headers);
    }

    const repoRoute = /^\/repos\/([^/]+)\/([^/]+)\/(git\/trees|git\/blobs|contents)\/(.+)$/.exec(url.pathname);
    if (repoRoute) {
      const [, owner, name, kind, rest] = repoRoute;
      const repo = allowed.includes(owner) ? this.options.organizations[owner]?.repositories.find((r) => r.name === name) : undefined;
      if (!repo) return send(404, { message: 'Not Found' });
      if (kind === 'git/trees') {
        if (repo.failTree) return send(500, { message: 'Server Error' });
        if (!repo.files.size) return send(409, { message: 'Git Repository is empty.' });
        const tree = this.tree(repo);
        const truncated = repo.truncateTree && url.searchParams.has('recursive');
        return send(200, { sha: sha1(JSON.stringify(tree)), url: '', tree: truncated ? tree.slice(0, 2) : tree, truncated });
      }
      if (kind === 'git/blobs') {
        const content = [...repo.files.values()].find((c) => gitBlobSha(c) === rest);
        if (!content) return send(404, { message: 'Not Found' });
        return send(200, { sha: rest, size: content.length, encoding: 'base64', content: content.toString('base64') });
      }
      const content = repo.files.get(decodeURIComponent(rest));
      if (!content) return send(404, { message: 'Not Found' });
      const path = decodeURIComponent(rest);
      return send(200, {
        type: 'file',
        name: path.split('/').pop(),
        path,
        sha: gitBlobSha(content),
        size: content.length,
        encoding: 'base64',
        content: content.toString('base64'),
      });
    }
    return send(404, { message: 'Not Found' });
  }

  private summary(org: string, repo: FakeRepository) {
    return {
      id: Number.parseInt(sha1(repo.name).slice(0, 8), 16),
      name: repo.name,
      full_name: `${org}/${repo.name}`,
      html_url: `https://github.example/${org}/${repo.name}`,
      private: false,
      fork: repo.fork,
      archived: repo.archived,
      default_branch: repo.defaultBranch,
      pushed_at: repo.pushedAt,
      size: [...repo.files.values()].reduce((n, c) => n + c.length, 0) >> 10,
      language: null,
    };
  }

  private tree(repo: FakeRepository) {
    const directories = new Set<string>();
    for (const path of repo.files.keys()) {
      const parts = path.split('/');
      for (let n = 1; n < parts.length; n++) directories.add(parts.slice(0, n).join('/'));
    }
    return [
      ...[...directories].map((path) => ({ path, mode: '040000', type: 'tree', sha: sha1(path) })),
      ...[...repo.files.entries()].map(([path, content]) => ({
        path,
        mode: '100644',
        type: 'blob',
        sha: gitBlobSha(content),
        size: repo.reportedSizes[path] ?? content.length,
      })),
    ].sort((a, b) => a.path.localeCompare(b.path));
  }
}
