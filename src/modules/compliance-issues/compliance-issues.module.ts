import { Module } from '@nestjs/common';

/** Placeholder: filled in by the compliance-issues work. */
@Module({})
export class ComplianceIssuesModule {}
