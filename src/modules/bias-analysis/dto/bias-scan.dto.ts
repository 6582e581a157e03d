import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '../../../common/pagination/page-query.dto.js';
import { QueryEnumFilter } from '../../../common/validation/fields.js';
import { DATA_SOURCES, SCAN_STATUSES } from '../bias-analysis.types.js';
import type { BiasAnalysisResult } from '../entities/bias-analysis-result.entity.js';
import type { BiasAnalysisScan } from '../entities/bias-analysis-scan.entity.js';
import { ALL_METRICS } from '../metrics/fairness-metrics.js';

/** Documentation of `config` (validated by parseScanConfig, which names the field on a 400). */
export class ScanConfigDto {
  @ApiPropertyOptional({
    description: 'Actual outcome column; without it only selection-rate metrics are produced',
    example: 'two_year_recid',
  })
  labelColumn?: string;

  @ApiPropertyOptional({ description: 'Binary prediction column (or use scoreColumn + scoreThreshold)', example: 'y_pred' })
  predictionColumn?: string;

  @ApiPropertyOptional({
    description: 'Numeric score column; a prediction is positive when score ≥ scoreThreshold',
    example: 'decile_score',
  })
  scoreColumn?: string;

  @ApiPropertyOptional({ example: 5 })
  scoreThreshold?: number;

  // A JSON number or boolean is accepted and taken as its text (scan-config.ts): the document says so.
  @ApiPropertyOptional({
    description: 'Positive value of the label and prediction columns, compared as text (a number or boolean is taken as its text)',
    oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }],
    default: '1',
  })
  positiveLabel?: string;

  @ApiProperty({
    type: [String],
    example: ['race', 'sex'],
    description: 'Columns whose values form the groups; empty values form the group "(missing)"',
  })
  protectedAttributes: string[];

  @ApiPropertyOptional({ type: 'array', items: { type: 'array', items: { type: 'string' } }, example: [['race', 'sex']] })
  intersections?: string[][];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'number' },
    example: { demographic_parity_ratio: 0.8, equalized_odds_difference: 0.1 },
    description: `Threshold per metric (${ALL_METRICS.join(', ')}). Defaults: ratios 0.8, differences 0.1.`,
  })
  thresholds?: Record<string, number>;

  @ApiPropertyOptional({
    default: 0.05,
    description:
      'Warning band on the failing side of each threshold: a ratio in [threshold − margin, threshold) or a difference in (threshold, threshold + margin] is a warning, beyond it a failure. An undefined (null) score is a warning.',
  })
  warningMargin?: number;

  @ApiPropertyOptional({ default: 30, description: 'Groups with fewer rows are flagged lowSample' })
  minGroupSize?: number;

  @ApiPropertyOptional({
    example: { resamples: 1000, seed: 20240601 },
    description: '95 % bootstrap confidence intervals of the aggregate metrics (resamples 0 turns them off); seeded, so reproducible',
  })
  bootstrap?: { resamples?: number; seed?: number };

  @ApiPropertyOptional({ default: false, description: 'Open a compliance issue when a metric fails' })
  openComplianceIssue?: boolean;

  @ApiPropertyOptional({ description: 'AI system of your organization the scan (and its compliance issue) concerns' })
  aiSystemId?: number;
}

/** Multipart upload form (fields before the file). */
export class UploadScanDto {
  @ApiProperty({ maxLength: 200, example: 'COMPAS recidivism scores' })
  name: string;

  @ApiPropertyOptional({ maxLength: 10000 })
  description?: string;

  @ApiProperty({
    description: 'JSON text of the scan config (see ScanConfigDto)',
    example: '{"labelColumn":"y","predictionColumn":"p","protectedAttributes":["race"]}',
  })
  config: string;

  @ApiProperty({ type: 'string', format: 'binary', description: 'CSV (RFC 4180, header row), JSON array of records, or NDJSON' })
  file: unknown;
}

export class CreateWebhookScanDto {
  @ApiProperty({ maxLength: 200, example: 'Loan model, live traffic' })
  name: string;

  @ApiPropertyOptional({ maxLength: 10000 })
  description?: string;

  @ApiProperty({ enum: ['webhook'] })
  dataSource: 'webhook';

  @ApiProperty({ type: ScanConfigDto })
  config: ScanConfigDto;
}

export class BiasScanQueryDto extends PageQueryDto {
  @QueryEnumFilter(SCAN_STATUSES, 'Scan status')
  status?: string[];

  @QueryEnumFilter(DATA_SOURCES, 'Data source')
  dataSource?: string[];
}

export class BiasResultQueryDto extends PageQueryDto {
  @QueryEnumFilter(ALL_METRICS, 'Metric name')
  metricName?: string[];

