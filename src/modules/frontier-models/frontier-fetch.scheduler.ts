import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config.module.js';
import { JobProducer } from '../../queue/job-producer.js';
import { QueueReconciler } from '../../queue/queue-reconciler.js';
import { QueueName } from '../../queue/queue.constants.js';
import { FETCH_SCHEDULE_JOB_ID, FrontierJob } from './frontier.constants.js';

/**
 * Registers the FRONTIER_FETCH_CRON schedule when a worker boots, and again whenever the queue
 * reconciler finds it missing (a Redis that lost its data). It is a Bull repeatable job with a
 * fixed id, so however many workers register it, Redis holds one schedule and each run is taken by
 * one worker. A schedule left by an earlier cron expression is removed.
 */
@Injectable()
export class FrontierFetchScheduler implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(FrontierFetchScheduler.name);

  constructor(
    private readonly jobs: JobProducer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly reconciler: QueueReconciler,
  ) {}

  onModuleInit(): void {
    this.reconciler.register('frontier fetch schedule', () => this.ensureSchedule());
  }

  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.ensureSchedule();
    } catch (error) {
      // A worker without Redis cannot run jobs either; it logs and the queue reconciler registers the schedule later.
      this.logger.error(`could not register the frontier fetch schedule (${this.config.frontier.fetchCron}): ${(error as Error).message}`);
    }
  }

  /** Makes Redis hold exactly the configured schedule; returns 1 when it had to register it, else 0. */
  async ensureSchedule(): Promise<number> {
    const cron = this.config.frontier.fetchCron;
    const queue = this.jobs.queue(QueueName.FrontierFetch);
    const schedules = (await queue.getRepeatableJobs()).filter((schedule) => schedule.name === FrontierJob.FetchAll);
    if (schedules.length === 1 && schedules[0].cron === cron && schedules[0].id === FETCH_SCHEDULE_JOB_ID) return 0;
    for (const schedule of schedules) {
      if (schedule.cron !== cron || schedule.id !== FETCH_SCHEDULE_JOB_ID) await queue.removeRepeatableByKey(schedule.key);
    }
    await this.jobs.enqueue(QueueName.FrontierFetch, FrontierJob.FetchAll, {}, { jobId: FETCH_SCHEDULE_JOB_ID, repeat: { cron } });
    this.logger.log(`registered the frontier fetch schedule (${cron})`);
    return 1;
  }
}
