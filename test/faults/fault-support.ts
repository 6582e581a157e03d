import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bootstrapPlatformAdmin } from '../../src/cli/commands.js';
import { loadConfig } from '../../src/config/app-config.js';
import { buildDataSourceOptions } from '../../src/database/data-source-options.js';
import { seededRandom } from '../../src/modules/bias-analysis/metrics/bootstrap.js';
import type { OracleCounts } from '../support/bias-oracle.js';
import { unique, type Session } from '../support/factories.js';
import { fakeRepository, FakeGithubServer, type FakeOrganization, type FakeRepository } from '../support/fake-github-server.js';
import { killAllProcesses } from '../support/processes.js';
import { RedisInstance } from '../support/service-instances.js';
import { createTestDatabase } from '../support/test-database.js';
import { waitFor } from '../support/test-app.js';

/**
 * Bull timings for the fault tests: a dead worker's job is taken over about 5–7 s after the kill
 * instead of 30–45 s. Renewing every 1.25 s keeps a live worker's lock safe on a loaded machine.
 */
export const FAST_RECOVERY_ENV = {
  QUEUE_LOCK_DURATION_MS: '5000',
  QUEUE_LOCK_RENEW_MS: '1250',
  QUEUE_STALLED_INTERVAL_MS: '2000',
};

export interface GithubFaultServices {
  redis: RedisInstance;
  github: FakeGithubServer;
  database: Awaited<ReturnType<typeof createTestDatabase>>;
  /** The product processes' environment: these services, GITHUB_SCAN_CONCURRENCY 2, FAST_RECOVERY_ENV, `extraEnv`. */
  env: Record<string, string>;
  /** Kills every process the test started, then stops the services and drops the database. */
  close(): Promise<void>;
}

/**
 * A GitHub fault test's own services: a Redis of its own (it may be flushed or killed), a fake GitHub serving one
 * organization to one token with a latency per request, and a database.
 */
export async function startGithubFaultServices(options: {
  organization: [name: string, FakeOrganization];
  token: string;
  latencyMs: number;
  extraEnv?: Record<string, string>;
}): Promise<GithubFaultServices> {
  const [name, organization] = options.organization;
  const redis = await RedisInstance.start();
  const github = new FakeGithubServer({
    organizations: { [name]: organization },
    tokens: { [options.token]: [name] },
    latencyMs: options.latencyMs,
  });
  await github.start();
  const database = await createTestDatabase();
  const env = {
    DATABASE_URL: database.url,
    REDIS_URL: redis.url,
    QUEUE_PREFIX: database.name,
    GITHUB_API_URL: github.url,
    GITHUB_TOKEN: options.token,
    GITHUB_SCAN_CONCURRENCY: '2',
    ...FAST_RECOVERY_ENV,
    ...options.extraEnv,
  };
  const close = async () => {
    await killAllProcesses();
    await redis.close();
    await github.close();
    await database.drop();
  };
  return { redis, github, database, env, close };
}

export interface TimedResponse {
  status: number;
  body: Record<string, unknown>;
  elapsedMs: number;
}

/** One HTTP request with a hard deadline: a hang fails the test instead of stalling it. */
export async function timedFetch(url: string, init: RequestInit = {}, timeoutMs = 15_000): Promise<TimedResponse> {
  const started = Date.now();
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  const text = await res.text();
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = { raw: text };
  }
  return { status: res.status, body, elapsedMs: Date.now() - started };
}

/** Asserts the contract's error shape for a TimedResponse. */
export function expectErrorShape(res: TimedResponse, status: number): string {
  expect({ status: res.status, body: res.body }).toEqual({
    status,
    body: expect.objectContaining({ statusCode: status, error: expect.any(String), message: expect.any(String) }),
  });
  return res.body.message as string;
}

