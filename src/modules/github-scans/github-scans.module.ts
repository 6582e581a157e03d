import { Module } from '@nestjs/common';
import { provideScopedRepository } from '../../common/tenancy/organization-scoped.repository.js';
import { AiSystem } from '../ai-systems/entities/ai-system.entity.js';
import { RiskItem } from '../risk-items/entities/risk-item.entity.js';
import { GithubScanConfig } from './entities/github-scan-config.entity.js';
import { GithubScanResult } from './entities/github-scan-result.entity.js';
import { GithubScanRun } from './entities/github-scan-run.entity.js';
import { GithubScanSummary } from './entities/github-scan-summary.entity.js';
import { GithubScanScheduler } from './github-scan.scheduler.js';
import { GithubScanConfigsController, GithubScanResultsController } from './github-scans.controller.js';
import { GithubScansService } from './github-scans.service.js';

const SCOPED_REPOSITORIES = [
  provideScopedRepository(GithubScanConfig, 'GitHub scan configuration'),
  provideScopedRepository(GithubScanRun, 'GitHub scan'),
  provideScopedRepository(GithubScanResult, 'GitHub scan result'),
  provideScopedRepository(GithubScanSummary, 'GitHub scan summary'),
];

/** API side of GitHub AI-usage scanning: configurations, starting scans, results, add-to-risk. */
@Module({
  controllers: [GithubScanConfigsController, GithubScanResultsController],
  providers: [
    GithubScansService,
    GithubScanScheduler,
    ...SCOPED_REPOSITORIES,
    provideScopedRepository(RiskItem, 'Risk item'),
    provideScopedRepository(AiSystem, 'AI system'),
  ],
  exports: [GithubScansService, GithubScanScheduler, ...SCOPED_REPOSITORIES],
})
export class GithubScansModule {}
