import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { spawnManaged, type ManagedProcess } from './processes.js';
import { waitFor } from './test-app.js';

const run = promisify(execFile);

/** A TCP port nothing listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** True when a TCP connection to the port is accepted. */
export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.connect(port, '127.0.0.1');
  });
}

/** Sends PING over a raw connection; true on +PONG. */
function redisPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    let answer = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.on('data', (data) => {
      answer += data.toString();
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
    });
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
  });
}

/**
 * A redis-server of the test's own (never the shared one on 6379) on a free port, without
 * persistence. `stop()` kills it (as an outage would), `start()` brings it back on the same port.
 */
export class RedisInstance {
  private process: ManagedProcess | null = null;

  private constructor(readonly port: number) {}

  static async start(): Promise<RedisInstance> {
    const instance = new RedisInstance(await freePort());
    await instance.start();
    return instance;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.process?.running) return;
    this.process = spawnManaged(
      `redis-server :${this.port}`,
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {},
    );
    const redis = this.process;
    await waitFor(async () => {
      if (!redis.running) throw new Error(`redis-server exited\n${redis.output()}`);
      return redisPing(this.port);
    }, 20_000);
  }

  /** SIGKILL: an abrupt outage, connections reset. */
  async stop(): Promise<void> {
    await this.process?.kill();
    await waitFor(async () => !(await portOpen(this.port)), 10_000);
  }

  close(): Promise<void> {
    return this.stop();
  }
}

/** initdb refuses to run as root: as root, the cluster belongs to the `postgres` system user. */
const asPostgresUser = (command: string, args: string[]): [string, string[]] =>
  process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];

/** The PostgreSQL server binaries: AURA_TEST_PG_BIN, else Debian's newest /usr/lib/postgresql/<version>/bin. */
function postgresBinaries(): string {
  if (process.env.AURA_TEST_PG_BIN) return process.env.AURA_TEST_PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  if (!versions.length)
    throw new Error(`no PostgreSQL server binaries under ${root}: set AURA_TEST_PG_BIN to the folder holding initdb and pg_ctl`);
  return join(root, versions[0], 'bin');
}

/**
 * A PostgreSQL cluster of the test's own in a temporary folder (trust authentication, socket in the
 * folder, no fsync), on a free port. `stop()` is `pg_ctl stop -m fast` (connections are terminated),
 * `start()` brings it back on the same port with the same data; `close()` removes everything.
 */
export class PostgresInstance {
  private constructor(
    readonly port: number,
    readonly directory: string,
  ) {}

  get dataDirectory(): string {
    return join(this.directory, 'data');
  }

  get adminUrl(): string {
    return this.urlFor('postgres');
  }

  urlFor(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  static async create(): Promise<PostgresInstance> {
    const directory = mkdtempSync(join(tmpdir(), 'aura-pg-'));
    const instance = new PostgresInstance(await freePort(), directory);
    mkdirSync(join(directory, 'socket'));
    if (process.getuid?.() === 0) {
      const { stdout } = await run('id', ['-u', 'postgres']);
      const { stdout: group } = await run('id', ['-g', 'postgres']);
      for (const path of [directory, join(directory, 'socket')]) chownSync(path, Number(stdout.trim()), Number(group.trim()));
    }
    try {
      await instance.pg('initdb', [
        '-D',
        instance.dataDirectory,
        '-U',
        'postgres',
        '-A',
        'trust',
        '--no-sync',
        '-E',
        'UTF8',
        '--locale',
        'C',
      ]);
      await instance.start();
    } catch (error) {
      // Nothing left behind when initdb or the first start fails.
      await instance.close();
      throw error;
    }
    return instance;
  }

  private async pg(binary: string, args: string[]): Promise<string> {
    const [command, fullArgs] = asPostgresUser(join(postgresBinaries(), binary), args);
    try {
      const { stdout } = await run(command, fullArgs, { timeout: 60_000 });
      return stdout;
    } catch (error) {
      const e = error as { stderr?: string; stdout?: string; message: string };
      throw new Error(`${binary} failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
    }
  }

  async start(): Promise<void> {
    const options = `-p ${this.port} -k ${join(this.directory, 'socket')} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=100`;
    await this.pg('pg_ctl', ['start', '-D', this.dataDirectory, '-w', '-t', '60', '-l', join(this.directory, 'server.log'), '-o', options]);
    await waitFor(async () => {
      const client = new pg.Client({ connectionString: this.adminUrl });
      try {
        await client.connect();
        await client.query('SELECT 1');
        return true;
      } finally {
        await client.end().catch(() => undefined);
      }
    }, 30_000);
  }

  /** `pg_ctl stop -m fast`: open sessions are terminated, as in a restart or fail-over. */
  async stop(): Promise<void> {
    await this.pg('pg_ctl', ['stop', '-D', this.dataDirectory, '-m', 'fast', '-w', '-t', '60']);
  }

  async query<T extends pg.QueryResultRow = pg.QueryResultRow>(database: string, sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: this.urlFor(database) });
    await client.connect();
    try {
      return (await client.query<T>(sql, params)).rows;
    } finally {
      await client.end();
    }
  }

  /** Stops the server (immediate mode) if it runs and deletes the folder. */
  async close(): Promise<void> {
    await this.pg('pg_ctl', ['stop', '-D', this.dataDirectory, '-m', 'immediate', '-w', '-t', '30']).catch(() => undefined);
    rmSync(this.directory, { recursive: true, force: true });
  }
}