/** Creates a platform admin in the database directly (as `npm run cli -- bootstrap` does) and signs in through `apiUrl`. */
export async function createPlatformAdminIn(databaseUrl: string, apiUrl: string): Promise<Session> {
  const dataSource = new DataSource(buildDataSourceOptions(loadConfig({ ...process.env, DATABASE_URL: databaseUrl })));
  await dataSource.initialize();
  const username = unique('platform-admin');
  const email = `${username}@example.com`;
  const password = 'platform-admin-password';
  try {
    const result = await bootstrapPlatformAdmin(dataSource, { org: unique('Platform Org '), email, username, password });
    if (!result.ok) throw new Error(result.message);
  } finally {
    await dataSource.destroy();
  }
  const res = await request(apiUrl).post('/api/v1/auth/login').send({ email, password }).expect(200);
  return {
    token: res.body.accessToken,
    userId: res.body.user.id,
    organizationId: res.body.user.organizationId,
    email,
    password,
    auth: { Authorization: `Bearer ${res.body.accessToken}` },
  };
}

/**
 * A pass-through HTTP proxy in front of the fake GitHub, one per worker process: the test sees
 * which worker is talking to GitHub and how many of its requests are in flight right now.
 */
export class CountingProxy {
  inFlight = 0;
  readonly paths: string[] = [];
  private readonly server: Server;
  url = '';

  /** `hold`: requests it matches are never answered, as if the worker were stuck on them. */
  constructor(
    private readonly target: string,
    private readonly hold?: RegExp,
  ) {
    this.server = createServer((req, res) => {
      this.inFlight++;
      this.paths.push(req.url ?? '');
      const done = () => {
        this.inFlight = Math.max(0, this.inFlight - 1);
      };
      res.once('close', done);
      if (this.hold?.test(req.url ?? '')) return;
      const upstream = httpRequest(`${this.target}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.once('error', () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      req.pipe(upstream);
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Requests for a repository's git tree: one per repository job that started scanning. */
  treeRequests(): string[] {
    return this.paths.filter((p) => p.includes('/git/trees/'));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * A synthetic GitHub organization of `count` repositories: every third one uses the OpenAI SDK
 * (requirements.txt), the others only ordinary packages. Returns the names expected with AI usage.
 */
export function syntheticOrganization(id: number, count: number, prefix = 'service'): { organization: FakeOrganization; withAi: string[] } {
  const repositories: FakeRepository[] = [];
  const withAi: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = `${prefix}-${String(i).padStart(3, '0')}`;
    const usesAi = i % 3 === 0;
    if (usesAi) withAi.push(name);
    repositories.push(
      fakeRepository(name, {
        'requirements.txt': usesAi ? 'openai==1.40.0\nrequests==2.32.0\n' : 'requests==2.32.0\nflask==3.0.0\n',
        'README.md': `# ${name}\n`,
        'app/main.py': usesAi ? 'from openai import OpenAI\nclient = OpenAI()\n' : 'import requests\n',
      }),
    );
  }
  return { organization: { id, repositories }, withAi };
}

export const BIAS_CONFIG = {
  labelColumn: 'y_true',
  predictionColumn: 'y_pred',
  protectedAttributes: ['race', 'sex'],
};

/**
 * A deterministic labelled dataset (id-free, 8–9 bytes a row) with group-dependent base and
 * selection rates, and the confusion counts per group computed while writing it: the independent
 * expectation an analysis must reproduce.
 */
