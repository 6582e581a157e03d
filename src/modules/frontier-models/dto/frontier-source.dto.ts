import { ApiProperty, PartialType } from '@nestjs/swagger';
import { PageQueryDto } from '../../../common/pagination/page-query.dto.js';
import { BooleanField, EnumField, QueryBooleanFilter, QueryEnumFilter, TextField } from '../../../common/validation/fields.js';
import type { FrontierSource } from '../entities/frontier-source.entity.js';
import { FRONTIER_SOURCE_KINDS, FRONTIER_SOURCE_STATUSES } from '../frontier.constants.js';

export class CreateFrontierSourceDto {
  @TextField({ maxLength: 200, example: 'OpenAI News' })
  name: string;

  @TextField({ maxLength: 2000, example: 'https://openai.com/news/rss.xml', description: 'http(s) URL of the feed' })
  url: string;

  @EnumField(FRONTIER_SOURCE_KINDS, {
    example: 'rss',
    description:
      'rss (RSS 2.0), atom (Atom 1.0; rss/atom documents are recognised either way), json (JSON Feed), osv (OSV records or GitHub advisories), nvd (NVD CVE API 2.0)',
  })
  kind: string;

  @TextField({
    maxLength: 100,
    optional: true,
    nullable: true,
    example: 'OpenAI',
    description:
      'Catalog provider the feed speaks for: its pricing, policy and incident items that name no model concern all of that provider’s models',
  })
  provider?: string | null;

  @BooleanField({ optional: true, description: 'Default true' })
  enabled?: boolean;
}

export class UpdateFrontierSourceDto extends PartialType(CreateFrontierSourceDto, { skipNullProperties: false }) {}

export class FrontierSourceQueryDto extends PageQueryDto {
  @QueryEnumFilter(FRONTIER_SOURCE_KINDS, 'Only sources of this kind')
  kind?: string[];

  @QueryEnumFilter(FRONTIER_SOURCE_STATUSES, 'Only sources whose last fetch ended so')
  status?: string[];

  @QueryBooleanFilter('Only enabled (true) or disabled (false) sources')
  enabled?: boolean;
}

export class FrontierSourceResponseDto {
  @ApiProperty({ example: 2 }) id: number;
  @ApiProperty({ example: 'OpenAI News' }) name: string;
  @ApiProperty({ example: 'https://openai.com/news/rss.xml' }) url: string;
  @ApiProperty({ enum: FRONTIER_SOURCE_KINDS, example: 'rss' }) kind: string;
  @ApiProperty({ type: String, nullable: true, example: 'OpenAI' }) provider: string | null;
  @ApiProperty({ example: true }) enabled: boolean;
  @ApiProperty({ enum: FRONTIER_SOURCE_STATUSES, example: 'ok', description: 'pending: never fetched' }) status: string;
  @ApiProperty({ type: String, nullable: true, example: 'HTTP 500 Internal Server Error from https://…' }) error: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastFetchedAt: Date | null;
  @ApiProperty({ example: 0 }) consecutiveFailures: number;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'After repeated failures the source is skipped until then',
  })
  nextAttemptAt: Date | null;
  @ApiProperty({ type: String, nullable: true, example: 'W/"5e1f-abc"' }) etag: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Wed, 06 May 2026 08:42:51 GMT' }) lastModified: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Where the last fetch ended after redirects' }) finalUrl: string | null;
  @ApiProperty({ type: Number, nullable: true, example: 20, description: 'Items in the last document fetched' }) lastItemCount:
    number | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export function toFrontierSourceResponse(source: FrontierSource): FrontierSourceResponseDto {
  return {
    id: source.id,
    name: source.name,
    url: source.url,
    kind: source.kind,
    provider: source.provider,
    enabled: source.enabled,
    status: source.status,
    error: source.lastError,
    lastFetchedAt: source.lastFetchedAt,
    consecutiveFailures: source.consecutiveFailures,
    nextAttemptAt: source.nextAttemptAt,
    etag: source.etag,
    lastModified: source.lastModified,
    finalUrl: source.finalUrl,
    lastItemCount: source.lastItemCount,
    createdAt: source.createdAt,
    updatedAt: source.updatedAt,
  };
}

export class FetchRunResponseDto {
  @ApiProperty({ example: 'frontier-fetch:all:1767225600000' }) jobId: string;
  @ApiProperty({ example: 'queued', enum: ['queued'] }) status: string;
}
