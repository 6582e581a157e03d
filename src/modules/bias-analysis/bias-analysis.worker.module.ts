import { Module } from '@nestjs/common';
import { provideScopedRepository } from '../../common/tenancy/organization-scoped.repository.js';
import { ComplianceIssue } from '../compliance-issues/entities/compliance-issue.entity.js';
import { BiasAnalysisProcessor } from './bias-analysis.processor.js';
import { BiasAnalysisReconciler } from './bias-analysis.reconciler.js';
import { BiasAnalysisRunner } from './bias-analysis.runner.js';
import { BiasAnalysisDataChunk } from './entities/bias-analysis-data-chunk.entity.js';
import { BiasAnalysisScan } from './entities/bias-analysis-scan.entity.js';

/** Worker side of bias analysis (the processor and its queue reconciliation); imported only by WorkerModule. */
@Module({
  providers: [
    BiasAnalysisProcessor,
    BiasAnalysisReconciler,
    BiasAnalysisRunner,
    provideScopedRepository(BiasAnalysisScan, 'Bias scan'),
    provideScopedRepository(BiasAnalysisDataChunk, 'Bias data chunk'),
    provideScopedRepository(ComplianceIssue, 'Compliance issue'),
  ],
})
export class BiasAnalysisWorkerModule {}
