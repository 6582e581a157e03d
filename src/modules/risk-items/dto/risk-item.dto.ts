import { ApiProperty, OmitType, PartialType } from '@nestjs/swagger';
import { IMPACT_LEVELS, LIKELIHOOD_LEVELS, RISK_CATEGORIES, RISK_STATUSES, SEVERITIES } from '../../../common/domain/vocabulary.js';
import { PageQueryDto } from '../../../common/pagination/page-query.dto.js';
import { EnumField, IdField, QueryEnumFilter, QueryIdFilter, TextField } from '../../../common/validation/fields.js';
import type { RiskItem } from '../entities/risk-item.entity.js';

export class CreateRiskItemDto {
  @TextField({ maxLength: 200, example: 'Training data under-represents older applicants' })
  title: string;

  @TextField({
    maxLength: 10000,
    optional: true,
    nullable: true,
    allowEmpty: true,
    example: 'Applicants over 60 make up 2% of the training set but 11% of production traffic.',
  })
  description?: string | null;

  @EnumField(RISK_STATUSES, { example: 'open' })
  status: string;

  @EnumField(SEVERITIES, { example: 'high' })
  severity: string;

  @EnumField(IMPACT_LEVELS, { example: 'high' })
  impact: string;

  @EnumField(LIKELIHOOD_LEVELS, { example: 'medium' })
  likelihood: string;

  @EnumField(RISK_CATEGORIES, { example: 'bias' })
  category: string;

  @TextField({ maxLength: 10000, optional: true, nullable: true, allowEmpty: true, example: 'Model v2.3, scoring service in eu-west-1' })
  systemDetails?: string | null;

  @IdField({ optional: true, nullable: true, description: 'An AI system of your organization the risk concerns' })
  aiSystemId?: number | null;
}

export class UpdateRiskItemDto extends PartialType(CreateRiskItemDto, { skipNullProperties: false }) {}

export class RiskItemQueryDto extends PageQueryDto {
  @QueryEnumFilter(RISK_STATUSES, 'Only risks with this status')
  status?: string[];

  @QueryEnumFilter(SEVERITIES, 'Only risks with this severity')
  severity?: string[];

  @QueryEnumFilter(IMPACT_LEVELS, 'Only risks with this impact')
  impact?: string[];

  @QueryEnumFilter(LIKELIHOOD_LEVELS, 'Only risks with this likelihood')
  likelihood?: string[];

  @QueryEnumFilter(RISK_CATEGORIES, 'Only risks in this category')
  category?: string[];

  @QueryIdFilter('Only risks about this AI system')
  aiSystemId?: number;

  @QueryIdFilter('Only risks recorded by this user')
  createdById?: number;
}

/** The export takes the list's filters, search and sort, but no paging: it is the whole filtered register. */
export class RiskItemExportQueryDto extends OmitType(RiskItemQueryDto, ['page', 'limit'] as const) {}

export class RiskItemResponseDto {
  @ApiProperty({ example: 42 }) id: number;
  @ApiProperty({ example: 'Training data under-represents older applicants' }) title: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ enum: RISK_STATUSES, example: 'open' }) status: string;
  @ApiProperty({ enum: SEVERITIES, example: 'high' }) severity: string;
  @ApiProperty({ enum: IMPACT_LEVELS, example: 'high' }) impact: string;
  @ApiProperty({ enum: LIKELIHOOD_LEVELS, example: 'medium' }) likelihood: string;
  @ApiProperty({ enum: RISK_CATEGORIES, example: 'bias' }) category: string;
  @ApiProperty({ type: String, nullable: true, example: 'Model v2.3, scoring service in eu-west-1' }) systemDetails: string | null;
  @ApiProperty({ type: Number, nullable: true, example: 12 }) aiSystemId: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 7, description: 'The user who recorded the risk' }) createdById: number | null;
  @ApiProperty({ example: 3 }) organizationId: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export function toRiskItemResponse(risk: RiskItem): RiskItemResponseDto {
  return {
    id: risk.id,
    title: risk.title,
    description: risk.description,
    status: risk.status,
    severity: risk.severity,
    impact: risk.impact,
    likelihood: risk.likelihood,
    category: risk.category,
    systemDetails: risk.systemDetails,
    aiSystemId: risk.aiSystemId,
    createdById: risk.createdById,
    organizationId: risk.organizationId,
    createdAt: risk.createdAt,
    updatedAt: risk.updatedAt,
  };
}
