import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/page-query.dto.js';
import { DateField, TextField } from '../../../common/validation/fields.js';
import type { FrontierModel } from '../entities/frontier-model.entity.js';
import { TextListField } from './text-list.field.js';

const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._:+-]*$/;

export class CreateFrontierModelDto {
  @TextField({ maxLength: 100, example: 'gpt-4o', description: 'Unique catalog key (letters, digits and . _ : + -)' })
  @Matches(MODEL_ID, { message: 'modelId may contain only letters, digits and . _ : + - (starting with a letter or digit)' })
  modelId: string;

  @TextField({ maxLength: 200, example: 'GPT-4o' })
  name: string;

  @TextField({ maxLength: 100, example: 'OpenAI' })
  provider: string;

  @DateField({ optional: true, nullable: true, example: '2024-05-13T00:00:00Z' })
  releaseDate?: Date | null;

  @TextField({ maxLength: 5000, optional: true, nullable: true, allowEmpty: true, example: 'OpenAI’s omni model.' })
  description?: string | null;

  @TextListField({ maxItems: 50, maxLength: 100, optional: true, example: ['text', 'vision'], description: 'Default []' })
  capabilities?: string[];

  @TextListField({
    maxItems: 100,
    maxLength: 200,
    optional: true,
    example: ['GPT-4o', 'gpt-4o', 'gpt-4o-2024-08-06'],
    description: 'Names matched in feed items (case-insensitive, on token boundaries). Default: name and modelId.',
  })
  aliases?: string[];
}

export class UpdateFrontierModelDto extends PartialType(CreateFrontierModelDto, { skipNullProperties: false }) {}

export class FrontierModelQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only models of this provider (case-insensitive)', example: 'OpenAI', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  provider?: string;
}

export class FrontierModelResponseDto {
  @ApiProperty({ example: 3 }) id: number;
  @ApiProperty({ example: 'gpt-4o' }) modelId: string;
  @ApiProperty({ example: 'GPT-4o' }) name: string;
  @ApiProperty({ example: 'OpenAI' }) provider: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) releaseDate: Date | null;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: [String], example: ['text', 'vision'] }) capabilities: string[];
  @ApiProperty({ type: [String], example: ['GPT-4o', 'gpt-4o'] }) aliases: string[];
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export function toFrontierModelResponse(model: FrontierModel): FrontierModelResponseDto {
  return {
    id: model.id,
    modelId: model.modelId,
    name: model.name,
    provider: model.provider,
    releaseDate: model.releaseDate,
    description: model.description,
    capabilities: model.capabilities,
    aliases: model.aliases,
    createdAt: model.createdAt,
    updatedAt: model.updatedAt,
  };
}

/** The catalog model as embedded in configs and alerts. */
export class FrontierModelRefDto {
  @ApiProperty({ example: 3 }) id: number;
  @ApiProperty({ example: 'gpt-4o' }) modelId: string;
  @ApiProperty({ example: 'GPT-4o' }) name: string;
  @ApiProperty({ example: 'OpenAI' }) provider: string;
}

export function toFrontierModelRef(model: FrontierModel): FrontierModelRefDto {
  return { id: model.id, modelId: model.modelId, name: model.name, provider: model.provider };
}
