import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module.js';
import { loadConfigOrExit } from './config/app-config.js';
import { configureApp } from './configure-app.js';
import { buildDataSourceOptions } from './database/data-source-options.js';
import { runMigrationsExclusively } from './database/run-migrations.js';

const config = loadConfigOrExit();

if (config.migrationsRun) {
  const dataSource = new DataSource(buildDataSourceOptions(config));
  try {
    await dataSource.initialize();
    const applied = await runMigrationsExclusively(dataSource);
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
/*
 * SIGTERM/SIGINT: Nest stops accepting connections, waits for the requests in flight to finish,
 * then closes the queues and pools, and the process exits 0. A request outliving SHUTDOWN_GRACE_MS
 * is cut off (exit 1).
 */
app.enableShutdownHooks([], { useProcessExit: true });
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => {
    setTimeout(() => {
      process.stderr.write(`requests still in flight ${config.shutdownGraceMs} ms after ${signal}; exiting\n`);
      process.exit(1);
    }, config.shutdownGraceMs).unref();
  });
}
await app.listen(config.port);
const url = `http://localhost:${config.port}`;
process.stdout.write(`AuraAI API listening on ${url} (docs: ${url}/api/docs)\n`);
