import { DEFAULT_DIFFERENCE_THRESHOLD, DEFAULT_RATIO_THRESHOLD } from '../bias-analysis.constants.js';
import type { ScanConfig } from '../bias-analysis.types.js';
import type { GroupingResult } from '../ingestion/group-counter.js';
import { bootstrapIntervals } from './bootstrap.js';
import {
  aggregateMetrics,
  DISPARATE_IMPACT,
  disparateImpacts,
  groupRates,
  isRatioMetric,
  metricsFor,
  metricStatus,
  type MetricName,
  type MetricStatus,
} from './fairness-metrics.js';

export const METRIC_DESCRIPTIONS: Record<MetricName, string> = {
  demographic_parity_difference: 'Largest minus smallest selection rate between groups',
  demographic_parity_ratio: 'Smallest divided by largest selection rate between groups',
  equalized_odds_difference: 'The larger of the true-positive-rate and false-positive-rate differences between groups',
  equalized_odds_ratio: 'The smaller of the true-positive-rate and false-positive-rate ratios between groups',
  equal_opportunity_difference: 'Largest minus smallest true positive rate between groups',
  false_positive_rate_difference: 'Largest minus smallest false positive rate between groups',
  predictive_parity_difference: 'Largest minus smallest precision between groups',
  accuracy_difference: 'Largest minus smallest accuracy between groups',
  disparate_impact: "The group's selection rate divided by the highest group's (four-fifths rule)",
};

export interface MetricRow {
  metricName: MetricName;
  metricDescription: string;
  score: number | null;
  threshold: number;
  status: MetricStatus;
  demographicGroup: string;
  additionalData: Record<string, unknown>;
}

export function thresholdFor(metric: MetricName, config: Pick<ScanConfig, 'thresholds'>): number {
  return config.thresholds[metric] ?? (isRatioMetric(metric) ? DEFAULT_RATIO_THRESHOLD : DEFAULT_DIFFERENCE_THRESHOLD);
}

/** The contract's result rows: per attribute (and intersection) the aggregates, then one disparate_impact row per group. */
export function buildResultRows(groupings: readonly GroupingResult[], hasLabels: boolean, config: ScanConfig): MetricRow[] {
  const rows: MetricRow[] = [];
  for (const grouping of groupings) {
    const groups = [...grouping.groups].sort((a, b) => compareValues(a.values, b.values));
    const counts = groups.map((g) => g.counts);
    const names = groups.map((g) => grouping.attributes.map((attribute, i) => `${attribute}=${g.values[i]}`).join('|'));
    const sizes = counts.map((c) => c.tp + c.fp + c.fn + c.tn);
    const lowSampleGroups = names.filter((_, i) => sizes[i] < config.minGroupSize);
    const aggregates = aggregateMetrics(counts, hasLabels);
    const intervals = config.bootstrap.resamples > 0 ? bootstrapIntervals(counts, hasLabels, config.bootstrap) : null;
    for (const metric of metricsFor(hasLabels)) {
      const score = aggregates.get(metric) ?? null;
      const threshold = thresholdFor(metric, config);
      rows.push({
        metricName: metric,
        metricDescription: METRIC_DESCRIPTIONS[metric],
        score,
        threshold,
        status: metricStatus(metric, score, threshold, config.warningMargin),
        demographicGroup: grouping.name,
        additionalData: {
          groupCount: groups.length,
          lowSampleGroups,
          ...(intervals
            ? {
                confidenceInterval: intervals.get(metric),
                bootstrap: { resamples: config.bootstrap.resamples, seed: config.bootstrap.seed },
              }
            : {}),
        },
      });
    }
    const impacts = disparateImpacts(counts);
    const threshold = thresholdFor(DISPARATE_IMPACT, config);
    groups.forEach((group, i) => {
      const rates = groupRates(group.counts, hasLabels);
      rows.push({
        metricName: DISPARATE_IMPACT,
        metricDescription: METRIC_DESCRIPTIONS[DISPARATE_IMPACT],
        score: impacts[i],
        threshold,
        status: metricStatus(DISPARATE_IMPACT, impacts[i], threshold, config.warningMargin),
        demographicGroup: names[i],
        additionalData: {
          count: rates.count,
          positives: rates.positives,
          selectionRate: rates.selectionRate,
          truePositiveRate: rates.truePositiveRate,
          falsePositiveRate: rates.falsePositiveRate,
          precision: rates.precision,
          accuracy: rates.accuracy,
          actualPositives: rates.actualPositives,
          lowSample: rates.count < config.minGroupSize,
        },
      });
    });
  }
  return rows;
}

function compareValues(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}
