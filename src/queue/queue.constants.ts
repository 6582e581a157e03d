import type { JobOptions } from 'bull';

/** Every queue of the product. Job names and options live here too, never as literals at call sites. */
export const QueueName = {
  GithubScan: 'github-scan',
  BiasAnalysis: 'bias-analysis',
  FrontierFetch: 'frontier-fetch',
} as const;

export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const ALL_QUEUES: readonly QueueName[] = Object.values(QueueName);

export const DEFAULT_JOB_OPTIONS: JobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 5000 },
  removeOnComplete: 1000,
  removeOnFail: 5000,
};
