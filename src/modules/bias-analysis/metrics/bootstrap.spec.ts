import { binomial, bootstrapIntervals, seededRandom } from './bootstrap.js';
import { aggregateMetrics } from './fairness-metrics.js';

describe('bootstrap confidence intervals', () => {
  const groups = [
    { tp: 400, fp: 100, fn: 200, tn: 300 },
    { tp: 150, fp: 250, fn: 100, tn: 500 },
  ];

  it('is reproducible for a seed and changes with it', () => {
    const a = bootstrapIntervals(groups, true, { resamples: 300, seed: 1 });
    const b = bootstrapIntervals(groups, true, { resamples: 300, seed: 1 });
    const c = bootstrapIntervals(groups, true, { resamples: 300, seed: 2 });
    expect([...a]).toEqual([...b]);
    expect([...a]).not.toEqual([...c]);
  });

  it('brackets the point estimate with a plausible width', () => {
    const intervals = bootstrapIntervals(groups, true, { resamples: 1000, seed: 42 });
    for (const [metric, value] of aggregateMetrics(groups, true)) {
      const ci = intervals.get(metric)!;
      expect(ci.level).toBe(0.95);
      expect(ci.lower!).toBeLessThanOrEqual(value!);
      expect(ci.upper!).toBeGreaterThanOrEqual(value!);
      expect(ci.upper! - ci.lower!).toBeLessThan(0.3);
    }
    // Selection rates 0.5 and 0.4 over 1000 rows each: the difference's standard error is ≈ 0.022.
    const dp = intervals.get('demographic_parity_difference')!;
    expect(dp.upper! - dp.lower!).toBeGreaterThan(0.06);
    expect(dp.upper! - dp.lower!).toBeLessThan(0.11);
  });

  it('leaves an interval null when the metric is undefined in every resample', () => {
    const intervals = bootstrapIntervals(
      [
        { tp: 0, fp: 0, fn: 1, tn: 1 },
        { tp: 0, fp: 0, fn: 0, tn: 3 },
      ],
      true,
      { resamples: 50, seed: 3 },
    );
    expect(intervals.get('demographic_parity_ratio')).toEqual({ level: 0.95, lower: null, upper: null });
  });

  it('draws binomials with the right mean, exactly at the edges', () => {
    const random = seededRandom(9);
    expect(binomial(10, 0, random)).toBe(0);
    expect(binomial(10, 1, random)).toBe(10);
    for (const [n, p] of [
      [20, 0.3],
      [100_000, 0.4],
      [1_000_000, 0.00001],
    ]) {
      let sum = 0;
      for (let i = 0; i < 2000; i++) {
        const draw = binomial(n, p, random);
        expect(draw).toBeGreaterThanOrEqual(0);
        expect(draw).toBeLessThanOrEqual(n);
        sum += draw;
      }
      expect(Math.abs(sum / 2000 - n * p)).toBeLessThan(4 * Math.sqrt((n * p * (1 - p)) / 2000) + 1e-9);
    }
  });
});
