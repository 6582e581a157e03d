import type { EntityMetadata } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import { REDACTED, snapshotChanges, toAuditValue, updateChanges } from './audit-changes.js';

/** Just enough of TypeORM's column metadata for the change functions. */
const column = (propertyName: string, databaseName = propertyName, extra: Partial<ColumnMetadata> = {}) =>
  ({
    propertyName,
    propertyPath: propertyName,
    databaseName,
    isUpdateDate: false,
    isPrimary: false,
    relationMetadata: undefined,
    getEntityValue: (row: Record<string, unknown>) => row[propertyName],
    ...extra,
  }) as unknown as ColumnMetadata;

const id = column('id', 'id', { isPrimary: true });
const title = column('title');
const dueAt = column('dueAt', 'due_at');
const password = column('password');
const tokenCiphertext = column('tokenCiphertext', 'token_ciphertext');
const updatedAt = column('updatedAt', 'updated_at', { isUpdateDate: true });
const lastLoginAt = column('lastLoginAt', 'last_login_at');
const metadata = { columns: [id, title, dueAt, password, tokenCiphertext, updatedAt, lastLoginAt] } as unknown as EntityMetadata;

describe('audit changes', () => {
  it('stores values as JSON does: dates as ISO strings, undefined as null', () => {
    expect(toAuditValue(new Date('2026-01-02T03:04:05.678Z'))).toBe('2026-01-02T03:04:05.678Z');
    expect(toAuditValue(undefined)).toBeNull();
    expect(toAuditValue({ at: new Date(0), list: [1] })).toEqual({ at: '1970-01-01T00:00:00.000Z', list: [1] });
  });

  it('snapshots every recorded field of a created row, secrets redacted, updated_at and ignored fields left out', () => {
    const row = {
      id: 7,
      title: 'T',
      dueAt: null,
      password: '$argon2id$v=19$hash',
      tokenCiphertext: null,
      updatedAt: new Date(),
      lastLoginAt: new Date(),
    };
    expect(snapshotChanges(metadata, row, 'after', ['lastLoginAt'])).toEqual({
      id: { before: null, after: 7 },
      title: { before: null, after: 'T' },
      dueAt: { before: null, after: null },
      password: { before: null, after: REDACTED },
      tokenCiphertext: { before: null, after: null },
    });
    expect(snapshotChanges(metadata, row, 'before', ['lastLoginAt']).title).toEqual({ before: 'T', after: null });
  });

  it('lists only the fields an update changed, comparing normalised values', () => {
    const before = { id: 7, title: 'Old', dueAt: new Date('2026-01-01T00:00:00Z'), updatedAt: new Date(0) };
    const after = { id: 7, title: 'New', dueAt: new Date('2026-01-01T00:00:00Z'), updatedAt: new Date() };
    expect(updateChanges(metadata, before, after, [title, dueAt, updatedAt])).toEqual({ title: { before: 'Old', after: 'New' } });
  });

  it('records a written secret as changed without either value', () => {
    const changes = updateChanges(metadata, { id: 7 }, { id: 7, password: '$argon2id$new' }, [password]);
    expect(changes).toEqual({ password: { before: REDACTED, after: REDACTED } });
    expect(updateChanges(metadata, { tokenCiphertext: null }, { tokenCiphertext: 'v1:abc' }, [tokenCiphertext])).toEqual({
      tokenCiphertext: { before: null, after: REDACTED },
    });
    expect(JSON.stringify(changes)).not.toContain('argon2');
  });
});
