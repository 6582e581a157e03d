import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiProperty, getSchemaPath } from '@nestjs/swagger';

export class PageMetaDto {
  @ApiProperty({ example: 1 })
  page: number;

  @ApiProperty({ example: 20 })
  limit: number;

  @ApiProperty({ example: 123, description: 'Rows matching the filters, over all pages.' })
  total: number;

  @ApiProperty({ example: 7 })
  totalPages: number;
}

export interface Paginated<T> {
  data: T[];
  meta: PageMetaDto;
}

export function paginated<T>(data: T[], page: number, limit: number, total: number): Paginated<T> {
  return { data, meta: { page, limit, total, totalPages: Math.ceil(total / limit) } };
}

/** Documents the `{ data: [...], meta: {...} }` list envelope for a response DTO. */
export function ApiPaginatedResponse(model: Type<unknown>, description = 'One page of results') {
  return applyDecorators(
    ApiExtraModels(PageMetaDto, model),
    ApiOkResponse({
      description,
      schema: {
        type: 'object',
        required: ['data', 'meta'],
        properties: {
          data: { type: 'array', items: { $ref: getSchemaPath(model) } },
          meta: { $ref: getSchemaPath(PageMetaDto) },
        },
      },
    }),
  );
}

/** Maps the rows of a page (entities to response DTOs), keeping its meta. */
export function mapPage<T, U>(page: Paginated<T>, map: (row: T) => U): Paginated<U> {
  return { data: page.data.map(map), meta: page.meta };
}
