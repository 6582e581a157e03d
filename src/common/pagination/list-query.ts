import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { paginated, type Paginated } from './paginated.js';
import { parseSort, type SortTerm } from './sort.js';

/** How a list may be ordered; shared by organization-scoped and global (catalog) lists. */
export interface SortRules {
  sortable: readonly string[];
  defaultSort: SortTerm;
  /** Ordinal properties sorted by their position in a list of values (low < medium < high), not alphabetically. */
  ranked?: Readonly<Record<string, readonly string[]>>;
}

/** `%text%` for ILIKE, with the wildcard characters of `text` matched literally. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Orders by `sort` (or the default), then by id so that pages are stable. */
export function applySort<E extends ObjectLiteral>(
  qb: SelectQueryBuilder<E>,
  sort: string | undefined,
  rules: SortRules,
): SelectQueryBuilder<E> {
  const terms = parseSort(sort, rules.sortable, rules.defaultSort);
  for (const { field, direction } of terms) {
    const column = `${qb.alias}.${field}`;
    const ranks = rules.ranked?.[field];
    // The rank lists are the product's own constants, never request input.
    const expression = ranks ? `array_position(ARRAY[${ranks.map((v) => `'${v}'`).join(', ')}]::text[], ${column})` : column;
    qb.addOrderBy(expression, direction, direction === 'ASC' ? 'NULLS FIRST' : 'NULLS LAST');
  }
  // TypeORM keeps one order per expression, so the tie-breaker must not override a requested id order.
  if (!terms.some((term) => term.field === 'id')) qb.addOrderBy(`${qb.alias}.id`, rules.defaultSort.direction);
  return qb;
}

/** One page of a filtered, sorted query, with the total over all pages. */
export async function fetchPage<E extends ObjectLiteral>(
  qb: SelectQueryBuilder<E>,
  options: { page?: number; limit?: number },
): Promise<Paginated<E>> {
  const page = options.page ?? 1;
  const limit = options.limit ?? 20;
  const [rows, total] = await qb
    .skip((page - 1) * limit)
    .take(limit)
    .getManyAndCount();
  return paginated(rows, page, limit, total);
}
