import { BadRequestException } from '@nestjs/common';

export interface SortTerm {
  field: string;
  direction: 'ASC' | 'DESC';
}

/** Parses `field:asc,other:desc` against the sortable fields of a resource. */
export function parseSort(sort: string | undefined, allowed: readonly string[], fallback: SortTerm): SortTerm[] {
  if (!sort) return [fallback];
  return sort.split(',').map((term) => {
    const [field, dir = 'asc'] = term.split(':');
    if (!allowed.includes(field)) {
      throw new BadRequestException(`sort: unknown field '${field}'; sortable fields are ${allowed.join(', ')}`);
    }
    return { field, direction: dir.toUpperCase() === 'DESC' ? 'DESC' : 'ASC' };
  });
}
