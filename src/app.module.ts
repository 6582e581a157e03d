import { Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter.js';
import { createValidationPipe } from './common/validation/validation.pipe.js';
import { AdminConsoleModule } from './modules/admin/admin.module.js';
import { AiSystemsModule } from './modules/ai-systems/ai-systems.module.js';
import { ApiKeysModule } from './modules/api-keys/api-keys.module.js';
import { AuditLogsModule } from './modules/audit-logs/audit-logs.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { BiasAnalysisModule } from './modules/bias-analysis/bias-analysis.module.js';
import { ComplianceIssuesModule } from './modules/compliance-issues/compliance-issues.module.js';
import { DashboardModule } from './modules/dashboard/dashboard.module.js';
import { FrontierModelsModule } from './modules/frontier-models/frontier-models.module.js';
import { GithubScansModule } from './modules/github-scans/github-scans.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { MetricsModule } from './modules/metrics/metrics.module.js';
import { OrganizationsModule } from './modules/organizations/organizations.module.js';
import { RiskItemsModule } from './modules/risk-items/risk-items.module.js';
import { RolesModule } from './modules/roles/roles.module.js';
import { UsersModule } from './modules/users/users.module.js';
import { InfrastructureModule } from './infra/infrastructure.module.js';

@Module({
  imports: [
    InfrastructureModule,
    AuthModule,
    OrganizationsModule,
    RolesModule,
    UsersModule,
    ApiKeysModule,
    AiSystemsModule,
    RiskItemsModule,
    ComplianceIssuesModule,
    DashboardModule,
    GithubScansModule,
    BiasAnalysisModule,
    FrontierModelsModule,
    HealthModule,
    MetricsModule,
    AdminConsoleModule,
    AuditLogsModule,
  ],
  providers: [
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
  ],
})
export class AppModule {}
