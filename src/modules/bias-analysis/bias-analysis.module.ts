import { Module } from '@nestjs/common';

/** API side of bias-analysis (controllers, services, producers). Placeholder until the module lands. */
@Module({})
export class BiasAnalysisModule {}
