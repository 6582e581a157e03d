import { Module } from '@nestjs/common';
import { DEFAULT_RETRY_POLICY } from './github.client.js';
import { GithubScanProcessor } from './github-scan.processor.js';
import { GITHUB_RETRY_POLICY } from './github-scans.constants.js';
import { GithubScansModule } from './github-scans.module.js';
import { GithubScansReconciler } from './github-scans.reconciler.js';

/** Worker side of GitHub scanning (the processor, the rescan schedules and their queue reconciliation); imported only by WorkerModule. */
@Module({
  imports: [GithubScansModule],
  providers: [GithubScanProcessor, GithubScansReconciler, { provide: GITHUB_RETRY_POLICY, useValue: DEFAULT_RETRY_POLICY }],
})
export class GithubScansWorkerModule {}
