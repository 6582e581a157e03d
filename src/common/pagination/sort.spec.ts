import { BadRequestException } from '@nestjs/common';
import { parseSort } from './sort.js';

describe('parseSort', () => {
  const allowed = ['createdAt', 'title', 'severity'];
  const fallback = { field: 'createdAt', direction: 'DESC' as const };

  it('falls back when no sort is given', () => {
    expect(parseSort(undefined, allowed, fallback)).toEqual([fallback]);
  });

  it('parses several terms with default ascending order', () => {
    expect(parseSort('severity:desc,title', allowed, fallback)).toEqual([
      { field: 'severity', direction: 'DESC' },
      { field: 'title', direction: 'ASC' },
    ]);
  });

  it('rejects unknown fields naming the sortable ones', () => {
    expect(() => parseSort('password:asc', allowed, fallback)).toThrow(BadRequestException);
    expect(() => parseSort('password:asc', allowed, fallback)).toThrow(
      /unknown field 'password'; sortable fields are createdAt, title, severity/,
    );
  });
});
