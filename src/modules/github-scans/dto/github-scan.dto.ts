import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import cronParser from 'cron-parser';
import { Matches, Validate, ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';
import { IMPACT_LEVELS, LIKELIHOOD_LEVELS, RISK_CATEGORIES, SEVERITIES } from '../../../common/domain/vocabulary.js';
import { PageQueryDto } from '../../../common/pagination/page-query.dto.js';
import { BooleanField, EnumField, IdField, QueryBooleanFilter, QueryEnumFilter, TextField } from '../../../common/validation/fields.js';
import { RiskItemResponseDto } from '../../risk-items/dto/risk-item.dto.js';
import type { EvidenceItem } from '../detection/detection.types.js';
import type { GithubScanConfig } from '../entities/github-scan-config.entity.js';
import type { GithubScanResult } from '../entities/github-scan-result.entity.js';
import type { GithubScanRun } from '../entities/github-scan-run.entity.js';
import type { GithubScanSummary } from '../entities/github-scan-summary.entity.js';
import { DETECTION_TYPES, SCAN_RUN_STATUSES, SCAN_TRIGGERS } from '../github-scans.constants.js';

@ValidatorConstraint({ name: 'cron' })
class CronExpression implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (value === null || value === undefined) return true;
    if (typeof value !== 'string' || value.trim().split(/\s+/).length < 5) return false;
    try {
      cronParser.parseExpression(value);
      return true;
    } catch {
      return false;
    }
  }

  defaultMessage(): string {
    return 'rescanCron must be a cron expression such as "0 3 * * 1" (minute hour day-of-month month day-of-week)';
  }
}

export class CreateGithubScanConfigDto {
  @TextField({ maxLength: 39, example: 'acme-corp', description: 'The GitHub organization (login) to scan' })
  @Matches(/^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/, {
    message: 'githubOrgName must be a GitHub organization login (letters, digits and single hyphens)',
  })
  githubOrgName: string;

  @TextField({
    maxLength: 255,
    optional: true,
    nullable: true,
    description:
      'A token with read access to the organization’s repositories; stored encrypted, never returned. Without one, GITHUB_TOKEN is used.',
    example: 'github_pat_11ABC…',
  })
  token?: string | null;

  @BooleanField({ optional: true, description: 'Also scan archived repositories (default false: counted as skipped)' })
  includeArchived?: boolean;

  @BooleanField({ optional: true, description: 'Also scan forks (default false: counted as skipped)' })
  includeForks?: boolean;

  @TextField({
    maxLength: 100,
    optional: true,
    nullable: true,
    example: '0 3 * * 1',
    description: 'Scheduled rescans (cron, UTC); null for none',
  })
  @Validate(CronExpression)
  rescanCron?: string | null;
}

export class UpdateGithubScanConfigDto extends PartialType(CreateGithubScanConfigDto, { skipNullProperties: false }) {}

export class GithubScanConfigQueryDto extends PageQueryDto {}

export class ScanProgressDto {
  @ApiProperty({ example: 42, description: 'Repositories processed (scanned, reused or failed)' }) done: number;
  @ApiProperty({ example: 120, description: 'Repositories in scope; 0 until the organization has been listed' }) total: number;
}

export class GithubScanRunResponseDto {
  @ApiProperty({ example: 7 }) id: number;
  @ApiProperty({ example: 3 }) scanConfigId: number;
  @ApiProperty({ enum: SCAN_RUN_STATUSES, example: 'running' }) status: string;
  @ApiProperty({ enum: SCAN_TRIGGERS, example: 'manual' }) trigger: string;
  @ApiProperty({ type: String, nullable: true, example: null, description: 'Why the scan failed' }) error: string | null;
  @ApiProperty({ type: ScanProgressDto }) progress: ScanProgressDto;
  @ApiProperty({ example: 2, description: 'Archived or fork repositories left out by the configuration' }) repositoriesSkipped: number;
  @ApiProperty({ example: 80, description: 'Unchanged repositories whose previous findings were reused' }) repositoriesReused: number;
  @ApiProperty({ example: 1, description: 'Repositories that could not be scanned (see their result’s scanError)' })
  repositoriesFailed: number;
  @ApiProperty({ example: 95, description: 'GitHub requests that counted against the rate limit' }) apiRequests: number;
  @ApiProperty({ example: 2, description: 'Conditional requests answered 304 (free)' }) notModifiedResponses: number;
  @ApiProperty({ type: Number, nullable: true, example: 5 }) requestedById: number | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt: Date | null;
}

export function toGithubScanRunResponse(run: GithubScanRun): GithubScanRunResponseDto {
  return {
    id: run.id,
    scanConfigId: run.scanConfigId,
    status: run.status,
    trigger: run.trigger,
    error: run.error,
    progress: { done: run.progressDone, total: run.progressTotal },
    repositoriesSkipped: run.repositoriesSkipped,
    repositoriesReused: run.repositoriesReused,
    repositoriesFailed: run.repositoriesFailed,
    apiRequests: run.apiRequests,
    notModifiedResponses: run.notModifiedResponses,
    requestedById: run.requestedById,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
  };
}

