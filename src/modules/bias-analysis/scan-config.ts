import { BadRequestException } from '@nestjs/common';
import { DEFAULT_BOOTSTRAP, DEFAULT_MIN_GROUP_SIZE, DEFAULT_WARNING_MARGIN } from './bias-analysis.constants.js';
import type { ScanConfig } from './bias-analysis.types.js';
import { ALL_METRICS } from './metrics/fairness-metrics.js';

const KNOWN_KEYS = new Set([
  'labelColumn',
  'predictionColumn',
  'scoreColumn',
  'scoreThreshold',
  'positiveLabel',
  'protectedAttributes',
  'intersections',
  'thresholds',
  'warningMargin',
  'minGroupSize',
  'bootstrap',
  'openComplianceIssue',
  'aiSystemId',
]);

const bad = (message: string) => new BadRequestException(`config.${message}`);

function optionalColumn(raw: Record<string, unknown>, key: string): string | null {
  const value = raw[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !value.trim() || value.length > 200) throw bad(`${key} must be a column name (1–200 characters)`);
  return value;
}

function finiteNumber(value: unknown, key: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw bad(`${key} must be a number between ${min} and ${max}`);
  }
  return value;
}

/** Validates a scan's `config` (object or JSON text) and fills in the defaults; 400 naming the field. */
export function parseScanConfig(input: unknown): ScanConfig {
  let raw = input;
  if (typeof input === 'string') {
    try {
      raw = JSON.parse(input);
    } catch {
      throw new BadRequestException('config must be a JSON object');
    }
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new BadRequestException('config must be a JSON object');
  const c = raw as Record<string, unknown>;
  for (const key of Object.keys(c)) if (!KNOWN_KEYS.has(key)) throw bad(`${key} is not a known setting`);

  const labelColumn = optionalColumn(c, 'labelColumn');
  const predictionColumn = optionalColumn(c, 'predictionColumn');
  const scoreColumn = optionalColumn(c, 'scoreColumn');
  if (predictionColumn && scoreColumn) throw bad('predictionColumn and scoreColumn exclude each other');
  if (!predictionColumn && !scoreColumn) throw bad('predictionColumn (or scoreColumn with scoreThreshold) is required');
  const scoreThreshold =
    c.scoreThreshold === undefined || c.scoreThreshold === null ? null : finiteNumber(c.scoreThreshold, 'scoreThreshold', -1e300, 1e300);
  if (scoreColumn && scoreThreshold === null) throw bad('scoreThreshold is required with scoreColumn');
  if (!scoreColumn && scoreThreshold !== null) throw bad('scoreThreshold only applies with scoreColumn');

  const positive = c.positiveLabel ?? '1';
  if (!['string', 'number', 'boolean'].includes(typeof positive)) throw bad('positiveLabel must be a string');
  const positiveLabel = String(positive);

  const attributes = c.protectedAttributes;
  if (!Array.isArray(attributes) || attributes.length === 0 || attributes.length > 20) {
    throw bad('protectedAttributes must be a list of 1 to 20 column names');
  }
  for (const a of attributes)
    if (typeof a !== 'string' || !a.trim() || a.length > 200) throw bad('protectedAttributes must hold column names');
  if (new Set(attributes).size !== attributes.length) throw bad('protectedAttributes must not repeat a column');
  const protectedAttributes = attributes as string[];

  const intersectionsRaw = c.intersections ?? [];
  if (!Array.isArray(intersectionsRaw) || intersectionsRaw.length > 20) throw bad('intersections must be a list of attribute lists');
  const intersections = intersectionsRaw.map((members: unknown, i) => {
    if (!Array.isArray(members) || members.length < 2 || new Set(members).size !== members.length) {
      throw bad(`intersections[${i}] must list two or more different protected attributes`);
    }
    for (const m of members) {
      if (typeof m !== 'string' || !protectedAttributes.includes(m)) {
        throw bad(`intersections[${i}]: '${String(m)}' is not one of protectedAttributes (${protectedAttributes.join(', ')})`);
      }
    }
    return members as string[];
  });

  const thresholdsRaw = c.thresholds ?? {};
  if (thresholdsRaw === null || typeof thresholdsRaw !== 'object' || Array.isArray(thresholdsRaw))
    throw bad('thresholds must be an object');
  const thresholds: Record<string, number> = {};
  for (const [metric, value] of Object.entries(thresholdsRaw)) {
    if (!(ALL_METRICS as readonly string[]).includes(metric))
      throw bad(`thresholds.${metric} is not a metric; metrics are ${ALL_METRICS.join(', ')}`);
    thresholds[metric] = finiteNumber(value, `thresholds.${metric}`, 0, 1);
  }

  const bootstrapRaw = c.bootstrap ?? {};
  if (bootstrapRaw === null || typeof bootstrapRaw !== 'object' || Array.isArray(bootstrapRaw)) throw bad('bootstrap must be an object');
  const b = bootstrapRaw as Record<string, unknown>;
  const integer = (value: unknown, key: string, min: number, max: number) => {
    const n = finiteNumber(value, key, min, max);
    if (!Number.isInteger(n)) throw bad(`${key} must be an integer`);
    return n;
  };
  const aiSystemId = c.aiSystemId === undefined || c.aiSystemId === null ? null : integer(c.aiSystemId, 'aiSystemId', 1, 2_147_483_647);
  if (c.openComplianceIssue !== undefined && typeof c.openComplianceIssue !== 'boolean') throw bad('openComplianceIssue must be a boolean');

  return {
    labelColumn,
    predictionColumn,
    scoreColumn,
    scoreThreshold,
    positiveLabel,
    protectedAttributes,
    intersections,
    thresholds,
    warningMargin: c.warningMargin === undefined ? DEFAULT_WARNING_MARGIN : finiteNumber(c.warningMargin, 'warningMargin', 0, 1),
    minGroupSize: c.minGroupSize === undefined ? DEFAULT_MIN_GROUP_SIZE : integer(c.minGroupSize, 'minGroupSize', 1, 1_000_000_000),
    bootstrap: {
      resamples: b.resamples === undefined ? DEFAULT_BOOTSTRAP.resamples : integer(b.resamples, 'bootstrap.resamples', 0, 10_000),
      seed: b.seed === undefined ? DEFAULT_BOOTSTRAP.seed : integer(b.seed, 'bootstrap.seed', 0, 4_294_967_295),
    },
    openComplianceIssue: c.openComplianceIssue === true,
    aiSystemId,
  };
}
