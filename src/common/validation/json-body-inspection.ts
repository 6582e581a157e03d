import { BadRequestException } from '@nestjs/common';

export const MAX_JSON_DEPTH = 32;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Checks a parsed JSON body before it reaches class-transformer: nesting deeper than
 * MAX_JSON_DEPTH (which would overflow the recursive transformers' stack), prototype-pollution keys,
 * and strings PostgreSQL cannot store faithfully (NUL characters, lone UTF-16 surrogates).
 * Iterative, so the check itself cannot overflow.
 */
export function inspectJsonBody(body: unknown): void {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: body, path: '', depth: 0 }];
  while (stack.length) {
    const { value, path, depth } = stack.pop()!;
    const field = path || 'body';
    if (typeof value === 'string') {
      if (value.includes('\u0000')) throw new BadRequestException(`${field} must not contain NUL characters`);
      if (!value.isWellFormed()) throw new BadRequestException(`${field} must be valid Unicode text`);
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) throw new BadRequestException(`${field} is nested deeper than ${MAX_JSON_DEPTH} levels`);
    for (const [key, child] of Object.entries(value)) {
      if (FORBIDDEN_KEYS.has(key)) throw new BadRequestException(`property ${key} should not exist`);
      stack.push({ value: child, path: path ? `${path}.${key}` : key, depth: depth + 1 });
    }
  }
}
