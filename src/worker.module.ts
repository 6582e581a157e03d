import { Module } from '@nestjs/common';
import { BiasAnalysisWorkerModule } from './modules/bias-analysis/bias-analysis.worker.module.js';
import { FrontierModelsWorkerModule } from './modules/frontier-models/frontier-models.worker.module.js';
import { GithubScansWorkerModule } from './modules/github-scans/github-scans.worker.module.js';
import { InfrastructureModule } from './infra/infrastructure.module.js';
import { QueueReconcilerModule } from './queue/queue-reconciler.js';

/**
 * The worker process: the same infrastructure as the API and every processor, no HTTP listener.
 * Each feature's worker module adds its processors and schedules, and registers with the queue
 * reconciler what to re-queue when Redis has lost its data.
 */
@Module({
  imports: [InfrastructureModule, QueueReconcilerModule, GithubScansWorkerModule, BiasAnalysisWorkerModule, FrontierModelsWorkerModule],
})
export class WorkerModule {}
