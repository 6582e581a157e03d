import type { EntityMetadata } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import type { RelationMetadata } from 'typeorm/metadata/RelationMetadata.js';
import { isSecretName } from '../admin/admin-secrets.js';
import type { AuditChanges } from './entities/audit-log.entity.js';

/** Stands for a secret's value (password hash, API key hash, encrypted token, webhook secret): the trail says it changed, never what to. */
export const REDACTED = '[redacted]';

type Row = Record<string, unknown>;

function isSecret(column: ColumnMetadata): boolean {
  return isSecretName(column.propertyName) || isSecretName(column.databaseName);
}

/** Properties never recorded: `updated_at` changes with every write; `ignored` comes from AUDITED_ENTITIES. */
function isRecorded(column: ColumnMetadata, ignored: readonly string[]): boolean {
  return !column.isUpdateDate && !ignored.includes(column.propertyName);
}

/** A value as JSON stores it (dates as ISO strings, undefined as null); referenced rows as their id. */
export function toAuditValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (Buffer.isBuffer(value)) return `[${value.length} bytes]`;
  if (typeof value === 'object') return JSON.parse(JSON.stringify(value)) as unknown;
  return value;
}

function secretValue(value: unknown): unknown {
  return value === undefined || value === null ? null : REDACTED;
}

function readColumn(column: ColumnMetadata, row: Row | undefined): unknown {
  if (!row) return undefined;
  const value = column.getEntityValue(row);
  // A relation column may hold the related row rather than its id.
  if (column.relationMetadata && value && typeof value === 'object' && !(value instanceof Date)) return (value as Row).id;
  return value;
}

/** Every recorded column of a created (`after`) or deleted (`before`) row. */
export function snapshotChanges(
  metadata: EntityMetadata,
  row: Row,
  side: 'before' | 'after',
  ignored: readonly string[] = [],
): AuditChanges {
  const changes: AuditChanges = {};
  for (const column of metadata.columns) {
    if (!isRecorded(column, ignored)) continue;
    const raw = readColumn(column, row);
    const value = isSecret(column) ? secretValue(raw) : toAuditValue(raw);
    changes[column.propertyPath] = side === 'after' ? { before: null, after: value } : { before: value, after: null };
  }
  return changes;
}

/**
 * The fields an update changed, with before and after. TypeORM hands the columns it wrote; a value
 * rewritten unchanged (after normalisation, e.g. the same date) is left out, and so is `updated_at`.
 */
export function updateChanges(
  metadata: EntityMetadata,
  before: Row | undefined,
  after: Row,
  updatedColumns: readonly ColumnMetadata[],
  updatedRelations: readonly RelationMetadata[] = [],
  ignored: readonly string[] = [],
): AuditChanges {
  const columns = new Set(updatedColumns);
  // A relation set as an object (`user.role = role`) writes its join column.
  for (const relation of updatedRelations) for (const column of relation.joinColumns) columns.add(column);
  const changes: AuditChanges = {};
  for (const column of columns) {
    if (!isRecorded(column, ignored) || column.isPrimary) continue;
    const oldValue = readColumn(column, before);
    const newValue = readColumn(column, after);
    if (isSecret(column)) {
      // The old value of a secret is often not loaded (select: false): it counts as changed whenever written.
      if (newValue !== undefined)
        changes[column.propertyPath] = { before: oldValue === null ? null : REDACTED, after: secretValue(newValue) };
      continue;
    }
    const beforeValue = toAuditValue(oldValue);
    const afterValue = toAuditValue(newValue);
    if (JSON.stringify(beforeValue) !== JSON.stringify(afterValue))
      changes[column.propertyPath] = { before: beforeValue, after: afterValue };
  }
  return changes;
}
