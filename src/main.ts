import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module.js';
import { loadConfigOrExit } from './config/app-config.js';
import { configureApp } from './configure-app.js';
import { buildDataSourceOptions } from './database/data-source-options.js';

const config = loadConfigOrExit();

if (config.migrationsRun) {
  const dataSource = new DataSource(buildDataSourceOptions(config));
  try {
    await dataSource.initialize();
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (applied.length) process.stdout.write(`applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}\n`);
  } catch (error) {
    process.stderr.write(`could not apply migrations: ${(error as Error).message}\n`);
    process.exit(1);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
  }
}

// rawBody: signed webhooks (bias-analysis records) verify the HMAC over the exact bytes received.
const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true, rawBody: true });
configureApp(app);
await app.listen(config.port);
const url = `http://localhost:${config.port}`;
process.stdout.write(`AuraAI API listening on ${url} (docs: ${url}/api/docs)\n`);
