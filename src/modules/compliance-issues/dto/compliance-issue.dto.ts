import { ApiProperty, PartialType } from '@nestjs/swagger';
import { COMPLIANCE_STATUSES, SEVERITIES } from '../../../common/domain/vocabulary.js';
import { PageQueryDto } from '../../../common/pagination/page-query.dto.js';
import { EnumField, IdField, QueryEnumFilter, QueryIdFilter, TextField } from '../../../common/validation/fields.js';
import type { ComplianceIssue } from '../entities/compliance-issue.entity.js';

export class CreateComplianceIssueDto {
  @TextField({ maxLength: 200, example: 'No human oversight procedure documented' })
  title: string;

  @TextField({
    maxLength: 10000,
    optional: true,
    nullable: true,
    allowEmpty: true,
    example: 'EU AI Act art. 14 requires a documented human oversight procedure for high-risk systems.',
  })
  description?: string | null;

  @EnumField(COMPLIANCE_STATUSES, { example: 'open' })
  status: string;

  @EnumField(SEVERITIES, { example: 'high' })
  severity: string;

  @IdField({ optional: true, nullable: true, description: 'An AI system of your organization the issue concerns' })
  aiSystemId?: number | null;
}

export class UpdateComplianceIssueDto extends PartialType(CreateComplianceIssueDto, { skipNullProperties: false }) {}

export class ComplianceIssueQueryDto extends PageQueryDto {
  @QueryEnumFilter(COMPLIANCE_STATUSES, 'Only issues with this status')
  status?: string[];

  @QueryEnumFilter(SEVERITIES, 'Only issues with this severity')
  severity?: string[];

  @QueryIdFilter('Only issues about this AI system')
  aiSystemId?: number;
}

export class ComplianceIssueResponseDto {
  @ApiProperty({ example: 31 }) id: number;
  @ApiProperty({ example: 'No human oversight procedure documented' }) title: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ enum: COMPLIANCE_STATUSES, example: 'open' }) status: string;
  @ApiProperty({ enum: SEVERITIES, example: 'high' }) severity: string;
  @ApiProperty({ type: Number, nullable: true, example: 12 }) aiSystemId: number | null;
  @ApiProperty({ example: 3 }) organizationId: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export function toComplianceIssueResponse(issue: ComplianceIssue): ComplianceIssueResponseDto {
  return {
    id: issue.id,
    title: issue.title,
    description: issue.description,
    status: issue.status,
    severity: issue.severity,
    aiSystemId: issue.aiSystemId,
    organizationId: issue.organizationId,
    createdAt: issue.createdAt,
    updatedAt: issue.updatedAt,
  };
}
