import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';

const optionalIf = (optional?: boolean) => (optional ? [ValidateIf((_o, v) => v !== undefined)] : []);
const doc = (optional: boolean | undefined, schema: Record<string, unknown>) =>
  optional ? ApiPropertyOptional(schema) : ApiProperty(schema);

export const UsernameField = (options: { optional?: boolean } = {}) =>
  applyDecorators(
    ...optionalIf(options.optional),
    Transform(({ value }) => (typeof value === 'string' ? value.trim() : value)),
    IsString(),
    MinLength(3),
    MaxLength(50),
    Matches(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, {
      message: 'username may contain only letters, digits, ".", "_" and "-", starting with a letter or digit',
    }),
    doc(options.optional, { example: 'ada', minLength: 3, maxLength: 50, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' }),
  );

export const EmailField = (options: { optional?: boolean } = {}) =>
  applyDecorators(
    ...optionalIf(options.optional),
    // Stored lower-cased: addresses are unique regardless of case.
    Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value)),
    IsString(),
    MaxLength(254),
    IsEmail({}, { message: 'email must be an email address' }),
    doc(options.optional, { example: 'ada@example.com', format: 'email', maxLength: 254 }),
  );

export const PasswordField = (options: { optional?: boolean } = {}) =>
  applyDecorators(
    ...optionalIf(options.optional),
    IsString(),
    MinLength(8, { message: 'password must be at least 8 characters long' }),
    MaxLength(256),
    doc(options.optional, { example: 'correct horse battery staple', minLength: 8, maxLength: 256, format: 'password' }),
  );
