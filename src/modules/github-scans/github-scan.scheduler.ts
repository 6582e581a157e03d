import { Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, Not } from 'typeorm';
import { JobProducer } from '../../queue/job-producer.js';
import { QueueName } from '../../queue/queue.constants.js';
import { GithubScanConfig } from './entities/github-scan-config.entity.js';
import { GithubScanJob, scheduleJobId, type ScheduledRescanJobData } from './github-scans.constants.js';

const REDIS_TIMEOUT_MS = 3000;

/** Fails fast with 503 rather than waiting on an unreachable Redis. */
async function withinTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new ServiceUnavailableException('The job queue (Redis) is unavailable; try again shortly')),
          REDIS_TIMEOUT_MS,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

interface Schedulable {
  id: number;
  organizationId: number;
  rescanCron: string | null;
}

/**
 * Scheduled rescans are Bull repeatable jobs with a fixed id per configuration: Redis holds one
 * schedule however many workers register it, and each tick runs once.
 */
@Injectable()
export class GithubScanScheduler {
  private readonly logger = new Logger(GithubScanScheduler.name);

  constructor(
    private readonly producer: JobProducer,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * Makes Redis hold exactly every configuration's schedule (all organizations: workers act for
   * each): registers the missing or changed ones and removes those of deleted configurations.
   * Idempotent and cheap when nothing changed; run by every worker at start-up and by the queue
   * reconciler (a Redis that lost its data lost the schedules). Returns the number of changes.
   */
  async syncAll(): Promise<number> {
    const configs = await this.dataSource
      .getRepository(GithubScanConfig)
      .find({ select: { id: true, organizationId: true, rescanCron: true }, where: { rescanCron: Not(IsNull()) } });
    const registered = (await withinTimeout(this.producer.queue(QueueName.GithubScan).getRepeatableJobs())).filter(
      (job) => job.name === GithubScanJob.ScheduledRescan,
    );
    let changes = 0;
    for (const config of configs) {
      const schedules = registered.filter((job) => job.id === scheduleJobId(config.id));
      if (schedules.length === 1 && schedules[0].cron === config.rescanCron) continue;
      await this.sync(config);
      this.logger.log(`registered the rescan schedule '${config.rescanCron}' of scan configuration ${config.id}`);
      changes++;
    }
    const existing = new Set(configs.map((c) => c.id));
    for (const id of await this.scheduledConfigIds()) {
      if (existing.has(id)) continue;
      await this.remove(id);
      changes++;
    }
    return changes;
  }

  /** Makes Redis hold exactly the configuration's current schedule (none when rescanCron is null). */
  async sync(config: Schedulable): Promise<void> {
    await this.remove(config.id, config.rescanCron);
    if (!config.rescanCron) return;
    await this.producer.enqueue<ScheduledRescanJobData>(
      QueueName.GithubScan,
      GithubScanJob.ScheduledRescan,
      { organizationId: config.organizationId, configId: config.id },
      { jobId: scheduleJobId(config.id), repeat: { cron: config.rescanCron, tz: 'UTC' }, attempts: 1 },
    );
  }

  /** Removes the configuration's schedules other than `keepCron`. */
  async remove(configId: number, keepCron: string | null = null): Promise<void> {
    const queue = this.producer.queue(QueueName.GithubScan);
    for (const job of await withinTimeout(queue.getRepeatableJobs())) {
      if (job.name === GithubScanJob.ScheduledRescan && job.id === scheduleJobId(configId) && job.cron !== keepCron) {
        await withinTimeout(queue.removeRepeatableByKey(job.key));
        this.logger.log(`removed the rescan schedule '${job.cron}' of scan configuration ${configId}`);
      }
    }
  }

  /** Schedules registered in Redis, for configurations that may no longer exist. */
  async scheduledConfigIds(): Promise<number[]> {
    const jobs = await this.producer.queue(QueueName.GithubScan).getRepeatableJobs();
    return jobs.filter((j) => j.name === GithubScanJob.ScheduledRescan).flatMap((j) => Number(j.id?.split('-').pop()) || []);
  }
}
