import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsDate, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { MAX_INT32 } from './id-param.pipe.js';

/**
 * Field decorators that validate and document in one place, so the OpenAPI schema and the
 * validation rules cannot drift apart.
 */
interface FieldOptions {
  optional?: boolean;
  /** Optional fields may also be sent as null to clear them. */
  nullable?: boolean;
  description?: string;
  example?: unknown;
}

function presence(options: FieldOptions) {
  if (!options.optional) return [];
  // `null` is accepted (to clear a value) only where the field is nullable.
  return options.nullable ? [IsOptional()] : [ValidateIf((_o, v) => v !== undefined)];
}

function doc(options: FieldOptions, schema: Record<string, unknown>) {
  const base = { description: options.description, example: options.example, nullable: options.nullable, ...schema };
  return options.optional ? ApiPropertyOptional(base) : ApiProperty(base);
}

export function TextField(options: FieldOptions & { maxLength: number; allowEmpty?: boolean }) {
  return applyDecorators(
    ...presence(options),
    IsString(),
    ...(options.allowEmpty ? [] : [IsNotEmpty()]),
    MaxLength(options.maxLength),
    Transform(({ value }) => (typeof value === 'string' ? value.trim() : value)),
    doc(options, { type: String, maxLength: options.maxLength, minLength: options.allowEmpty ? 0 : 1 }),
  );
}

export function EnumField(values: readonly string[], options: FieldOptions = {}) {
  return applyDecorators(
    ...presence(options),
    IsIn(values as string[], { message: ({ property }) => `${property} must be one of: ${values.join(', ')}` }),
    doc(options, { type: String, enum: values, example: options.example ?? values[0] }),
  );
}

export function IdField(options: FieldOptions = {}) {
  return applyDecorators(
    ...presence(options),
    IsInt(),
    Min(1),
    Max(MAX_INT32),
    doc(options, { type: Number, minimum: 1, maximum: MAX_INT32, example: options.example ?? 1 }),
  );
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

export function DateField(options: FieldOptions = {}) {
  return applyDecorators(
    ...presence(options),
    Transform(({ value }) => {
      const match = typeof value === 'string' ? ISO_DATE.exec(value) : null;
      if (!match) return value;
      // Date rolls impossible days over (2025-02-30 → March 2); refuse them instead.
      const [year, month, day] = match.slice(1, 4).map(Number);
      const calendar = new Date(Date.UTC(year, month - 1, day));
      if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) return value;
      const date = new Date(value);
      return Number.isNaN(date.getTime()) ? value : date;
    }),
    IsDate({ message: ({ property }) => `${property} must be an ISO-8601 date-time` }),
    doc(options, { type: String, format: 'date-time', example: options.example ?? '2026-01-15T09:00:00Z' }),
  );
}

export function BooleanField(options: FieldOptions = {}) {
  return applyDecorators(...presence(options), IsBoolean(), doc(options, { type: Boolean }));
}

/** Query-string variants: values arrive as strings. */
export function QueryIdFilter(description: string) {
  return applyDecorators(
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(MAX_INT32),
    ApiPropertyOptional({ type: Number, minimum: 1, description }),
  );
}

export function QueryEnumFilter(values: readonly string[], description: string) {
  return applyDecorators(
    IsOptional(),
    // `status=open,mitigated` or `status=open&status=mitigated` select several values.
    Transform(({ value }) => (Array.isArray(value) ? value : String(value).split(',')).map((v) => String(v).trim())),
    IsIn(values as string[], {
      each: true,
      message: ({ property }) => `${property} must be one of: ${values.join(', ')} (comma-separated for several)`,
    }),
    ApiPropertyOptional({
      type: String,
      description: `${description}. One of ${values.join(', ')}; comma-separated for several.`,
      example: values[0],
    }),
  );
}

export function QueryBooleanFilter(description: string) {
  return applyDecorators(
    IsOptional(),
    Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)),
    IsBoolean({ message: ({ property }) => `${property} must be true or false` }),
    ApiPropertyOptional({ type: Boolean, description }),
  );
}