export class GithubScanConfigResponseDto {
  @ApiProperty({ example: 3 }) id: number;
  @ApiProperty({ example: 'acme-corp' }) githubOrgName: string;
  @ApiProperty({ example: 1 }) organizationId: number;
  @ApiProperty({ example: true, description: 'Whether a token is stored (the token itself is never returned)' }) hasToken: boolean;
  @ApiProperty({ example: false }) includeArchived: boolean;
  @ApiProperty({ example: false }) includeForks: boolean;
  @ApiProperty({ type: String, nullable: true, example: '0 3 * * 1' }) rescanCron: string | null;
  @ApiProperty({ enum: ['idle', ...SCAN_RUN_STATUSES], example: 'completed', description: 'Status of the latest scan' }) status: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the latest scan completed' })
  lastScanAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: GithubScanRunResponseDto, nullable: true, description: 'The latest scan: status, progress and error' })
  lastScan: GithubScanRunResponseDto | null;
}

export function toGithubScanConfigResponse(config: GithubScanConfig, lastRun: GithubScanRun | null): GithubScanConfigResponseDto {
  return {
    id: config.id,
    githubOrgName: config.githubOrgName,
    organizationId: config.organizationId,
    hasToken: config.tokenCiphertext !== null,
    includeArchived: config.includeArchived,
    includeForks: config.includeForks,
    rescanCron: config.rescanCron,
    status: config.status,
    lastScanAt: config.lastScanAt,
    createdAt: config.createdAt,
    lastScan: lastRun ? toGithubScanRunResponse(lastRun) : null,
  };
}

export class StartScanResponseDto {
  @ApiProperty({ example: 'github-scan:run:7', description: 'The queue job (the same for a scan already queued or running)' })
  jobId: string;
  @ApiProperty({ enum: SCAN_RUN_STATUSES, example: 'queued' }) status: string;
  @ApiProperty({ example: 7, description: 'The scan run, listed under /scans' }) scanId: number;
}

export class GithubScanRunQueryDto extends PageQueryDto {
  @QueryEnumFilter(SCAN_RUN_STATUSES, 'Only scans with this status')
  status?: string[];
}

export class EvidenceDto {
  @ApiProperty({ example: 'services/chat/package.json' }) path: string;
  @ApiProperty({ enum: [...DETECTION_TYPES, 'dev-dependency', 'transitive'], example: 'dependency' }) kind: string;
  @ApiProperty({ example: 'openai ^4.52.0 in dependencies' }) match: string;
  @ApiPropertyOptional({ example: 'openai' }) library?: string;
  @ApiProperty({ type: [String], example: ['OpenAI'] }) frameworks: string[];
}

export class GithubScanResultQueryDto extends PageQueryDto {
  @QueryBooleanFilter('Only repositories with (true) or without (false) AI usage')
  hasAiUsage?: boolean;

  @QueryEnumFilter(DETECTION_TYPES, 'Only results whose strongest evidence is of this kind')
  detectionType?: string[];

  @QueryBooleanFilter('Only results already added to the risk register (true) or not (false)')
  addedToRisk?: boolean;
}

export class GithubScanResultResponseDto {
  @ApiProperty({ example: 51 }) id: number;
  @ApiProperty({ example: 3 }) scanConfigId: number;
  @ApiProperty({ example: 'support-bot' }) repositoryName: string;
  @ApiProperty({ example: 'https://github.com/acme-corp/support-bot' }) repositoryUrl: string;
  @ApiProperty({ example: true }) hasAiUsage: boolean;
  @ApiProperty({ type: [String], example: ['openai', 'langchain'], description: 'Packages as declared or imported' }) aiLibraries: string[];
  @ApiProperty({ type: [String], example: ['LangChain', 'OpenAI'], description: 'Canonical framework names' }) aiFrameworks: string[];
  @ApiProperty({ type: Number, nullable: true, example: 0.87, minimum: 0, maximum: 1 }) confidenceScore: number | null;
  @ApiProperty({ type: String, enum: DETECTION_TYPES, nullable: true, example: 'dependency', description: 'Strongest evidence' })
  detectionType: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) scanDate: Date;
  @ApiProperty({ example: false }) addedToRisk: boolean;
  @ApiProperty({ type: Number, nullable: true, example: null }) riskItemId: number | null;
  @ApiProperty({ type: Number, nullable: true, example: null }) aiSystemId: number | null;
  @ApiProperty({ type: [EvidenceDto] }) evidence: EvidenceDto[];
  @ApiProperty({ type: [String], example: ['notebooks/old.ipynb: not a valid notebook (JSON parse error); skipped'] })
  scanWarnings: string[];
  @ApiProperty({ type: String, nullable: true, example: null, description: 'Why the repository could not be scanned' }) scanError:
    string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Set when AI usage found by an earlier scan disappeared' })
  aiUsageRemovedAt: Date | null;
  @ApiProperty({ type: Number, nullable: true, example: 7, description: 'The scan run that last processed the repository' }) scanId:
    number | null;
}

