import { Module } from '@nestjs/common';
import { BiasAnalysisWorkerModule } from './modules/bias-analysis/bias-analysis.worker.module.js';
import { FrontierModelsWorkerModule } from './modules/frontier-models/frontier-models.worker.module.js';
import { GithubScansWorkerModule } from './modules/github-scans/github-scans.worker.module.js';
import { InfrastructureModule } from './infra/infrastructure.module.js';

/**
 * The worker process: the same infrastructure as the API and every processor, no HTTP listener.
 * Each feature's worker module adds its processors and schedules.
 */
@Module({
  imports: [InfrastructureModule, GithubScansWorkerModule, BiasAnalysisWorkerModule, FrontierModelsWorkerModule],
})
export class WorkerModule {}
