/** Job names of the bias-analysis queue. */
export const BiasJob = { Analyze: 'analyze' } as const;

/**
 * Uploads are staged in PostgreSQL in chunks of about this size (before compression): small
 * enough that node-postgres parses each row quickly, large enough to keep round trips few.
 */
export const DATA_CHUNK_BYTES = 1024 * 1024;

/** Largest webhook batch (raw body). */
export const WEBHOOK_BATCH_MAX_BYTES = 16 * 1024 * 1024;

/** Distinct values allowed per protected attribute and per intersection (memory bound of the analysis). */
export const MAX_GROUPS = 10_000;

/** Longest CSV record or JSON record accepted. */
export const MAX_RECORD_BYTES = 1024 * 1024;

/** The group name given to empty or missing attribute values. */
export const MISSING_GROUP = '(missing)';

export const DEFAULT_RATIO_THRESHOLD = 0.8;
export const DEFAULT_DIFFERENCE_THRESHOLD = 0.1;
export const DEFAULT_WARNING_MARGIN = 0.05;
export const DEFAULT_MIN_GROUP_SIZE = 30;
export const DEFAULT_BOOTSTRAP = { resamples: 1000, seed: 20240601 };
