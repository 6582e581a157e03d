import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import connectPgSimple from 'connect-pg-simple';
import session from 'express-session';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';

const PgSessionStore = connectPgSimple(session);

/**
 * Admin sessions in PostgreSQL (table admin_sessions, created by a migration), shared by every API
 * replica; uses TypeORM's connection pool. Closed on shutdown: its prune timer would keep the process alive.
 */
@Injectable()
export class AdminSessionStore implements OnModuleDestroy {
  readonly store: session.Store;

  constructor(@InjectDataSource() dataSource: DataSource) {
    this.store = new PgSessionStore({
      pool: (dataSource.driver as PostgresDriver).master as Pool,
      tableName: 'admin_sessions',
      createTableIfMissing: false,
      pruneSessionInterval: 15 * 60,
    });
  }

  onModuleDestroy(): void {
    (this.store as InstanceType<typeof PgSessionStore>).close();
  }
}
