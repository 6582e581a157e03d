import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { QueueName } from '../../queue/queue.constants.js';
import { BiasJob } from './bias-analysis.constants.js';
import { BiasAnalysisRunner, type AnalyzeJobData } from './bias-analysis.runner.js';

@Processor(QueueName.BiasAnalysis)
export class BiasAnalysisProcessor {
  constructor(private readonly runner: BiasAnalysisRunner) {}

  @Process(BiasJob.Analyze)
  async analyze(job: Job<AnalyzeJobData>): Promise<void> {
    const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    await this.runner.run(job.data, (percent) => job.progress(percent), finalAttempt);
  }
}
