#!/usr/bin/env node
/**
 * API under load next to the same SQL run directly through `pg` (issue 7).
 *
 *   npm run bench:api                       # fresh database aura_bench_api, full scale seed (~2-3 min), then load
 *   npm run bench:api -- --reuse            # reuse the seeded aura_bench_api (pending migrations are applied)
 *   npm run bench:api -- --duration 20 --connections 32 --only risk-items-default,ai-system-detail
 *   npm run bench:api -- --reuse --only risk-item-detail --api floor   # the stack's floor (floor.mjs), or bare (bare.mjs)
 *
 * Steps: (1) create/migrate/seed the database (`seed-scale` code); (2) start the built API
 * (node dist/src/main.js, NODE_ENV=production, logs to a file) and sign in as 32 seeded admins of different
 * organizations; (3) boot the same AppModule in this process once, call every sample request through it and
 * capture, with TypeORM's logger, the exact SQL and parameters it sends (auth lookup, page with its total…);
 * (4) for each scenario, load the API with wrk (or autocannon, --load), then replay the captured SQL of the same samples through a
 * pg Pool with the same number of concurrent clients, each "request" being that sample's queries in order;
 * (5) print p50/p99/requests per second side by side.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { openSync, closeSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import 'reflect-metadata';
import autocannon from 'autocannon';
import pg from 'pg';
import { DataSource } from 'typeorm';

const root = new URL('../../', import.meta.url);
const dist = (path) => new URL(`dist/${path}`, root).href;

const { values: args } = parseArgs({
  options: {
    reuse: { type: 'boolean', default: false },
    database: { type: 'string', default: 'aura_bench_api' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '32' },
    only: { type: 'string' },
    orgs: { type: 'string' },
    'risk-items': { type: 'string' },
    'ai-systems': { type: 'string' },
    mitigations: { type: 'string' },
    'compliance-issues': { type: 'string' },
    'pool-size': { type: 'string' },
    port: { type: 'string', default: '3917' },
    'api-processes': { type: 'string', default: '1' },
    drop: { type: 'boolean', default: false },
    json: { type: 'string' },
    'keep-log': { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    'node-flags': { type: 'string' },
    load: { type: 'string', default: 'wrk' },
    api: { type: 'string', default: 'product' },
  },
  strict: true,
});
const DURATION = Number(args.duration);
const API_PROCESSES = Number(args['api-processes']);
const WARMUP = Number(args.warmup);
const CONNECTIONS = Number(args.connections);
if (!['wrk', 'autocannon'].includes(args.load)) throw new Error('--load is wrk or autocannon');
// --api floor|bare: the same detail route on the bare stack (bench/api/floor.mjs) or on node:http + pg alone (bare.mjs).
if (!['product', 'floor', 'bare'].includes(args.api)) throw new Error('--api is product, floor or bare');
if (args.api !== 'product' && args.only !== 'risk-item-detail') throw new Error(`--api ${args.api} serves only --only risk-item-detail`);
if (args.load === 'wrk') {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
  } catch (error) {
    // wrk prints its version and exits 1; only a missing binary throws ENOENT.
    if (error.code === 'ENOENT') throw new Error('wrk is not installed (apt-get install wrk), or pass --load autocannon');
  }
}
const PG_BASE = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const DATABASE_URL = `${PG_BASE}/${args.database}`;
const API_URL = `http://127.0.0.1:${args.port}`;
const log = (line) => process.stdout.write(`${line}\n`);
const loadavg = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');

const { seedScaleData, parseScaleArgs, SCALE_EMAIL_DOMAIN, SCALE_PASSWORD } = await import(dist('src/cli/seed-scale.js'));
const { loadConfig } = await import(dist('src/config/app-config.js'));
const { buildDataSourceOptions } = await import(dist('src/database/data-source-options.js'));

/** The API's environment: production, fresh secrets, its own queue prefix; the bench process reuses it for capture. */
const apiEnv = {
  ...process.env,
  NODE_ENV: 'production',
  PORT: args.port,
  DATABASE_URL,
  QUEUE_PREFIX: 'aura-bench-api',
  JWT_SECRET: randomBytes(32).toString('hex'),
  ENCRYPTION_KEY: randomBytes(32).toString('hex'),
  ADMIN_SESSION_SECRET: randomBytes(32).toString('hex'),
  ADMIN_JS_SKIP_BUNDLE: 'true',
  MIGRATIONS_RUN: 'true',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
  ...(args['pool-size'] ? { DATABASE_POOL_SIZE: args['pool-size'] } : {}),
};

