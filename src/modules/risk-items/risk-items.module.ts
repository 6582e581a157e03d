import { Module } from '@nestjs/common';

/** Placeholder: filled in by the risk-items work. */
@Module({})
export class RiskItemsModule {}
