import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export const MAX_PAGE_SIZE = 100;
export const MAX_PAGE = 100_000;

/** `?page=1&limit=20&sort=field:asc|desc&q=text`, shared by every list endpoint. */
export class PageQueryDto {
  @ApiPropertyOptional({ type: Number, minimum: 1, maximum: MAX_PAGE, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page?: number;

  @ApiPropertyOptional({ type: Number, minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({
    description: 'Sort order as `field:asc` or `field:desc`; several comma-separated. Default `createdAt:desc`.',
    example: 'createdAt:desc',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(/^[A-Za-z]+(:(asc|desc|ASC|DESC))?(,[A-Za-z]+(:(asc|desc|ASC|DESC))?)*$/, {
    message: 'sort must look like field:asc or field:desc (comma-separated for several)',
  })
  sort?: string;

  @ApiPropertyOptional({ description: 'Free-text search (case-insensitive substring).', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}
