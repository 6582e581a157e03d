import { ApiProperty } from '@nestjs/swagger';
import {
  AI_SYSTEM_RISK_LEVELS,
  AI_SYSTEM_STATUSES,
  COMPLIANCE_STATUSES,
  IMPACT_LEVELS,
  LIKELIHOOD_LEVELS,
  MITIGATION_STATUSES,
  RISK_CATEGORIES,
  RISK_STATUSES,
  SEVERITIES,
} from '../../../common/domain/vocabulary.js';

/** Count per value: every allowed value is listed (0 when absent), plus any other value found in storage. */
export type CountsByValue = Record<string, number>;

function CountsProperty(values: readonly string[], description: string) {
  return ApiProperty({
    type: 'object',
    description: `${description}. Every allowed value is present (0 when none); a stored value outside the list is added under its own key.`,
    properties: Object.fromEntries(values.map((value) => [value, { type: 'integer', minimum: 0 }])),
    required: [...values],
    additionalProperties: { type: 'integer', minimum: 0 },
    example: Object.fromEntries(values.map((value, i) => [value, i])),
  });
}

export class AiSystemCountsDto {
  @ApiProperty({ type: 'integer', minimum: 0, example: 14 }) total: number;
  @CountsProperty(AI_SYSTEM_STATUSES, 'AI systems per status') byStatus: CountsByValue;
  @CountsProperty(AI_SYSTEM_RISK_LEVELS, 'AI systems per risk level') byRiskLevel: CountsByValue;
  @ApiProperty({ type: 'integer', minimum: 0, example: 2, description: 'AI systems without a risk level (not counted in byRiskLevel)' })
  withoutRiskLevel: number;
}

export class RiskItemCountsDto {
  @ApiProperty({ type: 'integer', minimum: 0, example: 37 }) total: number;
  @CountsProperty(RISK_STATUSES, 'Risk items per status') byStatus: CountsByValue;
  @CountsProperty(SEVERITIES, 'Risk items per severity') bySeverity: CountsByValue;
  @CountsProperty(RISK_CATEGORIES, 'Risk items per category') byCategory: CountsByValue;
  @CountsProperty(IMPACT_LEVELS, 'Risk items per impact') byImpact: CountsByValue;
  @CountsProperty(LIKELIHOOD_LEVELS, 'Risk items per likelihood') byLikelihood: CountsByValue;
  @ApiProperty({ type: 'integer', minimum: 0, example: 21, description: 'Risk items with status open' }) open: number;
  @ApiProperty({ type: 'integer', minimum: 0, example: 9, description: 'Risk items of severity high or critical, whatever their status' })
  highOrCritical: number;
}

export class MitigationCountsDto {
  @ApiProperty({ type: 'integer', minimum: 0, example: 52 }) total: number;
  @CountsProperty(MITIGATION_STATUSES, 'Mitigations per status') byStatus: CountsByValue;
}

export class ComplianceIssueCountsDto {
  @ApiProperty({ type: 'integer', minimum: 0, example: 8 }) total: number;
  @CountsProperty(COMPLIANCE_STATUSES, 'Compliance issues per status') byStatus: CountsByValue;
  @CountsProperty(SEVERITIES, 'Compliance issues per severity') bySeverity: CountsByValue;
}

export class DashboardSummaryDto {
  @ApiProperty({ type: AiSystemCountsDto }) aiSystems: AiSystemCountsDto;
  @ApiProperty({ type: RiskItemCountsDto }) riskItems: RiskItemCountsDto;
  @ApiProperty({ type: MitigationCountsDto }) mitigations: MitigationCountsDto;
  @ApiProperty({ type: ComplianceIssueCountsDto }) complianceIssues: ComplianceIssueCountsDto;
}
