import { aggregateMetrics, type GroupCounts, type MetricName } from './fairness-metrics.js';

export interface ConfidenceInterval {
  level: number;
  lower: number | null;
  upper: number | null;
}

/** mulberry32: a small, fast, seedable PRNG in [0, 1); the same seed gives the same intervals. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function standardNormal(random: () => number): number {
  // Box–Muller; 1 − u keeps the logarithm finite.
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/**
 * A Binomial(n, p) draw: exact inversion while the expected count of the rarer outcome is small,
 * a rounded normal approximation beyond (its error is far below the bootstrap's own noise there).
 */
export function binomial(n: number, p: number, random: () => number): number {
  if (n === 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomial(n, 1 - p, random);
  const mean = n * p;
  if (mean >= 30) {
    const draw = Math.round(mean + Math.sqrt(mean * (1 - p)) * standardNormal(random));
    return Math.min(n, Math.max(0, draw));
  }
  const odds = p / (1 - p);
  let k = 0;
  let probability = Math.exp(n * Math.log1p(-p));
  let cumulative = probability;
  const u = random();
  while (u > cumulative && k < n) {
    probability *= (odds * (n - k)) / (k + 1);
    cumulative += probability;
    k++;
  }
  return k;
}

/** Redraws a group's four counts multinomially, its size fixed (stratified bootstrap). */
function resampleGroup(g: GroupCounts, random: () => number): GroupCounts {
  const n = g.tp + g.fp + g.fn + g.tn;
  const tp = binomial(n, g.tp / n, random);
  let rest = n - tp;
  let restShare = n - g.tp;
  const fp = restShare === 0 ? 0 : binomial(rest, g.fp / restShare, random);
  rest -= fp;
  restShare -= g.fp;
  const fn = restShare === 0 ? 0 : binomial(rest, g.fn / restShare, random);
  return { tp, fp, fn, tn: rest - fn };
}

/** Linear-interpolation quantile of sorted values (numpy's default). */
function quantile(sorted: number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

/**
 * Percentile bootstrap intervals (95 %) of the aggregate metrics: each resample redraws every
 * group's confusion counts from its own observed proportions, so the cost depends on the number
 * of groups, never on the number of rows. Resamples where a metric is undefined are left out.
 */
export function bootstrapIntervals(
  groups: readonly GroupCounts[],
  hasLabels: boolean,
  options: { resamples: number; seed: number; level?: number },
): Map<MetricName, ConfidenceInterval> {
  const level = options.level ?? 0.95;
  const random = seededRandom(options.seed);
  const samples = new Map<MetricName, number[]>();
  for (let i = 0; i < options.resamples; i++) {
    const resampled = groups.map((g) => resampleGroup(g, random));
    for (const [metric, value] of aggregateMetrics(resampled, hasLabels)) {
      if (value === null) continue;
      const list = samples.get(metric) ?? [];
      list.push(value);
      samples.set(metric, list);
    }
  }
  const intervals = new Map<MetricName, ConfidenceInterval>();
  for (const metric of aggregateMetrics(groups, hasLabels).keys()) {
    const values = (samples.get(metric) ?? []).sort((a, b) => a - b);
    intervals.set(
      metric,
      values.length
        ? { level, lower: quantile(values, (1 - level) / 2), upper: quantile(values, (1 + level) / 2) }
        : { level, lower: null, upper: null },
    );
  }
  return intervals;
}