// ---------------------------------------------------------------------------------------------- 1. database
async function prepareDatabase() {
  const admin = new pg.Client({ connectionString: `${PG_BASE}/postgres` });
  await admin.connect();
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [args.database])).rowCount > 0;
  if (!args.reuse || !exists) {
    await admin.query(`DROP DATABASE IF EXISTS "${args.database}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${args.database}"`);
  }
  await admin.end();
  const dataSource = new DataSource(buildDataSourceOptions(loadConfig({ ...process.env, DATABASE_URL })));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (applied.length) log(`applied ${applied.length} migration(s)`);
    const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM users WHERE email LIKE $1`, [`scale-1-%@${SCALE_EMAIL_DOMAIN}`]);
    if (n > 0) {
      log(`reusing the scale data of ${args.database} (${n} organizations)`);
      await dataSource.query('ANALYZE');
      return { seedSeconds: null };
    }
    const options = parseScaleArgs({
      orgs: args.orgs,
      'risk-items': args['risk-items'],
      'ai-systems': args['ai-systems'],
      mitigations: args.mitigations,
      'compliance-issues': args['compliance-issues'],
    });
    if (typeof options === 'string') throw new Error(options);
    log(`seeding ${JSON.stringify(options)} (load average ${loadavg()})`);
    const started = Date.now();
    const report = await seedScaleData(dataSource, options, log);
    if ('ok' in report) throw new Error(report.message);
    const seedSeconds = (Date.now() - started) / 1000;
    log(`seeded in ${seedSeconds.toFixed(1)} s`);
    return { seedSeconds };
  } finally {
    await dataSource.destroy();
  }
}

// ---------------------------------------------------------------------------------------------- 2. samples
/** 32 organization admins spread over the size range, each with a few of their own ids. */
async function pickSamples(count) {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  const users = (
    await client.query(`SELECT id, email, organization_id FROM users WHERE email LIKE $1 ORDER BY organization_id`, [
      `scale-1-%@${SCALE_EMAIL_DOMAIN}`,
    ])
  ).rows;
  const step = Math.max(1, Math.floor(users.length / count));
  const chosen = users.filter((_, i) => i % step === 0).slice(0, count);
  for (const user of chosen) {
    const ids = async (sql) => (await client.query(sql, [user.organization_id])).rows.map((r) => r.id);
    user.riskItemIds = await ids(`SELECT id FROM risk_items WHERE organization_id = $1 ORDER BY random() LIMIT 8`);
    user.aiSystemIds = await ids(`SELECT id FROM ai_systems WHERE organization_id = $1 ORDER BY random() LIMIT 8`);
    user.mitigatedRiskIds = await ids(
      `SELECT id FROM risk_items r WHERE organization_id = $1 AND EXISTS (SELECT 1 FROM risk_mitigations m WHERE m.risk_item_id = r.id)
        ORDER BY random() LIMIT 8`,
    );
  }
  const volume = (
    await client.query(`SELECT (SELECT count(*) FROM organizations)::int AS organizations, (SELECT count(*) FROM risk_items)::int AS risk_items,
      (SELECT count(*) FROM ai_systems)::int AS ai_systems, (SELECT count(*) FROM risk_mitigations)::int AS mitigations,
      (SELECT count(*) FROM compliance_issues)::int AS compliance_issues`)
  ).rows[0];
  await client.end();
  return { users: chosen, volume };
}

/** Scenarios: each maps (user, k) to one request path; k varies ids and pages. */
const SCENARIOS = [
  { name: 'risk-items-default', label: 'GET /risk-items (page 1, default sort)', path: () => '/api/v1/risk-items' },
  {
    name: 'risk-items-filtered',
    label: 'GET /risk-items?status&severity&sort=severity,createdAt&page&limit=50',
    path: (_u, k) => `/api/v1/risk-items?status=open&severity=high,critical&sort=severity:desc,createdAt:desc&page=${1 + (k % 3)}&limit=50`,
  },
  {
    name: 'risk-items-search',
    label: 'GET /risk-items?q=injection&sort=title',
    path: () => '/api/v1/risk-items?q=injection&sort=title:asc',
  },
  { name: 'risk-items-deep-page', label: 'GET /risk-items?page=10&limit=100', path: () => '/api/v1/risk-items?page=10&limit=100' },
  {
    name: 'risk-item-detail',
    label: 'GET /risk-items/{id}',
    path: (u, k) => `/api/v1/risk-items/${u.riskItemIds[k % u.riskItemIds.length]}`,
  },
  {
    name: 'mitigations-list',
    label: 'GET /risk-items/{id}/mitigations',
    path: (u, k) => `/api/v1/risk-items/${u.mitigatedRiskIds[k % u.mitigatedRiskIds.length]}/mitigations`,
  },
  { name: 'ai-systems-list', label: 'GET /ai-systems?sort=name', path: () => '/api/v1/ai-systems?sort=name:asc' },
  {
    name: 'ai-system-detail',
    label: 'GET /ai-systems/{id}',
    path: (u, k) => `/api/v1/ai-systems/${u.aiSystemIds[k % u.aiSystemIds.length]}`,
  },
  { name: 'compliance-issues-list', label: 'GET /compliance-issues?status=open', path: () => '/api/v1/compliance-issues?status=open' },
];
const SAMPLES_PER_USER = 4;

/** CPU seconds (user + system) used so far by a process and its children (the cluster workers), from /proc. */
function cpuSeconds(rootPid) {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const [pid, ppid] = [Number(entry), Number(fields[1])];
    if (pid === rootPid || ppid === rootPid) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / 100; // CLK_TCK
}

// ---------------------------------------------------------------------------------------------- 3. API
async function startApi() {
  const busy = await fetch(`${API_URL}/health`).then(
    () => true,
    () => false,
  );
  if (busy) throw new Error(`port ${args.port} is already in use (a previous run's API?); pass --port`);
  const logFile = `${os.tmpdir()}/aura-bench-api-${process.pid}.log`;
  const out = openSync(logFile, 'w');
  // One process runs main.js as deployed; several run it under node:cluster on the same port (bench/api/cluster.mjs).
  const entry =
    args.api !== 'product'
      ? new URL(`bench/api/${args.api}.mjs`, root).pathname
      : API_PROCESSES > 1
        ? new URL('bench/api/cluster.mjs', root).pathname
        : new URL('dist/src/main.js', root).pathname;
  // --cpu-prof <dir>: V8 CPU profiles of the API process(es), written when they exit.
  const profile = args['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', args['cpu-prof']] : [];
  // --node-flags '…': options for the API's node (V8 heap sizes, say); cluster workers inherit them.
  const nodeFlags = args['node-flags']?.split(/\s+/).filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeFlags, ...profile, entry], {
    env: { ...apiEnv, BENCH_API_PROCESSES: String(API_PROCESSES) },
    cwd: new URL('.', root).pathname,
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the API exited (${child.exitCode}); see ${logFile}:\n${readFileSync(logFile, 'utf8').slice(-2000)}`);
    try {
      if ((await fetch(`${API_URL}/health`)).ok) return { child, logFile };
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  child.kill('SIGKILL');
  throw new Error(`the API did not become healthy in 120 s; see ${logFile}`);
}

async function signIn(baseUrl, users) {
  for (const user of users) {
    const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: user.email, password: SCALE_PASSWORD }),
    });
    if (!res.ok) throw new Error(`sign-in as ${user.email} failed: ${res.status} ${await res.text()}`);
    user.authorization = `Bearer ${(await res.json()).accessToken}`;
  }
}

// ---------------------------------------------------------------------------------------------- 4. capture
/** Boots AppModule in this process (same env) and records the SQL each sample request sends. */
async function captureQueries(samplesByScenario, users) {
  // PORT is unused (the capture app listens on a random port); its request logs are not wanted here.
  Object.assign(process.env, apiEnv, { PORT: String(Number(args.port) + 1), LOG_LEVEL: 'silent' });
  const { NestFactory } = await import('@nestjs/core');
  const { AppModule } = await import(dist('src/app.module.js'));
  const { configureApp } = await import(dist('src/configure-app.js'));
  const app = await NestFactory.create(AppModule, { logger: ['error'], rawBody: true, abortOnError: false });
  configureApp(app);
  await app.listen(0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${app.getHttpServer().address().port}`;
  const dataSource = app.get(DataSource);
  let capturing = null;
  const original = dataSource.logger;
  dataSource.logger = {
    logQuery: (sql, parameters) => capturing?.push({ sql, parameters: parameters ?? [] }),
    logQueryError: (...a) => original.logQueryError(...a),
    logQuerySlow: (...a) => original.logQuerySlow(...a),
    logSchemaBuild: () => undefined,
    logMigration: () => undefined,
    log: () => undefined,
  };
  // Tokens of this in-process app are signed with the same JWT_SECRET as the spawned API's.
  for (const samples of Object.values(samplesByScenario)) {
    for (const sample of samples) {
      capturing = [];
      const res = await fetch(`${baseUrl}${sample.path}`, { headers: { authorization: sample.authorization } });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`capture: GET ${sample.path} answered ${res.status}: ${body.slice(0, 300)}`);
      sample.queries = capturing;
      capturing = null;
    }
  }
  await app.close();
  return users;
}

