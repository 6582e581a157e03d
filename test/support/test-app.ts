import { Test } from '@nestjs/testing';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { App } from 'supertest/types.js';
import { AppModule } from '../../src/app.module.js';
import { configureApp } from '../../src/configure-app.js';
import { WorkerModule } from '../../src/worker.module.js';
import { createTestDatabase } from './test-database.js';

export interface TestApp {
  app: NestExpressApplication;
  http: App;
  databaseUrl: string;
  /** The environment the app was built with (database, queue prefix, overrides); workers reuse it. */
  env: Record<string, string>;
  close: () => Promise<void>;
}

/** Runs `build` with `env` applied to process.env (the config is read while modules are built). */
async function withEnv<T>(env: Record<string, string>, build: () => Promise<T>): Promise<T> {
  const previous = { ...process.env };
  Object.assign(process.env, env);
  try {
    return await build();
  } finally {
    process.env = previous;
  }
}

/**
 * Boots the real AppModule (as main.ts does, without listening) on a database and a queue prefix
 * of its own, against the real PostgreSQL and Redis. `providers` replaces injection tokens with test
 * values (as createTestWorker does).
 */
export async function createTestApp(
  overrides: Record<string, string> = {},
  options: { providers?: Array<[token: unknown, value: unknown]> } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const env = { DATABASE_URL: database.url, QUEUE_PREFIX: database.name, ...overrides };
  const app = await withEnv(env, async () => {
    const builder = Test.createTestingModule({ imports: [AppModule] });
    for (const [token, value] of options.providers ?? []) builder.overrideProvider(token).useValue(value);
    const moduleRef = await builder.compile();
    // rawBody as in main.ts: signed webhooks need the exact bytes.
    const nest = moduleRef.createNestApplication<NestExpressApplication>({ bufferLogs: true, rawBody: true });
    configureApp(nest);
    await nest.init();
    return nest;
  });
  return {
    app,
    http: app.getHttpServer() as App,
    databaseUrl: database.url,
    env,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

/**
 * A worker process's module graph (WorkerModule: every processor and schedule) on the same database
 * and queue prefix as `t`. Start several to test concurrent workers; close each before `t`.
 * `providers` replaces injection tokens with test values (e.g. shorter retry waits).
 */
export async function createTestWorker(
  t: TestApp,
  options: { env?: Record<string, string>; providers?: Array<[token: unknown, value: unknown]> } = {},
): Promise<INestApplicationContext> {
  return withEnv({ ...t.env, ...options.env }, async () => {
    const builder = Test.createTestingModule({ imports: [WorkerModule] });
    for (const [token, value] of options.providers ?? []) builder.overrideProvider(token).useValue(value);
    const moduleRef = await builder.compile();
    await moduleRef.init();
    return moduleRef;
  });
}

/** Polls `probe` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 30_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`waitFor: condition not met within ${timeoutMs} ms${last ? ` (last error: ${(last as Error).message})` : ''}`);
}
