import { Module } from '@nestjs/common';
import { ConfigModule } from '../config/config.module.js';
import { QueueModule } from '../queue/queue.module.js';
import { DatabaseModule } from './database.module.js';
import { LoggingModule } from './logging.module.js';
import { RedisModule } from './redis.module.js';

/** What every process (API and worker) runs on: configuration, logs, PostgreSQL, Redis and the queues. */
@Module({
  imports: [ConfigModule, LoggingModule, DatabaseModule, RedisModule, QueueModule],
})
export class InfrastructureModule {}
