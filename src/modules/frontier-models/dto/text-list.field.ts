import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsString, MaxLength, ValidateIf } from 'class-validator';

/** A list of short non-empty strings (trimmed, duplicates removed), validated and documented together. */
export function TextListField(options: {
  maxItems: number;
  maxLength: number;
  optional?: boolean;
  description?: string;
  example?: string[];
}) {
  const doc: ApiPropertyOptions = {
    type: [String],
    maxItems: options.maxItems,
    description: options.description,
    example: options.example,
  };
  return applyDecorators(
    ...(options.optional ? [ValidateIf((_o, v) => v !== undefined)] : []),
    IsArray(),
    ArrayMaxSize(options.maxItems),
    IsString({ each: true }),
    IsNotEmpty({ each: true }),
    MaxLength(options.maxLength, { each: true }),
    Transform(({ value }) => (Array.isArray(value) ? [...new Set(value.map((v) => (typeof v === 'string' ? v.trim() : v)))] : value)),
    options.optional ? ApiPropertyOptional(doc) : ApiProperty(doc),
  );
}
