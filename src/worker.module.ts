import { Module } from '@nestjs/common';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './infra/database.module.js';
import { LoggingModule } from './infra/logging.module.js';
import { RedisModule } from './infra/redis.module.js';
import { QueueModule } from './queue/queue.module.js';

/**
 * The worker process: the same infrastructure as the API, no HTTP listener. Feature processors
 * (GitHub scans, bias analysis, frontier alert fetching) are added here as their modules land.
 */
@Module({
  imports: [ConfigModule, LoggingModule, DatabaseModule, RedisModule, QueueModule],
})
export class WorkerModule {}
