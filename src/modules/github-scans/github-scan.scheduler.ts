import { Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { JobProducer } from '../../queue/job-producer.js';
import { QueueName } from '../../queue/queue.constants.js';
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

  constructor(private readonly producer: JobProducer) {}

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