  @QueryEnumFilter(['pass', 'warning', 'fail'], 'Result status')
  status?: string[];
}

export class BiasScanResponseDto {
  @ApiProperty({ example: 12 })
  id: number;

  @ApiProperty({ example: 'COMPAS recidivism scores' })
  name: string;

  @ApiProperty({ nullable: true, type: String })
  description: string | null;

  @ApiProperty({ enum: DATA_SOURCES, example: 'csv' })
  dataSource: string;

  @ApiProperty({ enum: SCAN_STATUSES, example: 'completed' })
  status: string;

  @ApiProperty({ type: ScanConfigDto })
  config: ScanConfigDto;

  @ApiProperty({ example: 100, description: 'Analysis progress in percent' })
  progress: number;

  @ApiProperty({ nullable: true, type: Number, example: 7214, description: 'Rows analyzed' })
  rowCount: number | null;

  @ApiProperty({ nullable: true, type: String, description: 'Why the scan failed', example: null })
  error: string | null;

  @ApiProperty({ nullable: true, type: Number, description: 'Compliance issue opened because a metric failed' })
  complianceIssueId: number | null;

  @ApiProperty({ nullable: true, type: Number })
  createdBy: number | null;

  @ApiProperty({ example: '2026-01-15T09:00:00.000Z' })
  createdAt: Date;

  @ApiProperty({ nullable: true, type: Date, description: 'When the analysis was queued (webhook scans: at /complete)' })
  queuedAt: Date | null;

  @ApiProperty({ nullable: true, type: Date })
  startedAt: Date | null;

  @ApiProperty({ nullable: true, type: Date })
  completedAt: Date | null;
}

export class CreatedBiasScanResponseDto extends BiasScanResponseDto {
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'bias-analysis:12',
    description: 'Queue job id (null until a webhook scan is completed)',
  })
  jobId: string | null;

  @ApiPropertyOptional({ example: 'https://aura.example.com/api/v1/bias-analysis/scans/12/records' })
  webhookUrl?: string;

  @ApiPropertyOptional({ description: 'HMAC-SHA256 signing secret for X-Signature-256; shown only in this response' })
  webhookSecret?: string;
}

export class RecordsAcceptedResponseDto {
  @ApiProperty({ example: 12 })
  scanId: number;

  @ApiProperty({ example: 500, description: 'Records stored from this batch' })
  accepted: number;
}

export class BiasResultResponseDto {
  @ApiProperty({ example: 1 })
  id: number;

  @ApiProperty({ example: 12 })
  scanId: number;

  @ApiProperty({ enum: ALL_METRICS, example: 'demographic_parity_ratio' })
  metricName: string;

  @ApiProperty({ nullable: true, type: String })
  metricDescription: string | null;

  @ApiProperty({ nullable: true, type: Number, example: 0.62, description: 'Null where the metric is undefined' })
  score: number | null;

  @ApiProperty({ example: 0.8 })
  threshold: number;

  @ApiProperty({ enum: ['pass', 'warning', 'fail'] })
  status: string;

  @ApiProperty({ nullable: true, type: String, example: 'race=Caucasian|sex=Male' })
  demographicGroup: string | null;

  @ApiProperty({
    nullable: true,
    type: 'object',
    additionalProperties: true,
    description:
      'Per group: count, positives, selectionRate, truePositiveRate, falsePositiveRate, precision, accuracy (null where undefined), actualPositives, lowSample. Aggregates: groupCount, lowSampleGroups, confidenceInterval {level, lower, upper}, bootstrap {resamples, seed}.',
  })
  additionalData: Record<string, unknown> | null;

  @ApiProperty()
  createdAt: Date;
}

export function toBiasScanResponse(scan: BiasAnalysisScan): BiasScanResponseDto {
  return {
    id: scan.id,
    name: scan.name,
    description: scan.description,
    dataSource: scan.dataSource,
    status: scan.status,
    config: scan.config as unknown as ScanConfigDto,
    progress: scan.progress,
    rowCount: scan.rowCount,
    error: scan.error,
    complianceIssueId: scan.complianceIssueId,
    createdBy: scan.createdBy,
    createdAt: scan.createdAt,
    queuedAt: scan.queuedAt,
    startedAt: scan.startedAt,
    completedAt: scan.completedAt,
  };
}

export function toBiasResultResponse(row: BiasAnalysisResult): BiasResultResponseDto {
  return {
    id: row.id,
    scanId: row.scanId,
    metricName: row.metricName,
    metricDescription: row.metricDescription,
    score: row.score,
    threshold: row.threshold,
    status: row.status,
    demographicGroup: row.demographicGroup,
    additionalData: row.additionalData ? (JSON.parse(row.additionalData) as Record<string, unknown>) : null,
    createdAt: row.createdAt,
  };
}
