import { BadRequestException } from '@nestjs/common';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { paginated, type Paginated } from '../../common/pagination/paginated.js';
import { parseSort, type SortTerm } from '../../common/pagination/sort.js';

/** Paging of the global (not organization-owned) catalog and sources lists, and request checks shared by the services. */
export async function pageGlobal<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  query: { page?: number; limit?: number; sort?: string },
  rules: { sortable: readonly string[]; defaultSort: SortTerm },
): Promise<Paginated<T>> {
  const terms = parseSort(query.sort, rules.sortable, rules.defaultSort);
  for (const { field, direction } of terms)
    qb.addOrderBy(`${qb.alias}.${field}`, direction, direction === 'ASC' ? 'NULLS FIRST' : 'NULLS LAST');
  if (!terms.some((term) => term.field === 'id')) qb.addOrderBy(`${qb.alias}.id`, 'ASC');
  const page = query.page ?? 1;
  const limit = query.limit ?? 20;
  const [rows, total] = await qb
    .skip((page - 1) * limit)
    .take(limit)
    .getManyAndCount();
  return paginated(rows, page, limit, total);
}

/** `%text%` for ILIKE with the wildcard characters of `text` escaped. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function isUniqueViolation(error: unknown): boolean {
  return (error as { driverError?: { code?: string } })?.driverError?.code === '23505';
}

/** 400 unless `url` (when given) is an absolute http(s) URL. */
export function assertHttpUrl(url: string | undefined): void {
  if (url === undefined) return;
  let protocol: string | undefined;
  try {
    protocol = new URL(url).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== 'http:' && protocol !== 'https:') throw new BadRequestException('url must be an absolute http(s) URL');
}
