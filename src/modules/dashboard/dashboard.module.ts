import { Module } from '@nestjs/common';

/** Placeholder: filled in by the dashboard work. */
@Module({})
export class DashboardModule {}