// ---------------------------------------------------------------------------------------------- 5. load
/** CPU seconds of this process's finished, waited-for children (cutime + cstime): the wrk runs. */
function childrenCpuSeconds() {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

/**
 * Loads the API with the scenario's samples in turn. wrk (C, one thread) is the default: on two shared cores the
 * load generator's own CPU is taken from the API and PostgreSQL, and autocannon (JavaScript) uses several times
 * more per request; "load CPU ms/req" reports it either way.
 */
async function loadApi(samples, seconds, apiPid) {
  const cpuBefore = apiPid ? cpuSeconds(apiPid) : 0;
  const result = args.load === 'wrk' ? await runWrk(samples, seconds) : await runAutocannon(samples, seconds);
  return {
    ...result,
    // CPU the API processes spent per request: robust to other load on the machine, unlike latency.
    cpuMsPerRequest: apiPid ? ((cpuSeconds(apiPid) - cpuBefore) * 1000) / Math.max(1, result.requests) : NaN,
  };
}

async function runWrk(samples, seconds) {
  const samplesFile = `${os.tmpdir()}/aura-bench-api-samples-${process.pid}.tsv`;
  writeFileSync(samplesFile, samples.map((s) => `${s.path}\t${s.authorization}\n`).join(''));
  const script = new URL('bench/api/wrk-samples.lua', root).pathname;
  const cpuBefore = childrenCpuSeconds();
  const wrkArgs = ['-t1', `-c${CONNECTIONS}`, `-d${seconds}s`, '--timeout', '30s', '-s', script, API_URL, '--', samplesFile];
  const output = await new Promise((resolve, reject) => {
    const child = spawn('wrk', wrkArgs, { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (chunk) => (text += chunk));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`wrk exited ${code}: ${text}`))));
  });
  unlinkSync(samplesFile);
  const line = output.split('\n').find((l) => l.startsWith('{"requests"'));
  if (!line) throw new Error(`no result from wrk:\n${output}`);
  const r = JSON.parse(line);
  return {
    p50: r.p50Us / 1000,
    p99: r.p99Us / 1000,
    rps: r.requests / (r.durationUs / 1e6),
    requests: r.requests,
    errors: r.connect + r.read + r.write + r.status + r.timeout,
    loadCpuMsPerRequest: ((childrenCpuSeconds() - cpuBefore) * 1000) / Math.max(1, r.requests),
  };
}

