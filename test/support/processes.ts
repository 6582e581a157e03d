import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The repository root (this file is test/support/processes.ts). */
export const REPOSITORY_ROOT = join(import.meta.dirname, '..', '..');
const API_ENTRY = join(REPOSITORY_ROOT, 'dist', 'src', 'main.js');
const WORKER_ENTRY = join(REPOSITORY_ROOT, 'dist', 'src', 'worker.js');

/**
 * The fault tests run the built processes (`npm test` builds first). Fails with the fix when the
 * build is missing instead of an obscure spawn error.
 */
export function assertBuilt(): void {
  const missing = [API_ENTRY, WORKER_ENTRY].filter((path) => !existsSync(path));
  if (missing.length) {
    throw new Error(
      `The fault tests run the built API and worker, but ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} missing: run \`npm run build\` first (\`npm test\` does).`,
    );
  }
  const built = statSync(API_ENTRY).mtimeMs;
  const newer = newestSource(join(REPOSITORY_ROOT, 'src'));
  if (newer.mtimeMs > built) {
    // A warning, not a failure: in a shared checkout a file may change during the run.
    console.warn(`dist/ is older than ${newer.path}: the fault tests run the last build; run \`npm run build\` to test the current code.`);
  }
}

function newestSource(directory: string): { path: string; mtimeMs: number } {
  let newest = { path: directory, mtimeMs: 0 };
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    const candidate = entry.isDirectory()
      ? newestSource(path)
      : entry.name.endsWith('.spec.ts')
        ? newest
        : { path, mtimeMs: statSync(path).mtimeMs };
    if (candidate.mtimeMs > newest.mtimeMs) newest = candidate;
  }
  return newest;
}

/** Lines kept per process, and how many of them (shortened) a failure message shows. */
const OUTPUT_LINES = 300;
const SHOWN_LINES = 60;
const SHOWN_LINE_LENGTH = 400;

/**
 * A child process of the test run: its recent output (for failure messages) and helpers to wait
 * for a line, to signal it and to wait for its exit.
 */
export class ManagedProcess {
  private readonly lines: string[] = [];
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    const keep = (stream: string) => (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        this.lines.push(`[${stream}] ${line}`);
        if (this.lines.length > OUTPUT_LINES) this.lines.shift();
      }
    };
    child.stdout?.on('data', keep('out'));
    child.stderr?.on('data', keep('err'));
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        resolve(this.exitInfo);
      }),
    );
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.exitInfo === null;
  }

  /** The recent output, for failure messages. */
  output(): string {
    const shown = this.lines.slice(-SHOWN_LINES).map((l) => (l.length > SHOWN_LINE_LENGTH ? `${l.slice(0, SHOWN_LINE_LENGTH)}…` : l));
    return `--- ${this.name} (pid ${this.child.pid}${this.exitInfo ? `, exited ${JSON.stringify(this.exitInfo)}` : ''}) ---\n${shown.join('\n')}`;
  }

  /** Resolves once a line matches; fails (with the output) if the process exits first or after `timeoutMs`. */
  async waitForLine(pattern: RegExp, timeoutMs = 60_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const line = this.lines.find((l) => pattern.test(l));
      if (line) return line;
      if (!this.running) throw new Error(`${this.name} exited before printing ${pattern}\n${this.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`${this.name} did not print ${pattern} within ${timeoutMs} ms\n${this.output()}`);
  }

  signal(signal: NodeJS.Signals): void {
    if (this.running) this.child.kill(signal);
  }

  /** Waits for the exit; fails with the output after `timeoutMs`. */
  async waitForExit(timeoutMs = 30_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        this.exited,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`${this.name} did not exit within ${timeoutMs} ms\n${this.output()}`)), timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** SIGKILL and wait (cleanup: never leaves a process behind). */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }
}

/** Every process started through this module, so that a test file can stop all of them in afterAll. */
const started = new Set<ManagedProcess>();

export function spawnManaged(
  name: string,
  command: string,
  args: string[],
  env: Record<string, string>,
  cwd = REPOSITORY_ROOT,
): ManagedProcess {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const managed = new ManagedProcess(name, child);
  started.add(managed);
  return managed;
}

/** SIGKILLs every process this module started that still runs. */
export async function killAllProcesses(): Promise<void> {
  await Promise.all([...started].map((p) => p.kill()));
  started.clear();
}

/** The outputs of every process started, for a failing test's message. */
export function allProcessOutput(): string {
  return [...started].map((p) => p.output()).join('\n');
}

/**
 * What the built processes need besides the database and Redis: the run's secrets (set by global
 * setup), no AdminJS bundling (several processes would write the same folder) and quiet logs
 * unless LOG_LEVEL is given.
 */
function processEnv(env: Record<string, string>): Record<string, string> {
  return { NODE_ENV: 'test', ADMIN_JS_SKIP_BUNDLE: 'true', LOG_LEVEL: 'warn', MIGRATIONS_RUN: 'false', ...env };
}

export interface ApiProcess extends ManagedProcess {
  url: string;
  port: number;
}

/** Starts `node dist/src/main.js` on `port` and waits until it listens. */
export async function startApi(name: string, port: number, env: Record<string, string>, timeoutMs = 90_000): Promise<ApiProcess> {
  assertBuilt();
  const api = spawnManaged(name, process.execPath, [API_ENTRY], processEnv({ ...env, PORT: String(port) })) as ApiProcess;
  api.port = port;
  api.url = `http://127.0.0.1:${port}`;
  await api.waitForLine(/AuraAI API listening on/, timeoutMs);
  return api;
}

/** Starts `node dist/src/worker.js` and waits until its processors are registered. */
export async function startWorker(name: string, env: Record<string, string>, timeoutMs = 90_000): Promise<ManagedProcess> {
  assertBuilt();
  const worker = spawnManaged(name, process.execPath, [WORKER_ENTRY], processEnv(env));
  await worker.waitForLine(/AuraAI worker ready/, timeoutMs);
  return worker;
}
