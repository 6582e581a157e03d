/** A scan's analysis settings, as validated and stored (defaults filled in). */
export interface ScanConfig {
  labelColumn: string | null;
  predictionColumn: string | null;
  scoreColumn: string | null;
  scoreThreshold: number | null;
  /** A prediction (or label) is positive when its text equals this. */
  positiveLabel: string;
  protectedAttributes: string[];
  intersections: string[][];
  /** Per-metric threshold overrides (metric name → threshold). */
  thresholds: Record<string, number>;
  /** Width of the warning band just on the failing side of each threshold. */
  warningMargin: number;
  /** Groups with fewer rows are flagged lowSample. */
  minGroupSize: number;
  bootstrap: { resamples: number; seed: number };
  /** Open a compliance issue when a metric fails. */
  openComplianceIssue: boolean;
  /** The AI system the issue concerns (optional). */
  aiSystemId: number | null;
}

export const SCAN_STATUSES = ['pending', 'processing', 'completed', 'failed'] as const;
export type ScanStatus = (typeof SCAN_STATUSES)[number];

export const DATA_SOURCES = ['csv', 'json', 'webhook'] as const;
export const DATA_FORMATS = ['csv', 'json', 'ndjson'] as const;
export type DataFormat = (typeof DATA_FORMATS)[number];