async function runAutocannon(samples, seconds) {
  let next = 0;
  const cpuBefore = process.cpuUsage();
  const result = await autocannon({
    url: API_URL,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => {
          const sample = samples[next++ % samples.length];
          return { ...request, path: sample.path, headers: { ...request.headers, authorization: sample.authorization } };
        },
      },
    ],
  });
  const cpu = process.cpuUsage(cpuBefore);
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: result.requests.total / seconds,
    requests: result.requests.total,
    errors: result.errors + result.timeouts + result.non2xx,
    loadCpuMsPerRequest: (cpu.user + cpu.system) / 1000 / Math.max(1, result.requests.total),
  };
}

async function loadDirect(pool, samples, seconds) {
  const latencies = [];
  let next = 0;
  let errors = 0;
  const until = Date.now() + seconds * 1000;
  const worker = async () => {
    while (Date.now() < until) {
      const sample = samples[next++ % samples.length];
      const started = process.hrtime.bigint();
      try {
        for (const query of sample.queries) await pool.query(query.sql, query.parameters);
      } catch {
        errors++;
      }
      latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { p50: at(0.5), p99: at(0.99), rps: latencies.length / seconds, errors };
}

// ---------------------------------------------------------------------------------------------- main
const startedAt = new Date();
log(`bench:api on ${os.cpus().length} CPUs (${os.cpus()[0]?.model}), load average ${loadavg()}, node ${process.version}`);
const { seedSeconds } = await prepareDatabase();
const { users, volume } = await pickSamples(CONNECTIONS);
log(`data: ${JSON.stringify(volume)}; signing in as ${users.length} organization admins`);
const { child, logFile } = await startApi();
let results = [];
try {
  await signIn(API_URL, users);
  const scenarios = args.only ? SCENARIOS.filter((s) => args.only.split(',').includes(s.name)) : SCENARIOS;
  const samplesByScenario = Object.fromEntries(
    scenarios.map((scenario) => [
      scenario.name,
      users.flatMap((user) =>
        Array.from({ length: SAMPLES_PER_USER }, (_, k) => ({ path: scenario.path(user, k), authorization: user.authorization })),
      ),
    ]),
  );
  await captureQueries(samplesByScenario, users);
  // JIT warm-up over every scenario first, so that the first one measured is not penalized.
  await loadApi(Object.values(samplesByScenario).flat(), Math.max(WARMUP, 5));
  // Idle clients are never closed: pg-pool closes them after 10 s by default, and 32 PostgreSQL backends exiting at once
  // in the middle of the next scenario's API phase stalled every process on the machine for 200–400 ms.
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: CONNECTIONS, idleTimeoutMillis: 0 });
  try {
    for (const scenario of scenarios) {
      const samples = samplesByScenario[scenario.name];
      await loadApi(samples, WARMUP);
      const loadBefore = os.loadavg()[0];
      const api = await loadApi(samples, DURATION, child.pid);
      await loadDirect(pool, samples, WARMUP);
      const direct = await loadDirect(pool, samples, DURATION);
      const queries = samples[0].queries.length;
      results.push({ scenario: scenario.name, label: scenario.label, queries, api, direct, load: [loadBefore, os.loadavg()[0]] });
      log(
        `${scenario.label.padEnd(70)} API p50 ${api.p50.toFixed(1)} ms p99 ${api.p99.toFixed(1)} ms ${api.rps.toFixed(0)} req/s` +
          ` (${api.cpuMsPerRequest.toFixed(2)} CPU ms/req, ${args.load} ${api.loadCpuMsPerRequest.toFixed(2)})` +
          ` | SQL (${queries} queries) p50 ${direct.p50.toFixed(1)} ms p99 ${direct.p99.toFixed(1)} ms ${direct.rps.toFixed(0)} req/s` +
          ` | ratio ${(api.rps / direct.rps).toFixed(2)}${api.errors || direct.errors ? ` | ERRORS api ${api.errors} sql ${direct.errors}` : ''}`,
      );
    }
  } finally {
    await pool.end();
  }
} finally {
  child.kill('SIGTERM');
  await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
}

