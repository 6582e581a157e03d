import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { ENTITIES } from './entities.js';

/** Root of the compiled or source tree (the folder holding ormconfig and migrations/). */
const projectRoot = join(import.meta.dirname, '..', '..');

export function buildDataSourceOptions(config: AppConfig): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.database.url,
    entities: ENTITIES,
    // Built with join(), not new URL(): URL-encoding the braces makes TypeORM find no migrations.
    migrations: [join(projectRoot, 'migrations', '*.{ts,js}')],
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    extra: {
      max: config.database.poolSize,
      // Fail fast instead of queueing forever when PostgreSQL is unreachable.
      connectionTimeoutMillis: 5000,
    },
  };
}