export function toGithubScanResultResponse(result: GithubScanResult): GithubScanResultResponseDto {
  return {
    id: result.id,
    scanConfigId: result.scanConfigId,
    repositoryName: result.repositoryName,
    repositoryUrl: result.repositoryUrl,
    hasAiUsage: result.hasAiUsage,
    aiLibraries: result.aiLibraries,
    aiFrameworks: result.aiFrameworks,
    confidenceScore: result.confidenceScore,
    detectionType: result.detectionType,
    scanDate: result.scanDate,
    addedToRisk: result.addedToRisk,
    riskItemId: result.riskItemId,
    aiSystemId: result.aiSystemId,
    evidence: result.evidence.map((e: EvidenceItem) => ({ ...e })),
    scanWarnings: result.scanWarnings,
    scanError: result.scanError,
    aiUsageRemovedAt: result.aiUsageRemovedAt,
    scanId: result.runId,
  };
}

export class GithubScanSummaryResponseDto {
  @ApiProperty({ example: 12 }) id: number;
  @ApiProperty({ example: 3 }) scanConfigId: number;
  @ApiProperty({ type: Number, nullable: true, example: 7, description: 'The completed scan run' }) scanId: number | null;
  @ApiProperty({ example: 120 }) totalRepositories: number;
  @ApiProperty({ example: 14 }) repositoriesWithAi: number;
  @ApiProperty({ example: 1, description: 'Repositories whose AI usage disappeared since the previous scan' })
  repositoriesAiRemoved: number;
  @ApiProperty({ example: 1 }) repositoriesFailed: number;
  @ApiProperty({ example: 3 }) repositoriesSkipped: number;
  @ApiProperty({ example: 100 }) repositoriesReused: number;
  @ApiProperty({ example: 61, description: 'GitHub requests that counted against the rate limit' }) apiRequests: number;
  @ApiProperty({ type: String, format: 'date-time' }) scanDate: Date;
}

export function toGithubScanSummaryResponse(summary: GithubScanSummary): GithubScanSummaryResponseDto {
  return {
    id: summary.id,
    scanConfigId: summary.scanConfigId,
    scanId: summary.runId,
    totalRepositories: summary.totalRepositories,
    repositoriesWithAi: summary.repositoriesWithAi,
    repositoriesAiRemoved: summary.repositoriesAiRemoved,
    repositoriesFailed: summary.repositoriesFailed,
    repositoriesSkipped: summary.repositoriesSkipped,
    repositoriesReused: summary.repositoriesReused,
    apiRequests: summary.apiRequests,
    scanDate: summary.scanDate,
  };
}

export class AddToRiskDto {
  @TextField({
    maxLength: 200,
    optional: true,
    example: 'Unreviewed OpenAI usage in support-bot',
    description: 'Default: "AI usage in <repository>"',
  })
  title?: string;

  @EnumField(SEVERITIES, { optional: true, example: 'medium', description: 'Default medium' })
  severity?: string;

  @EnumField(IMPACT_LEVELS, { optional: true, example: 'medium', description: 'Default medium' })
  impact?: string;

  @EnumField(LIKELIHOOD_LEVELS, { optional: true, example: 'medium', description: 'Default medium' })
  likelihood?: string;

  @EnumField(RISK_CATEGORIES, { optional: true, example: 'third_party', description: 'Default third_party' })
  category?: string;

  @BooleanField({ optional: true, description: 'Also register an AI system for the repository (requires ai_systems:write)' })
  createAiSystem?: boolean;

  @TextField({
    maxLength: 200,
    optional: true,
    example: 'support-bot',
    description: 'Name of the AI system created; default the repository name',
  })
  aiSystemName?: string;

  @IdField({ optional: true, description: 'Link the risk to an existing AI system of your organization instead' })
  aiSystemId?: number;
}

export class AddToRiskResponseDto {
  @ApiProperty({ example: true, description: 'false when the result had already been added (the same risk item is returned)' })
  created: boolean;
  @ApiProperty({ example: 51 }) resultId: number;
  @ApiProperty({ type: Number, nullable: true, example: 9 }) aiSystemId: number | null;
  @ApiProperty({ type: RiskItemResponseDto }) riskItem: RiskItemResponseDto;
}

export class CycloneDxBomDto {
  @ApiProperty({ enum: ['CycloneDX'], example: 'CycloneDX' }) bomFormat: string;
  @ApiProperty({ enum: ['1.6'], example: '1.6' }) specVersion: string;
  @ApiProperty({ example: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79' }) serialNumber: string;
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Timestamp, tool, and the organization as the subject' })
  metadata: Record<string, unknown>;
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description:
      'Repositories (application), AI libraries (library, with purl) and model files (machine-learning-model), with evidence occurrences',
  })
  components: object[];
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'AI providers reached by API calls or configuration',
  })
  services: object[];
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'What each repository uses' })
  dependencies: object[];
}
