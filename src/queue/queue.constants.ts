import type { JobOptions } from 'bull';
import type { AppConfig } from '../config/app-config.js';

/** Every queue of the product. Job names and options live here too, never as literals at call sites. */
export const QueueName = {
  GithubScan: 'github-scan',
  BiasAnalysis: 'bias-analysis',
  FrontierFetch: 'frontier-fetch',
} as const;

export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const ALL_QUEUES: readonly QueueName[] = Object.values(QueueName);

/**
 * Retries with exponential backoff (5 s, 10 s, 20 s, …); finished jobs are kept for a while so the
 * queue dashboard can show them. Processors must be idempotent: a retried or recovered (stalled)
 * job may run again after a partial attempt.
 */
export const DEFAULT_JOB_OPTIONS: JobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 5000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 1000 },
  removeOnFail: { age: 30 * 24 * 3600, count: 5000 },
};

/**
 * Bull's lock and stalled-job settings: a worker that dies (SIGKILL, lost machine) stops renewing
 * its job lock; once the lock has expired (`lockDuration`), the next stalled-job check of any
 * worker (every `stalledInterval`) moves the job back to the waiting list and another worker takes
 * it over, up to `maxStalledCount` times before it is failed. Defaults below; the QUEUE_LOCK_* and
 * QUEUE_STALLED_* / QUEUE_MAX_STALLED_COUNT variables override them.
 */
export const DEFAULT_QUEUE_SETTINGS = {
  lockDuration: 30_000,
  lockRenewTime: 10_000,
  stalledInterval: 15_000,
  maxStalledCount: 3,
};

export function queueSettings(queue: AppConfig['queue']): typeof DEFAULT_QUEUE_SETTINGS {
  return {
    lockDuration: queue.lockDurationMs,
    lockRenewTime: queue.lockRenewMs,
    stalledInterval: queue.stalledIntervalMs,
    maxStalledCount: queue.maxStalledCount,
  };
}

/** Job ids are deterministic so that enqueueing the same work twice adds one job. */
export function jobId(queue: QueueName, ...parts: Array<string | number>): string {
  return [queue, ...parts].join(':');
}
