/**
 * Fairness metrics from per-group confusion counts, with Fairlearn's definitions: difference =
 * max − min over groups, ratio = min ÷ max, equalized odds takes the worse of TPR and FPR. As in
 * Fairlearn (scikit-learn's zero_division=0) an undefined group rate counts as 0 inside the
 * aggregates, while it is reported as null per group.
 */

/** Confusion counts of one group. Without a label column every row counts as an actual negative. */
export interface GroupCounts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export interface GroupRates {
  count: number;
  /** Predicted positives (selected). */
  positives: number;
  actualPositives: number | null;
  selectionRate: number;
  truePositiveRate: number | null;
  falsePositiveRate: number | null;
  precision: number | null;
  accuracy: number | null;
}

export const RATIO_METRICS = ['demographic_parity_ratio', 'equalized_odds_ratio'] as const;
export const AGGREGATE_METRICS = [
  'demographic_parity_difference',
  'demographic_parity_ratio',
  'equalized_odds_difference',
  'equalized_odds_ratio',
  'equal_opportunity_difference',
  'false_positive_rate_difference',
  'predictive_parity_difference',
  'accuracy_difference',
] as const;
/** Metrics that need the label column; without it only the selection-rate metrics are produced. */
const SELECTION_RATE_METRICS = new Set<string>(['demographic_parity_difference', 'demographic_parity_ratio']);

export const DISPARATE_IMPACT = 'disparate_impact';
export const ALL_METRICS = [...AGGREGATE_METRICS, DISPARATE_IMPACT] as const;
export type MetricName = (typeof ALL_METRICS)[number];

export function isRatioMetric(name: string): boolean {
  return name === DISPARATE_IMPACT || (RATIO_METRICS as readonly string[]).includes(name);
}

const rate = (numerator: number, denominator: number): number | null => (denominator === 0 ? null : numerator / denominator);

export function groupRates(c: GroupCounts, hasLabels: boolean): GroupRates {
  const count = c.tp + c.fp + c.fn + c.tn;
  const positives = c.tp + c.fp;
  return {
    count,
    positives,
    actualPositives: hasLabels ? c.tp + c.fn : null,
    selectionRate: positives / count,
    truePositiveRate: hasLabels ? rate(c.tp, c.tp + c.fn) : null,
    falsePositiveRate: hasLabels ? rate(c.fp, c.fp + c.tn) : null,
    precision: hasLabels ? rate(c.tp, c.tp + c.fp) : null,
    accuracy: hasLabels ? (c.tp + c.tn) / count : null,
  };
}

/** max − min, undefined values counting as 0. */
export function difference(values: ReadonlyArray<number | null>): number {
  const defined = values.map((v) => v ?? 0);
  return Math.max(...defined) - Math.min(...defined);
}

/** min ÷ max, undefined values counting as 0; null when the max is 0. */
export function ratio(values: ReadonlyArray<number | null>): number | null {
  const defined = values.map((v) => v ?? 0);
  const max = Math.max(...defined);
  return max === 0 ? null : Math.min(...defined) / max;
}

/** The aggregate metrics of one attribute (or intersection) over its groups. */
export function aggregateMetrics(groups: readonly GroupCounts[], hasLabels: boolean): Map<MetricName, number | null> {
  const rates = groups.map((g) => groupRates(g, hasLabels));
  const selection = rates.map((r) => r.selectionRate);
  const metrics = new Map<MetricName, number | null>([
    ['demographic_parity_difference', difference(selection)],
    ['demographic_parity_ratio', ratio(selection)],
  ]);
  if (!hasLabels) return metrics;
  const tpr = rates.map((r) => r.truePositiveRate);
  const fpr = rates.map((r) => r.falsePositiveRate);
  const tprRatio = ratio(tpr);
  const fprRatio = ratio(fpr);
  metrics.set('equalized_odds_difference', Math.max(difference(tpr), difference(fpr)));
  // The smaller ratio; an undefined FPR ratio is skipped, an undefined TPR ratio makes it undefined.
  metrics.set('equalized_odds_ratio', tprRatio === null ? null : fprRatio === null ? tprRatio : Math.min(tprRatio, fprRatio));
  metrics.set('equal_opportunity_difference', difference(tpr));
  metrics.set('false_positive_rate_difference', difference(fpr));
  metrics.set('predictive_parity_difference', difference(rates.map((r) => r.precision)));
  metrics.set('accuracy_difference', difference(rates.map((r) => r.accuracy)));
  return metrics;
}

/** Each group's selection rate ÷ the highest group's (null when the highest is 0). */
export function disparateImpacts(groups: readonly GroupCounts[]): Array<number | null> {
  const selection = groups.map((g) => (g.tp + g.fp) / (g.tp + g.fp + g.fn + g.tn));
  const max = Math.max(...selection);
  return selection.map((s) => (max === 0 ? null : s / max));
}

export function metricsFor(hasLabels: boolean): readonly MetricName[] {
  return AGGREGATE_METRICS.filter((m) => hasLabels || SELECTION_RATE_METRICS.has(m));
}

export type MetricStatus = 'pass' | 'warning' | 'fail';

/**
 * Ratios pass at ≥ threshold, differences at ≤ threshold. A score within `margin` on the failing
 * side is a warning; farther out it fails. An undefined score (null) cannot be shown to pass: warning.
 */
export function metricStatus(metric: string, score: number | null, threshold: number, margin: number): MetricStatus {
  if (score === null) return 'warning';
  if (isRatioMetric(metric)) return score >= threshold ? 'pass' : score >= threshold - margin ? 'warning' : 'fail';
  return score <= threshold ? 'pass' : score <= threshold + margin ? 'warning' : 'fail';
}
