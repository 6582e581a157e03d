import { Module } from '@nestjs/common';

/** Worker side of bias-analysis (processors, schedules); imported only by WorkerModule. Placeholder until the module lands. */
@Module({})
export class BiasAnalysisWorkerModule {}
