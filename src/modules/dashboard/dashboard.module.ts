import { Module } from '@nestjs/common';
import { provideScopedRepository } from '../../common/tenancy/organization-scoped.repository.js';
import { AiSystem } from '../ai-systems/entities/ai-system.entity.js';
import { ComplianceIssue } from '../compliance-issues/entities/compliance-issue.entity.js';
import { RiskItem } from '../risk-items/entities/risk-item.entity.js';
import { RiskMitigation } from '../risk-items/entities/risk-mitigation.entity.js';
import { DashboardController } from './dashboard.controller.js';
import { DashboardService } from './dashboard.service.js';

@Module({
  controllers: [DashboardController],
  providers: [
    DashboardService,
    provideScopedRepository(AiSystem, 'AI system'),
    provideScopedRepository(RiskItem, 'Risk item'),
    provideScopedRepository(RiskMitigation, 'Mitigation'),
    provideScopedRepository(ComplianceIssue, 'Compliance issue'),
  ],
})
export class DashboardModule {}