export function generateBiasCsv(rows: number, seed = 7): { csv: Buffer; counts: Record<'race' | 'sex', OracleCounts[]> } {
  const random = seededRandom(seed);
  const races = ['A', 'B', 'C', 'D'];
  const sexes = ['F', 'M'];
  const tallies = new Map<string, OracleCounts>();
  const tally = (group: string, y: number, p: number) => {
    let t = tallies.get(group);
    if (!t) tallies.set(group, (t = { group, n: 0, tp: 0, fp: 0, fn: 0, tn: 0 }));
    t.n++;
    if (y && p) t.tp++;
    else if (!y && p) t.fp++;
    else if (y && !p) t.fn++;
    else t.tn++;
  };
  const parts: string[] = ['y_true,y_pred,race,sex'];
  for (let i = 0; i < rows; i++) {
    const race = races[Math.floor(random() * races.length)];
    const sex = sexes[Math.floor(random() * sexes.length)];
    const base = 0.3 + races.indexOf(race) * 0.08;
    const y = random() < base ? 1 : 0;
    const selection = y ? 0.75 - races.indexOf(race) * 0.05 : 0.2 + (sex === 'M' ? 0.06 : 0);
    const p = random() < selection ? 1 : 0;
    parts.push(`${y},${p},${race},${sex}`);
    tally(`race=${race}`, y, p);
    tally(`sex=${sex}`, y, p);
  }
  const sorted = (prefix: string) =>
    [...tallies.values()]
      .filter((t) => t.group.startsWith(prefix))
      .sort((a, b) => a.group.localeCompare(b.group))
      .map((t) => ({ ...t, group: t.group.slice(prefix.length) }));
  return { csv: Buffer.from(parts.join('\n') + '\n'), counts: { race: sorted('race='), sex: sorted('sex=') } };
}

export interface BiasResultRow {
  metricName: string;
  score: number | null;
  status: string;
  demographicGroup: string;
  additionalData: Record<string, unknown>;
}

/** Every result row of a bias scan, through the API's pages. */
export async function biasResults(apiUrl: string, session: Session, scanId: number): Promise<BiasResultRow[]> {
  const rows: BiasResultRow[] = [];
  for (let page = 1; ; page++) {
    const res = await request(apiUrl)
      .get(`/api/v1/bias-analysis/scans/${scanId}/results?limit=100&page=${page}`)
      .set(session.auth)
      .expect(200);
    rows.push(...res.body.data);
    if (page >= res.body.meta.totalPages) return rows;
  }
}

/** Uploads a CSV for analysis (202) and returns the scan id. */
export async function uploadBiasScan(apiUrl: string, session: Session, csv: Buffer, name = 'Fault test scan'): Promise<number> {
  const res = await request(apiUrl)
    .post('/api/v1/bias-analysis/scans')
    .set(session.auth)
    .field('name', name)
    .field('config', JSON.stringify(BIAS_CONFIG))
    .attach('file', csv, { filename: 'data.csv', contentType: 'text/csv' });
  if (res.status !== 202) throw new Error(`upload answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.id as number;
}

/** Polls a bias scan until `accept` returns true for its status; returns the scan. */
export async function waitForBiasStatus(
  apiUrl: string,
  session: Session,
  scanId: number,
  accept: (status: string) => boolean,
  timeoutMs = 90_000,
): Promise<{ status: string; error: string | null; rowCount: number | null; progress: number }> {
  return waitFor(
    async () => {
      const res = await request(apiUrl).get(`/api/v1/bias-analysis/scans/${scanId}`).set(session.auth);
      return res.status === 200 && accept(res.body.status) ? res.body : undefined;
    },
    timeoutMs,
    50,
  );
}

/** Polls a GitHub scan run until it is completed or failed. */
export async function waitForGithubRun(
  apiUrl: string,
  session: Session,
  configId: number,
  runId: number,
  timeoutMs = 90_000,
): Promise<Record<string, unknown> & { status: string }> {
  return waitFor(async () => {
    const res = await request(apiUrl).get(`/api/v1/github/scan-configs/${configId}/scans/${runId}`).set(session.auth);
    return res.status === 200 && ['completed', 'failed'].includes(res.body.status) ? res.body : undefined;
  }, timeoutMs);
}

/** One query on its own connection. */
export async function queryDatabase<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Runs `body`; on failure, appends the recent output of the given processes to the error. */
export async function withProcessOutput<T>(output: () => string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof Error) error.message = `${error.message}\n\nProcess output:\n${output()}`;
    throw error;
  }
}
