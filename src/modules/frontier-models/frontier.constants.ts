/** Vocabulary and job names of the frontier-models module. */
export const FRONTIER_ALERT_CATEGORIES = ['security', 'feature', 'deprecation', 'pricing', 'policy', 'incident'] as const;
export type FrontierAlertCategory = (typeof FRONTIER_ALERT_CATEGORIES)[number];

export const FRONTIER_SOURCE_KINDS = ['rss', 'atom', 'json', 'osv', 'nvd'] as const;
export type FrontierSourceKind = (typeof FRONTIER_SOURCE_KINDS)[number];

/** Advisory kinds: every item they carry is a security item. */
export const ADVISORY_SOURCE_KINDS: readonly FrontierSourceKind[] = ['osv', 'nvd'];

export const FRONTIER_SOURCE_STATUSES = ['pending', 'ok', 'not_modified', 'error'] as const;
export type FrontierSourceStatus = (typeof FRONTIER_SOURCE_STATUSES)[number];

export const FrontierJob = {
  /** Enqueues one FetchSource job per enabled source that is not backing off (scheduled and on demand). */
  FetchAll: 'fetch-all',
  FetchSource: 'fetch-source',
  /** POSTs one delivery of new alerts to an organization's webhook (Bull retries it with backoff). */
  DeliverWebhook: 'deliver-webhook',
} as const;

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'retrying', 'delivered', 'failed'] as const;

/** Time allowed for a webhook receiver to answer. */
export const WEBHOOK_TIMEOUT_MS = 10_000;

/** Deliveries still pending this long after creation (their job was lost) are queued again by the next fetch run. */
export const STALE_DELIVERY_MS = 60_000;

/**
 * Fixed id of the repeatable schedule: every worker registers it at boot, Redis keeps one. No ":"
 * in it: Bull splits repeatable-job keys on ":" when listing them.
 */
export const FETCH_SCHEDULE_JOB_ID = 'frontier-fetch-schedule';

/** Sources fetched at the same time by one worker process. */
export const FETCH_CONCURRENCY = 4;

/** Redirects followed before a fetch is recorded as failed. */
export const MAX_REDIRECTS = 5;

/** Items taken from one document (the rest are ignored: huge feeds must not exhaust the worker). */
export const MAX_ITEMS_PER_FEED = 500;

/**
 * Back-off after repeated failures: the first failure is retried on the next run; from the
 * second on, the source is skipped for 5 min × 2^(failures − 2), at most a day.
 */
export function nextAttemptAfterFailure(consecutiveFailures: number, now: Date): Date | null {
  if (consecutiveFailures < 2) return null;
  const delayMs = Math.min(5 * 60_000 * 2 ** (consecutiveFailures - 2), 24 * 3600_000);
  return new Date(now.getTime() + delayMs);
}
