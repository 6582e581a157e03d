import { OnQueueFailed, Process, Processor } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import type { Job } from 'bull';
import { STALLED_LIMIT_REASON } from '../../queue/queue-reconciler.js';
import { QueueName } from '../../queue/queue.constants.js';
import { BiasJob } from './bias-analysis.constants.js';
import { BiasAnalysisRunner, type AnalyzeJobData } from './bias-analysis.runner.js';

@Processor(QueueName.BiasAnalysis)
export class BiasAnalysisProcessor {
  private readonly logger = new Logger(BiasAnalysisProcessor.name);

  constructor(private readonly runner: BiasAnalysisRunner) {}

  @Process(BiasJob.Analyze)
  async analyze(job: Job<AnalyzeJobData>): Promise<void> {
    const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    await this.runner.run(job.data, (percent) => job.progress(percent), finalAttempt);
  }

  /**
   * Bull fails a job whose workers all died (killed, out of memory) from its stalled-job check, in whichever worker
   * ran the check: none of the runner's code ran for that outcome, so the scan is failed here (the queue reconciler
   * is the backstop).
   */
  @OnQueueFailed()
  onFailed(job: Job<AnalyzeJobData> | null, error: Error): void {
    // Bull passes null for a job removed in the meantime.
    if (!job || error?.message !== STALLED_LIMIT_REASON) return;
    this.runner
      .failCrashedScan(job.data.organizationId, job.data.scanId)
      .catch((e: Error) => this.logger.warn(`bias scan ${job.data.scanId} could not be failed: ${e.message}`));
  }
}
