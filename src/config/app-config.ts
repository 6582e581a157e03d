import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_QUEUE_SETTINGS } from '../queue/queue.constants.js';

/**
 * The only place that reads process.env. Every variable is validated once at start-up; a bad or
 * missing value stops the process with a message naming the variable (see ConfigError).
 */
const booleanString = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
    .optional()
    .transform((v) => (v === undefined ? fallback : ['true', '1', 'yes'].includes(v)));

const positiveInt = (fallback: number, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be an integer')
    .min(1, 'must be at least 1')
    .max(max, `must be at most ${max}`)
    .optional()
    .transform((v) => v ?? fallback);

const url = (protocols: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL (${protocols.join(' or ')})` },
  );

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: positiveInt(3000, 65535),
  DATABASE_URL: url(['postgres:', 'postgresql:']).default('postgres://postgres@127.0.0.1:5432/aura'),
  DATABASE_POOL_SIZE: positiveInt(10, 200),
  REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z.string().min(1).max(100).default('aura'),
  // Bull's job lock and stalled-job recovery (see DEFAULT_QUEUE_SETTINGS); tests shorten them.
  QUEUE_LOCK_DURATION_MS: positiveInt(DEFAULT_QUEUE_SETTINGS.lockDuration, 3_600_000),
  QUEUE_LOCK_RENEW_MS: positiveInt(DEFAULT_QUEUE_SETTINGS.lockRenewTime, 3_600_000),
  QUEUE_STALLED_INTERVAL_MS: positiveInt(DEFAULT_QUEUE_SETTINGS.stalledInterval, 3_600_000),
  QUEUE_MAX_STALLED_COUNT: positiveInt(DEFAULT_QUEUE_SETTINGS.maxStalledCount, 100),
  // How often each worker checks that the work PostgreSQL holds as queued is still in Redis.
  QUEUE_RECONCILE_INTERVAL_MS: positiveInt(60_000, 3_600_000),
  // On SIGTERM: how long the API drains requests and a worker finishes its jobs before giving up.
  SHUTDOWN_GRACE_MS: positiveInt(25_000, 3_600_000),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_EXPIRES_IN: positiveInt(3600, 60 * 60 * 24 * 30),
  ENCRYPTION_KEY: z
    .string()
    .refine((v) => decodeKey(v) !== null, 'must be 32 bytes as 64 hex characters or base64')
    .optional(),
  GITHUB_API_URL: url(['http:', 'https:']).default('https://api.github.com'),
  GITHUB_TOKEN: z.string().optional(),
  GITHUB_SCAN_CONCURRENCY: positiveInt(4, 32),
  FRONTIER_FETCH_CRON: z.string().min(1).default('0 * * * *'),
  FRONTIER_FETCH_TIMEOUT_MS: positiveInt(15_000, 300_000),
  FRONTIER_FETCH_MAX_BYTES: positiveInt(5 * 1024 * 1024, 100 * 1024 * 1024),
  ALLOW_SIGNUP: booleanString(true),
  MIGRATIONS_RUN: booleanString(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CORS_ORIGINS: z.string().optional(),
  BODY_LIMIT: z.string().default('1mb'),
  LOGIN_MAX_FAILURES: positiveInt(5, 1000),
  LOGIN_LOCKOUT_SECONDS: positiveInt(900),
  REGISTER_MAX_PER_IP: positiveInt(300),
  REGISTER_WINDOW_SECONDS: positiveInt(900),
  DEV_SECRETS_FILE: z.string().default('.aura/dev-secrets.json'),
  TRUST_PROXY: booleanString(false),
  ALLOW_PRIVATE_URLS: booleanString(false),
  ADMIN_SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  // Read by AdminJS itself at import; validated here so production never serves bundles from a dot-directory.
  ADMIN_JS_TMP_DIR: z.string().default('.adminjs'),
  ADMIN_JS_SKIP_BUNDLE: booleanString(false),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  BIAS_UPLOAD_MAX_BYTES: positiveInt(1024 ** 3),
  BIAS_RETAIN_DATA: booleanString(false),
  WEBHOOK_MAX_FAILURES: positiveInt(20, 10_000),
  WEBHOOK_FAILURE_WINDOW_SECONDS: positiveInt(900),
  WEBHOOK_MAX_BATCHES_PER_MINUTE: positiveInt(600, 1_000_000),
});

export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  isProduction: boolean;
  port: number;
  database: { url: string; poolSize: number };
  redis: { url: string; queuePrefix: string };
  /** Bull's lock on an active job and how often workers look for jobs whose lock expired (a dead worker's). */
  /** reconcileIntervalMs: how often workers re-queue work and schedules Redis lost (QueueReconciler). */
  queue: { lockDurationMs: number; lockRenewMs: number; stalledIntervalMs: number; maxStalledCount: number; reconcileIntervalMs: number };
  /** SIGTERM/SIGINT: the API's time to finish requests in flight, a worker's to finish its jobs (then it releases them). */
  shutdownGraceMs: number;
  auth: {
    jwtSecret: string;
    jwtExpiresInSeconds: number;
    allowSignup: boolean;
    loginMaxFailures: number;
    loginLockoutSeconds: number;
    registerMaxPerIp: number;
    registerWindowSeconds: number;
  };
  /** 32-byte key for AES-256-GCM encryption of stored secrets. */
  encryptionKey: Buffer;
  /** scanConcurrency: GitHub scan jobs (listings, repositories) each worker runs at once. */
  github: { apiUrl: string; token?: string; scanConcurrency: number };
  /** Feed fetching: schedule, per-source timeout covering the whole body, and body size cap. */
  frontier: { fetchCron: string; fetchTimeoutMs: number; fetchMaxBytes: number };
  migrationsRun: boolean;
  logLevel: string;
  corsOrigins: string[] | true;
  bodyLimit: string;
  trustProxy: boolean;
  /** Organization-configured outbound URLs may reach private/loopback addresses (tests, on-premise). */
  allowPrivateUrls: boolean;
  /** AdminJS console (/admin) and queue dashboard: the session cookie's secret, the folder of the component bundle. */
  admin: { sessionSecret: string; bundleDir: string };
  /** When set, GET /metrics requires `Authorization: Bearer <token>`. */
  metricsToken?: string;
  /** Bias analysis: largest upload (413 beyond), and whether staged data is kept after the analysis. */
  bias: { uploadMaxBytes: number; retainData: boolean };
  /** Inbound signed webhooks: bad signatures per address per window, batches per scan per minute. */
  webhooks: { maxFailures: number; failureWindowSeconds: number; maxBatchesPerMinute: number };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function decodeKey(value: string): Buffer | null {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  const buf = Buffer.from(value, 'base64');
  return buf.length === 32 ? buf : null;
}

/** Development-only secrets, generated once and kept in a local file so API, worker and CLI agree. */
function developmentSecrets(file: string): { jwtSecret: string; encryptionKey: string; adminSessionSecret: string } {
  const path = resolve(file);
  const stored = existsSync(path)
    ? (JSON.parse(readFileSync(path, 'utf8')) as { jwtSecret?: string; encryptionKey?: string; adminSessionSecret?: string })
    : {};
  if (stored.jwtSecret && stored.encryptionKey && stored.adminSessionSecret) {
    return stored as { jwtSecret: string; encryptionKey: string; adminSessionSecret: string };
  }
  // Keeps the secrets a file already holds (files written before a secret was added lack it).
  const secrets = {
    jwtSecret: stored.jwtSecret ?? randomBytes(48).toString('base64url'),
    encryptionKey: stored.encryptionKey ?? randomBytes(32).toString('hex'),
    adminSessionSecret: stored.adminSessionSecret ?? randomBytes(48).toString('base64url'),
  };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // Empty strings count as unset, as most process managers and .env files produce them.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`));
  }
  const e = parsed.data;
  const isProduction = e.NODE_ENV === 'production';
  const problems: string[] = [];
  if (isProduction && !e.JWT_SECRET) problems.push('JWT_SECRET: required when NODE_ENV=production');
  if (isProduction && !e.ENCRYPTION_KEY) problems.push('ENCRYPTION_KEY: required when NODE_ENV=production');
  if (isProduction && !e.ADMIN_SESSION_SECRET) problems.push('ADMIN_SESSION_SECRET: required when NODE_ENV=production');
  if (
    isProduction &&
    !e.ADMIN_JS_SKIP_BUNDLE &&
    e.ADMIN_JS_TMP_DIR.split(/[\\/]/).some((part) => part.startsWith('.') && part !== '.' && part !== '..')
  ) {
    problems.push('ADMIN_JS_TMP_DIR: must not contain a dot-directory when NODE_ENV=production (Express 5 does not serve files from it)');
  }
  if (e.QUEUE_LOCK_RENEW_MS >= e.QUEUE_LOCK_DURATION_MS) {
    problems.push('QUEUE_LOCK_RENEW_MS: must be shorter than QUEUE_LOCK_DURATION_MS (the lock is renewed before it expires)');
  }
  if (problems.length) throw new ConfigError(problems);

  const dev = !e.JWT_SECRET || !e.ENCRYPTION_KEY || !e.ADMIN_SESSION_SECRET ? developmentSecrets(e.DEV_SECRETS_FILE) : undefined;
  return {
    nodeEnv: e.NODE_ENV,
    isProduction,
    port: e.PORT,
    database: { url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE },
    redis: { url: e.REDIS_URL, queuePrefix: e.QUEUE_PREFIX },
    queue: {
      lockDurationMs: e.QUEUE_LOCK_DURATION_MS,
      lockRenewMs: e.QUEUE_LOCK_RENEW_MS,
      stalledIntervalMs: e.QUEUE_STALLED_INTERVAL_MS,
      maxStalledCount: e.QUEUE_MAX_STALLED_COUNT,
      reconcileIntervalMs: e.QUEUE_RECONCILE_INTERVAL_MS,
    },
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    auth: {
      jwtSecret: e.JWT_SECRET ?? dev!.jwtSecret,
      jwtExpiresInSeconds: e.JWT_EXPIRES_IN,
      allowSignup: e.ALLOW_SIGNUP,
      loginMaxFailures: e.LOGIN_MAX_FAILURES,
      loginLockoutSeconds: e.LOGIN_LOCKOUT_SECONDS,
      registerMaxPerIp: e.REGISTER_MAX_PER_IP,
      registerWindowSeconds: e.REGISTER_WINDOW_SECONDS,
    },
    encryptionKey: decodeKey(e.ENCRYPTION_KEY ?? dev!.encryptionKey)!,
    github: { apiUrl: e.GITHUB_API_URL.replace(/\/+$/, ''), token: e.GITHUB_TOKEN, scanConcurrency: e.GITHUB_SCAN_CONCURRENCY },
    frontier: { fetchCron: e.FRONTIER_FETCH_CRON, fetchTimeoutMs: e.FRONTIER_FETCH_TIMEOUT_MS, fetchMaxBytes: e.FRONTIER_FETCH_MAX_BYTES },
    migrationsRun: e.MIGRATIONS_RUN,
    logLevel: e.LOG_LEVEL,
    corsOrigins: e.CORS_ORIGINS ? e.CORS_ORIGINS.split(',').map((o) => o.trim()) : true,
    bodyLimit: e.BODY_LIMIT,
    trustProxy: e.TRUST_PROXY,
    allowPrivateUrls: e.ALLOW_PRIVATE_URLS,
    admin: { sessionSecret: e.ADMIN_SESSION_SECRET ?? dev!.adminSessionSecret, bundleDir: e.ADMIN_JS_TMP_DIR },
    metricsToken: e.METRICS_TOKEN,
    bias: { uploadMaxBytes: e.BIAS_UPLOAD_MAX_BYTES, retainData: e.BIAS_RETAIN_DATA },
    webhooks: {
      maxFailures: e.WEBHOOK_MAX_FAILURES,
      failureWindowSeconds: e.WEBHOOK_FAILURE_WINDOW_SECONDS,
      maxBatchesPerMinute: e.WEBHOOK_MAX_BATCHES_PER_MINUTE,
    },
  };
}

/**
 * Loads the configuration for a process entry point; on failure prints the problems (no stack
 * trace) and exits with status 1.
 */
export function loadConfigOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
