import { Module } from '@nestjs/common';
import { provideScopedRepository } from '../../common/tenancy/organization-scoped.repository.js';
import { ComplianceIssuesController } from './compliance-issues.controller.js';
import { ComplianceIssuesService } from './compliance-issues.service.js';
import { ComplianceIssue } from './entities/compliance-issue.entity.js';

@Module({
  controllers: [ComplianceIssuesController],
  providers: [ComplianceIssuesService, provideScopedRepository(ComplianceIssue, 'Compliance issue')],
})
export class ComplianceIssuesModule {}
