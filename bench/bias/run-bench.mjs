// Bias analysis benchmark: upload → completed wall time and the worker's peak RSS for generated
// CSVs (id, y_true, y_pred, score, race, sex, age_group; 6 race groups), against a real API and
// worker process on PostgreSQL + Redis. Usage (from the repository root):
//   node bench/bias/run-bench.mjs [rows …]        default: 1000000 5000000
import { spawn, execFileSync } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { createReadStream } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';

const ROOT = resolve(import.meta.dirname, '..', '..');
// Compiled apart from dist/ so the bench never disturbs anyone's build; inside the repository so
// that node_modules resolves.
const DIST = join(ROOT, 'node_modules', '.cache', 'bias-bench-dist');
const PORT = 3990;
const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const RACES = ['African-American', 'Caucasian', 'Hispanic', 'Asian', 'Native American', 'Other'];
const SEXES = ['Male', 'Female'];
const AGES = ['Less than 25', '25 - 45', 'Greater than 45'];

function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function generate(rows) {
  const path = join(tmpdir(), `bias-bench-${rows}.csv`);
  if (existsSync(path)) return path;
  const random = mulberry32(rows);
  const out = createWriteStream(path);
  out.write('id,y_true,y_pred,score,race,sex,age_group\n');
  let batch = [];
  for (let i = 1; i <= rows; i++) {
    const race = Math.floor(random() * RACES.length);
    const score = Math.min(0.999, random() * (0.7 + race * 0.08));
    const yTrue = random() < 0.3 + race * 0.04 ? 1 : 0;
    batch.push(
      `${i},${yTrue},${score >= 0.5 ? 1 : 0},${score.toFixed(3)},${RACES[race]},${SEXES[random() < 0.5 ? 0 : 1]},${AGES[Math.floor(random() * 3)]}`,
    );
    if (batch.length === 10000) {
      if (!out.write(batch.join('\n') + '\n')) await new Promise((r) => out.once('drain', r));
      batch = [];
    }
  }
  if (batch.length) out.write(batch.join('\n') + '\n');
  await new Promise((r) => out.end(r));
  return path;
}

function start(script, env) {
  const child = spawn(process.execPath, [join(DIST, 'src', script)], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
  return child;
}

async function http(method, path, { token, body, headers = {} } = {}) {
  const res = await fetch(`http://127.0.0.1:${PORT}${path}`, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'Content-Type': 'application/json' } : {}),
      ...headers,
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text);
}

/** Streams the file as multipart/form-data (fields first), never holding it in memory. */
function upload(token, file, config) {
  const boundary = `----bench${Date.now()}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\nbench\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="config"\r\n\r\n${JSON.stringify(config)}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench.csv"\r\nContent-Type: text/csv\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const length = head.length + statSync(file).size + tail.length;
  return new Promise((resolvePromise, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: PORT,
        method: 'POST',
        path: '/api/v1/bias-analysis/scans',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': `multipart/form-data; boundary=${boundary}`,
          'Content-Length': length,
        },
      },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => (res.statusCode === 202 ? resolvePromise(JSON.parse(text)) : reject(new Error(`${res.statusCode} ${text}`))));
      },
    );
    req.on('error', reject);
    req.write(head);
    const stream = createReadStream(file, { highWaterMark: 1 << 20 });
    stream.pipe(req, { end: false });
    stream.on('end', () => req.end(tail));
  });
}

function peakRssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)[1]) / 1024;
}

async function benchOne(rows) {
  const file = await generate(rows);
  const db = `aura_bench_bias_${process.pid}_${rows}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${db}"`);
  const env = {
    ...process.env,
    NODE_ENV: 'development',
    DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${db}`,
    QUEUE_PREFIX: db,
    PORT: String(PORT),
    LOG_LEVEL: 'warn',
    DEV_SECRETS_FILE: join(tmpdir(), `bias-bench-secrets-${process.pid}.json`),
    ADMIN_JS_SKIP_BUNDLE: 'true',
  };
  const api = start('main.js', env);
  const worker = start('worker.js', { ...env, MIGRATIONS_RUN: 'false' });
  try {
    for (let i = 0; ; i++) {
      try {
        await http('GET', '/health');
        break;
      } catch (error) {
        if (i > 120) throw error;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    const session = await http('POST', '/api/v1/auth/register', {
      body: {
        organizationName: `Bench ${rows}`,
        username: `bench${rows}`,
        email: `bench${rows}@example.com`,
        password: 'bench-password-123',
      },
    });
    const token = session.accessToken;
    const config = {
      labelColumn: 'y_true',
      predictionColumn: 'y_pred',
      protectedAttributes: ['race', 'sex', 'age_group'],
      intersections: [['race', 'sex']],
    };
    const began = performance.now();
    const created = await upload(token, file, config);
    const uploaded = performance.now();
    let scan;
    for (;;) {
      scan = await http('GET', `/api/v1/bias-analysis/scans/${created.id}`, { token });
      if (scan.status === 'completed' || scan.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const finished = performance.now();
    if (scan.status !== 'completed') throw new Error(`scan failed: ${scan.error}`);
    const processingSeconds = (new Date(scan.completedAt) - new Date(scan.startedAt)) / 1000;
    return {
      rows,
      fileMb: +(statSync(file).size / 1e6).toFixed(1),
      uploadSeconds: +((uploaded - began) / 1000).toFixed(2),
      processingSeconds: +processingSeconds.toFixed(2),
      rowsPerSecond: Math.round(rows / processingSeconds),
      uploadToCompletedSeconds: +((finished - began) / 1000).toFixed(2),
      workerPeakRssMb: +peakRssMb(worker.pid).toFixed(0),
      apiPeakRssMb: +peakRssMb(api.pid).toFixed(0),
    };
  } finally {
    api.kill();
    worker.kill();
    await Promise.all([api, worker].map((c) => new Promise((r) => (c.exitCode !== null ? r() : c.once('exit', r)))));
    await admin.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
    await admin.end();
  }
}

const sizes = process.argv.slice(2).map(Number);
if (!process.env.BENCH_SKIP_BUILD)
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json', '--outDir', DIST], { cwd: ROOT, stdio: 'inherit' });
console.log(`nproc ${cpus().length}, ${new Date().toISOString()}, node ${process.version}`);
for (const rows of sizes.length ? sizes : [1_000_000, 5_000_000]) console.log(JSON.stringify(await benchOne(rows)));
