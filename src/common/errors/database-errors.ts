import { QueryFailedError } from 'typeorm';

/** PostgreSQL refused a row because it duplicates a unique key (23505). */
export function isUniqueViolation(error: unknown): error is QueryFailedError {
  return error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505';
}