const table = [
  `| endpoint | SQL per request | API p50 | API p99 | API req/s | API CPU ms/req | ${args.load} CPU ms/req | direct SQL p50 | direct SQL p99 | direct SQL req/s | API/SQL req/s |`,
  `|---|---|---|---|---|---|---|---|---|---|---|`,
  ...results.map(
    (r) =>
      `| ${r.label} | ${r.queries} | ${r.api.p50.toFixed(1)} ms | ${r.api.p99.toFixed(1)} ms | ${r.api.rps.toFixed(0)} | ${r.api.cpuMsPerRequest.toFixed(2)} | ${r.api.loadCpuMsPerRequest.toFixed(2)} | ` +
      `${r.direct.p50.toFixed(1)} ms | ${r.direct.p99.toFixed(1)} ms | ${r.direct.rps.toFixed(0)} | ${(r.api.rps / r.direct.rps).toFixed(2)} |`,
  ),
];
log(
  `\n${startedAt.toISOString()}, ${os.cpus().length} CPUs, ${API_PROCESSES} API process(es), ${CONNECTIONS} connections, ` +
    `${DURATION} s per side, load from ${args.load}, LOG_LEVEL=${apiEnv.LOG_LEVEL}, load average now ${loadavg()}`,
);
if (seedSeconds !== null) log(`seeding took ${seedSeconds.toFixed(1)} s`);
log(table.join('\n'));
const missed = results.filter((r) => r.api.p99 >= 50 || r.api.rps < r.direct.rps / 2 || r.api.errors);
log(
  missed.length
    ? `\ntargets missed (p99 < 50 ms, API ≥ half of direct SQL): ${missed.map((r) => r.scenario).join(', ')}`
    : '\nall targets met',
);
if (args.json) {
  const { writeFileSync } = await import('node:fs');
  writeFileSync(args.json, JSON.stringify({ startedAt, cpus: os.cpus().length, volume, seedSeconds, results }, null, 2));
}
if (args['keep-log']) log(`API log: ${logFile}`);
else unlinkSync(logFile);
if (args.drop) {
  const admin = new pg.Client({ connectionString: `${PG_BASE}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${args.database}" WITH (FORCE)`);
  await admin.end();
  log(`dropped ${args.database}`);
}
process.exit(0);
