import { Module } from '@nestjs/common';
import { provideScopedRepository } from '../../common/tenancy/organization-scoped.repository.js';
import { BiasAnalysisController } from './bias-analysis.controller.js';
import { BiasScansService } from './bias-scans.service.js';
import { BiasAnalysisDataChunk } from './entities/bias-analysis-data-chunk.entity.js';
import { BiasAnalysisResult } from './entities/bias-analysis-result.entity.js';
import { BiasAnalysisScan } from './entities/bias-analysis-scan.entity.js';
import { WebhookThrottleService } from './webhook-throttle.service.js';

/** API side of bias analysis: uploads, webhook ingestion, status and results; the analysis runs in workers. */
@Module({
  controllers: [BiasAnalysisController],
  providers: [
    BiasScansService,
    WebhookThrottleService,
    provideScopedRepository(BiasAnalysisScan, 'Bias scan'),
    provideScopedRepository(BiasAnalysisResult, 'Bias result'),
    provideScopedRepository(BiasAnalysisDataChunk, 'Bias data chunk'),
  ],
})
export class BiasAnalysisModule {}
