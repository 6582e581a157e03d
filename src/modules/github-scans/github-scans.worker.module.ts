import { Module } from '@nestjs/common';
import { DEFAULT_RETRY_POLICY } from './github.client.js';
import { GithubScanProcessor } from './github-scan.processor.js';
import { GITHUB_RETRY_POLICY } from './github-scans.constants.js';
import { GithubScansModule } from './github-scans.module.js';

/** Worker side of GitHub scanning (the processor and the rescan schedules); imported only by WorkerModule. */
@Module({
  imports: [GithubScansModule],
  providers: [GithubScanProcessor, { provide: GITHUB_RETRY_POLICY, useValue: DEFAULT_RETRY_POLICY }],
})
export class GithubScansWorkerModule {}
