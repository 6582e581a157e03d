import { ApiProperty, PartialType } from '@nestjs/swagger';
import { MITIGATION_STATUSES } from '../../../common/domain/vocabulary.js';
import { PageQueryDto } from '../../../common/pagination/page-query.dto.js';
import { EnumField, QueryEnumFilter, TextField } from '../../../common/validation/fields.js';
import type { RiskMitigation } from '../entities/risk-mitigation.entity.js';

export class CreateMitigationDto {
  @TextField({ maxLength: 10000, example: 'Re-sample the training set to match the production age distribution' })
  description: string;

  @EnumField(MITIGATION_STATUSES, { example: 'in-progress' })
  status: string;

  @TextField({ maxLength: 10000, optional: true, nullable: true, allowEmpty: true, example: 'Data team owns this; due end of Q3.' })
  notes?: string | null;
}

export class UpdateMitigationDto extends PartialType(CreateMitigationDto, { skipNullProperties: false }) {}

export class MitigationQueryDto extends PageQueryDto {
  @QueryEnumFilter(MITIGATION_STATUSES, 'Only mitigations with this status')
  status?: string[];
}

export class MitigationResponseDto {
  @ApiProperty({ example: 5 }) id: number;
  @ApiProperty({ example: 42, description: 'The risk item this mitigation belongs to' }) riskItemId: number;
  @ApiProperty({ example: 'Re-sample the training set to match the production age distribution' }) description: string;
  @ApiProperty({ enum: MITIGATION_STATUSES, example: 'in-progress' }) status: string;
  @ApiProperty({ type: String, nullable: true, example: 'Data team owns this; due end of Q3.' }) notes: string | null;
  @ApiProperty({ example: 3 }) organizationId: number;
  @ApiProperty({ type: Number, nullable: true, example: 7, description: 'The user who recorded the mitigation' }) createdById:
    number | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export function toMitigationResponse(mitigation: RiskMitigation): MitigationResponseDto {
  return {
    id: mitigation.id,
    riskItemId: mitigation.riskItemId,
    description: mitigation.description,
    status: mitigation.status,
    notes: mitigation.notes,
    organizationId: mitigation.organizationId,
    createdById: mitigation.createdById,
    createdAt: mitigation.createdAt,
    updatedAt: mitigation.updatedAt,
  };
}
