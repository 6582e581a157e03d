import {
  aggregateMetrics,
  difference,
  disparateImpacts,
  groupRates,
  metricsFor,
  metricStatus,
  ratio,
  type GroupCounts,
} from './fairness-metrics.js';

const A: GroupCounts = { tp: 2, fp: 1, fn: 1, tn: 4 }; // sel 3/8, TPR 2/3, FPR 1/5, precision 2/3, accuracy 6/8
const B: GroupCounts = { tp: 1, fp: 3, fn: 0, tn: 4 }; // sel 4/8, TPR 1, FPR 3/7, precision 1/4, accuracy 5/8
const C: GroupCounts = { tp: 0, fp: 0, fn: 0, tn: 2 }; // sel 0, TPR undefined, FPR 0, precision undefined, accuracy 1

const close = (actual: number | null | undefined, expected: number) => expect(actual).toBeCloseTo(expected, 12);

describe('fairness metrics (Fairlearn definitions)', () => {
  it('computes a group’s rates, null where undefined', () => {
    expect(groupRates(A, true)).toEqual({
      count: 8,
      positives: 3,
      actualPositives: 3,
      selectionRate: 3 / 8,
      truePositiveRate: 2 / 3,
      falsePositiveRate: 1 / 5,
      precision: 2 / 3,
      accuracy: 6 / 8,
    });
    expect(groupRates(C, true)).toMatchObject({ truePositiveRate: null, precision: null, falsePositiveRate: 0, accuracy: 1 });
    expect(groupRates({ tp: 3, fp: 0, fn: 1, tn: 0 }, true)).toMatchObject({ falsePositiveRate: null });
    expect(groupRates(A, false)).toMatchObject({ selectionRate: 3 / 8, truePositiveRate: null, accuracy: null, actualPositives: null });
  });

  it('takes max − min and min ÷ max, undefined counting as 0, a zero maximum making the ratio null', () => {
    expect(difference([0.2, null, 0.5])).toBe(0.5);
    expect(ratio([0.25, 0.5])).toBe(0.5);
    expect(ratio([null, 0.5])).toBe(0);
    expect(ratio([0, 0, null])).toBeNull();
  });

  it('aggregates two groups with every rate defined', () => {
    const m = aggregateMetrics([A, B], true);
    close(m.get('demographic_parity_difference'), 0.125);
    close(m.get('demographic_parity_ratio'), 0.75);
    close(m.get('equal_opportunity_difference'), 1 / 3);
    close(m.get('false_positive_rate_difference'), 3 / 7 - 1 / 5);
    close(m.get('equalized_odds_difference'), 1 / 3);
    // TPR ratio 2/3, FPR ratio (1/5)/(3/7) = 7/15: the smaller.
    close(m.get('equalized_odds_ratio'), 7 / 15);
    close(m.get('predictive_parity_difference'), 2 / 3 - 1 / 4);
    close(m.get('accuracy_difference'), 1 / 8);
  });

  it('counts a group’s undefined TPR and precision as 0 inside the aggregates', () => {
    const m = aggregateMetrics([A, B, C], true);
    close(m.get('demographic_parity_difference'), 0.5);
    expect(m.get('demographic_parity_ratio')).toBe(0);
    close(m.get('equal_opportunity_difference'), 1);
    close(m.get('predictive_parity_difference'), 2 / 3);
    close(m.get('equalized_odds_difference'), 1);
    expect(m.get('equalized_odds_ratio')).toBe(0);
    close(m.get('accuracy_difference'), 1 - 5 / 8);
  });

  it('skips an undefined FPR ratio in equalized_odds_ratio, and is null when the TPR ratio is undefined', () => {
    // No actual negatives anywhere: every FPR is undefined, so the FPR ratio is undefined.
    const noNegatives = aggregateMetrics(
      [
        { tp: 1, fp: 0, fn: 1, tn: 0 },
        { tp: 3, fp: 0, fn: 1, tn: 0 },
      ],
      true,
    );
    close(noNegatives.get('equalized_odds_ratio'), 0.5 / 0.75);
    expect(noNegatives.get('false_positive_rate_difference')).toBe(0);
    // No true positives anywhere: the TPR ratio is undefined.
    const noHits = aggregateMetrics(
      [
        { tp: 0, fp: 1, fn: 2, tn: 1 },
        { tp: 0, fp: 2, fn: 1, tn: 2 },
      ],
      true,
    );
    expect(noHits.get('equalized_odds_ratio')).toBeNull();
    // Nobody selected: the demographic parity ratio is undefined.
    const noneSelected = aggregateMetrics(
      [
        { tp: 0, fp: 0, fn: 1, tn: 1 },
        { tp: 0, fp: 0, fn: 0, tn: 3 },
      ],
      true,
    );
    expect(noneSelected.get('demographic_parity_ratio')).toBeNull();
    expect(noneSelected.get('demographic_parity_difference')).toBe(0);
    expect(disparateImpacts([{ tp: 0, fp: 0, fn: 1, tn: 1 }])).toEqual([null]);
  });

  it('gives each group’s disparate impact against the highest selection rate', () => {
    expect(disparateImpacts([A, B, C])).toEqual([0.75, 1, 0]);
  });

  it('produces only the selection-rate metrics without a label column', () => {
    expect(metricsFor(false)).toEqual(['demographic_parity_difference', 'demographic_parity_ratio']);
    expect([...aggregateMetrics([A, B], false).keys()]).toEqual(['demographic_parity_difference', 'demographic_parity_ratio']);
    expect(metricsFor(true)).toHaveLength(8);
  });

  it('passes ratios at ≥ threshold and differences at ≤ threshold, with a warning band on the failing side', () => {
    expect(metricStatus('demographic_parity_ratio', 0.8, 0.8, 0.05)).toBe('pass');
    expect(metricStatus('demographic_parity_ratio', 0.76, 0.8, 0.05)).toBe('warning');
    expect(metricStatus('disparate_impact', 0.7, 0.8, 0.05)).toBe('fail');
    expect(metricStatus('accuracy_difference', 0.1, 0.1, 0.05)).toBe('pass');
    expect(metricStatus('accuracy_difference', 0.12, 0.1, 0.05)).toBe('warning');
    expect(metricStatus('equalized_odds_difference', 0.2, 0.1, 0.05)).toBe('fail');
    expect(metricStatus('equalized_odds_ratio', null, 0.8, 0.05)).toBe('warning');
  });
});
