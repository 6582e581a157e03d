import { Module } from '@nestjs/common';

/** API side of frontier-models (controllers, services, producers). Placeholder until the module lands. */
@Module({})
export class FrontierModelsModule {}
