import { Module } from '@nestjs/common';

/** Worker side of frontier-models (processors, schedules); imported only by WorkerModule. Placeholder until the module lands. */
@Module({})
export class FrontierModelsWorkerModule {}
