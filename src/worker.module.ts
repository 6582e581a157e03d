import { Module } from '@nestjs/common';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './infra/database.module.js';
import { LoggingModule } from './infra/logging.module.js';
import { RedisModule } from './infra/redis.module.js';
import { BiasAnalysisWorkerModule } from './modules/bias-analysis/bias-analysis.worker.module.js';
import { FrontierModelsWorkerModule } from './modules/frontier-models/frontier-models.worker.module.js';
import { GithubScansWorkerModule } from './modules/github-scans/github-scans.worker.module.js';
import { QueueModule } from './queue/queue.module.js';

/**
 * The worker process: the same infrastructure as the API and every processor, no HTTP listener.
 * Each feature's worker module adds its processors and schedules.
 */
@Module({
  imports: [
    ConfigModule,
    LoggingModule,
    DatabaseModule,
    RedisModule,
    QueueModule,
    GithubScansWorkerModule,
    BiasAnalysisWorkerModule,
    FrontierModelsWorkerModule,
  ],
})
export class WorkerModule {}
