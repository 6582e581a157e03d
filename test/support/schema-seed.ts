import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const REPOSITORY_ROOT = join(import.meta.dirname, '..', '..');

/** The team's canonical seed document, beside the repository (as in development and CI). */
export const SHARED_SEED_SCHEMA_PATH = join(REPOSITORY_ROOT, '..', 'shared', 'seed', '000_b14c20e81326f484.txt');
/** A copy kept in the repository for checkouts without the shared folder; a test keeps it identical. */
export const VENDORED_SEED_SCHEMA_PATH = join(REPOSITORY_ROOT, 'test', 'fixtures', 'seed-schema.txt');

/** The seed document that defines the database schema. */
export const SEED_SCHEMA_PATH =
  process.env.SEED_SCHEMA_PATH ?? (existsSync(SHARED_SEED_SCHEMA_PATH) ? SHARED_SEED_SCHEMA_PATH : VENDORED_SEED_SCHEMA_PATH);

export type SeedColumnType = 'Serial' | 'Text array' | 'Text' | 'Boolean' | 'Integer' | 'Float' | 'Timestamp with timezone';

export interface SeedColumn {
  name: string;
  type: SeedColumnType;
  primaryKey: boolean;
  unique: boolean;
  nullable: boolean;
  references?: { table: string; column: string };
}

export interface SeedTable {
  name: string;
  columns: SeedColumn[];
}

// Longest first, so that "Text array" is not read as "Text".
const SEED_TYPES: SeedColumnType[] = ['Timestamp with timezone', 'Text array', 'Serial', 'Text', 'Boolean', 'Integer', 'Float'];

const TABLE_LINE = /^Table:\s*`([a-z_]+)`\s*$/;
const COLUMN_LINE = /^-\s*`([a-z_]+)`:\s*(.+)$/;

function parseColumn(name: string, description: string, line: number): SeedColumn {
  const type = SEED_TYPES.find((t) => description === t || new RegExp(`^${t}(?=[\\s,(]|$)`).test(description));
  // An unknown type means the seed changed in a way this test does not understand yet: fail loudly.
  if (!type) throw new Error(`seed line ${line}: unknown column type in "${description}"`);
  const foreignKey = /Foreign Key to ([a-z_]+)\.([a-z_]+)/.exec(description);
  return {
    name,
    type,
    primaryKey: /\bPrimary Key\b/.test(description),
    unique: /\bUnique\b/.test(description),
    nullable: /\bNullable\b/.test(description),
    ...(foreignKey ? { references: { table: foreignKey[1], column: foreignKey[2] } } : {}),
  };
}

/** Reads the tables and columns out of the seed document (`Table: \`name\`` and `- \`column\`: Type, …` lines). */
export function parseSeedSchema(text: string): SeedTable[] {
  const tables: SeedTable[] = [];
  let current: SeedTable | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    // A heading ends the previous table's column list.
    if (line.startsWith('#')) current = undefined;
    const table = TABLE_LINE.exec(line);
    if (table) {
      current = { name: table[1], columns: [] };
      tables.push(current);
      return;
    }
    const column = COLUMN_LINE.exec(line);
    if (!column) return;
    if (!current) throw new Error(`seed line ${index + 1}: column \`${column[1]}\` outside a table`);
    current.columns.push(parseColumn(column[1], column[2].trim(), index + 1));
  });
  return tables;
}

export function readSeedSchema(path = SEED_SCHEMA_PATH): SeedTable[] {
  return parseSeedSchema(readFileSync(path, 'utf8'));
}
