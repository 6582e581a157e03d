import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { App } from 'supertest/types.js';
import { AppModule } from '../../src/app.module.js';
import { configureApp } from '../../src/configure-app.js';
import { createTestDatabase } from './test-database.js';

export interface TestApp {
  app: NestExpressApplication;
  http: App;
  databaseUrl: string;
  close: () => Promise<void>;
}

/**
 * Boots the real AppModule (as main.ts does, without listening) on a database of its own,
 * against the real PostgreSQL and Redis.
 */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const previous = { ...process.env };
  Object.assign(process.env, { DATABASE_URL: database.url, ...env });
  try {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    const app = moduleRef.createNestApplication<NestExpressApplication>({ bufferLogs: true });
    configureApp(app);
    await app.init();
    return {
      app,
      http: app.getHttpServer() as App,
      databaseUrl: database.url,
      close: async () => {
        await app.close();
        await database.drop();
      },
    };
  } finally {
    process.env = previous;
  }
}
