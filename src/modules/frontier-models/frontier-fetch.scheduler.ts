import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config.module.js';
import { JobProducer } from '../../queue/job-producer.js';
import { QueueName } from '../../queue/queue.constants.js';
import { FETCH_SCHEDULE_JOB_ID, FrontierJob } from './frontier.constants.js';

/**
 * Registers the FRONTIER_FETCH_CRON schedule when a worker boots. It is a Bull repeatable job
 * with a fixed id, so however many workers boot, Redis holds one schedule and each run is
 * taken by one worker. A schedule left by an earlier cron expression is removed.
 */
@Injectable()
export class FrontierFetchScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(FrontierFetchScheduler.name);

  constructor(
    private readonly jobs: JobProducer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const cron = this.config.frontier.fetchCron;
    try {
      const queue = this.jobs.queue(QueueName.FrontierFetch);
      for (const schedule of await queue.getRepeatableJobs()) {
        if (schedule.name === FrontierJob.FetchAll && schedule.cron !== cron) await queue.removeRepeatableByKey(schedule.key);
      }
      await this.jobs.enqueue(QueueName.FrontierFetch, FrontierJob.FetchAll, {}, { jobId: FETCH_SCHEDULE_JOB_ID, repeat: { cron } });
    } catch (error) {
      // A worker without Redis cannot run jobs either; it logs and the next boot registers the schedule.
      this.logger.error(`could not register the frontier fetch schedule (${cron}): ${(error as Error).message}`);
    }
  }
}
