import type { JobOptions } from 'bull';

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
 * its job lock; after `stalledInterval` another worker takes the job over, up to `maxStalledCount`
 * times before it is failed.
 */
export const QUEUE_SETTINGS = {
  lockDuration: 30_000,
  lockRenewTime: 10_000,
  stalledInterval: 15_000,
  maxStalledCount: 3,
};

/** Job ids are deterministic so that enqueueing the same work twice adds one job. */
export function jobId(queue: QueueName, ...parts: Array<string | number>): string {
  return [queue, ...parts].join(':');
}
