import { ApiProperty, PartialType } from '@nestjs/swagger';
import { AI_SYSTEM_RISK_LEVELS, AI_SYSTEM_STATUSES } from '../../../common/domain/vocabulary.js';
import { PageQueryDto } from '../../../common/pagination/page-query.dto.js';
import { DateField, EnumField, IdField, QueryEnumFilter, QueryIdFilter, TextField } from '../../../common/validation/fields.js';
import type { AiSystem } from '../entities/ai-system.entity.js';

export class CreateAiSystemDto {
  @TextField({ maxLength: 200, example: 'Credit scoring model' })
  name: string;

  @TextField({
    maxLength: 10000,
    optional: true,
    nullable: true,
    allowEmpty: true,
    example: 'Gradient-boosted model that scores loan applications.',
  })
  description?: string | null;

  @EnumField(AI_SYSTEM_STATUSES, { optional: true, example: 'active', description: 'Default active' })
  status?: string;

  @IdField({ optional: true, nullable: true, description: 'A user of your organization who owns the system' })
  ownerId?: number | null;

  @EnumField(AI_SYSTEM_RISK_LEVELS, { optional: true, nullable: true, example: 'high' })
  riskLevel?: string | null;

  @TextField({ maxLength: 100, optional: true, nullable: true, example: '2.3.1' })
  version?: string | null;

  @DateField({ optional: true, nullable: true })
  deployedAt?: Date | null;
}

export class UpdateAiSystemDto extends PartialType(CreateAiSystemDto, { skipNullProperties: false }) {}

export class AiSystemQueryDto extends PageQueryDto {
  @QueryEnumFilter(AI_SYSTEM_STATUSES, 'Only systems with this status')
  status?: string[];

  @QueryEnumFilter(AI_SYSTEM_RISK_LEVELS, 'Only systems with this risk level')
  riskLevel?: string[];

  @QueryIdFilter('Only systems owned by this user')
  ownerId?: number;
}

export class AiSystemResponseDto {
  @ApiProperty({ example: 12 }) id: number;
  @ApiProperty({ example: 'Credit scoring model' }) name: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ enum: AI_SYSTEM_STATUSES, example: 'active' }) status: string;
  @ApiProperty({ type: Number, nullable: true, example: 7 }) ownerId: number | null;
  @ApiProperty({ example: 3 }) organizationId: number;
  @ApiProperty({ type: String, enum: AI_SYSTEM_RISK_LEVELS, nullable: true, example: 'high' }) riskLevel: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2.3.1' }) version: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deployedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export function toAiSystemResponse(system: AiSystem): AiSystemResponseDto {
  return {
    id: system.id,
    name: system.name,
    description: system.description,
    status: system.status,
    ownerId: system.ownerId,
    organizationId: system.organizationId,
    riskLevel: system.riskLevel,
    version: system.version,
    deployedAt: system.deployedAt,
    createdAt: system.createdAt,
    updatedAt: system.updatedAt,
  };
}
