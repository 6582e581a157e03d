import { ApiProperty, PartialType } from '@nestjs/swagger';
import { PageQueryDto } from '../../../common/pagination/page-query.dto.js';
import { DateField, EnumField, IdField, QueryEnumFilter, QueryIdFilter } from '../../../common/validation/fields.js';
import type { FrontierAlertConfig } from '../entities/frontier-alert-config.entity.js';
import type { FrontierAlert } from '../entities/frontier-alert.entity.js';
import { FRONTIER_ALERT_CATEGORIES } from '../frontier.constants.js';
import { FrontierModelRefDto, toFrontierModelRef } from './frontier-model.dto.js';

export class CreateFrontierAlertConfigDto {
  @IdField({ description: 'Catalog id of the model to follow (GET /api/v1/frontier-models)' })
  modelId: number;

  @EnumField(FRONTIER_ALERT_CATEGORIES, { example: 'security' })
  category: string;
}

export class UpdateFrontierAlertConfigDto extends PartialType(CreateFrontierAlertConfigDto) {}

export class FrontierAlertConfigQueryDto extends PageQueryDto {
  @QueryIdFilter('Only configs following this catalog model')
  modelId?: number;

  @QueryEnumFilter(FRONTIER_ALERT_CATEGORIES, 'Only configs of this category')
  category?: string[];
}

export class FrontierAlertConfigResponseDto {
  @ApiProperty({ example: 4 }) id: number;
  @ApiProperty({ example: 3 }) modelId: number;
  @ApiProperty({ type: FrontierModelRefDto }) model: FrontierModelRefDto;
  @ApiProperty({ enum: FRONTIER_ALERT_CATEGORIES, example: 'security' }) category: string;
  @ApiProperty({ example: 1 }) organizationId: number;
  @ApiProperty({ type: Number, nullable: true, example: 7 }) createdById: number | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export function toFrontierAlertConfigResponse(config: FrontierAlertConfig): FrontierAlertConfigResponseDto {
  return {
    id: config.id,
    modelId: config.modelId,
    model: toFrontierModelRef(config.model!),
    category: config.category,
    organizationId: config.organizationId,
    createdById: config.createdById,
    createdAt: config.createdAt,
    updatedAt: config.updatedAt,
  };
}

export class FrontierAlertQueryDto extends PageQueryDto {
  @QueryIdFilter('Only alerts about this catalog model')
  modelId?: number;

  @QueryEnumFilter(FRONTIER_ALERT_CATEGORIES, 'Only alerts of this category')
  category?: string[];

  @DateField({ optional: true, description: 'Only alerts published at or after this time' })
  since?: Date;
}

export class FrontierAlertResponseDto {
  @ApiProperty({ example: 41 }) id: number;
  @ApiProperty({ example: 4 }) alertConfigId: number;
  @ApiProperty({ example: 3 }) modelId: number;
  @ApiProperty({ type: FrontierModelRefDto }) model: FrontierModelRefDto;
  @ApiProperty({ enum: FRONTIER_ALERT_CATEGORIES, example: 'deprecation' }) category: string;
  @ApiProperty({ example: 'Deprecating GPT-4o in the API' }) title: string;
  @ApiProperty({ type: String, nullable: true, example: 'GPT-4o will be retired on …' }) description: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'https://openai.com/index/gpt-4o-deprecation' }) url: string | null;
  @ApiProperty({ type: String, format: 'date-time', description: 'When the item was published (else first seen), UTC' })
  datePublished: Date;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export function toFrontierAlertResponse(alert: FrontierAlert): FrontierAlertResponseDto {
  const config = alert.alertConfig!;
  return {
    id: alert.id,
    alertConfigId: alert.alertConfigId,
    modelId: config.modelId,
    model: toFrontierModelRef(config.model!),
    category: config.category,
    title: alert.title,
    description: alert.description,
    url: alert.url,
    datePublished: alert.datePublished,
    createdAt: alert.createdAt,
  };
}
