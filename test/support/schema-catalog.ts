import type { DataSource } from 'typeorm';

/** What PostgreSQL's catalogs say about the tables of the public schema. */
export interface CatalogColumn {
  table: string;
  column: string;
  dataType: string;
  udtName: string;
  nullable: boolean;
  default: string | null;
}

export interface CatalogConstraint {
  name: string;
  kind: 'p' | 'u' | 'f';
  table: string;
  columns: string[];
  referencedTable: string | null;
  referencedColumns: string[];
}

export interface CatalogIndex {
  table: string;
  name: string;
  unique: boolean;
  /** Column names in index order; null for an expression. */
  columns: Array<string | null>;
}

export interface SchemaCatalog {
  tables: string[];
  columns: CatalogColumn[];
  constraints: CatalogConstraint[];
  indexes: CatalogIndex[];
}

// Attribute names of an int2 array of attribute numbers, in order (expressions give NULL).
const attributeNames = (numbers: string, relation: string) =>
  `ARRAY(SELECT a.attname FROM unnest(${numbers}) WITH ORDINALITY AS k(attnum, ord)
         LEFT JOIN pg_attribute a ON a.attrelid = ${relation} AND a.attnum = k.attnum ORDER BY k.ord)::text[]`;

export async function readSchemaCatalog(dataSource: DataSource): Promise<SchemaCatalog> {
  const tables = await dataSource.query<Array<{ table_name: string }>>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const columns = await dataSource.query<
    Array<{
      table_name: string;
      column_name: string;
      data_type: string;
      udt_name: string;
      is_nullable: string;
      column_default: string | null;
    }>
  >(
    `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default
       FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
  );
  const constraints = await dataSource.query<
    Array<{
      conname: string;
      contype: 'p' | 'u' | 'f';
      table_name: string;
      columns: string[];
      referenced_table: string | null;
      referenced_columns: string[];
    }>
  >(
    `SELECT c.conname, c.contype::text AS contype, t.relname AS table_name,
            ${attributeNames('c.conkey', 'c.conrelid')} AS columns,
            ft.relname AS referenced_table,
            ${attributeNames('c.confkey', 'c.confrelid')} AS referenced_columns
       FROM pg_constraint c
       JOIN pg_class t ON t.oid = c.conrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       LEFT JOIN pg_class ft ON ft.oid = c.confrelid
      WHERE n.nspname = 'public' AND c.contype IN ('p', 'u', 'f')
      ORDER BY t.relname, c.conname`,
  );
  const indexes = await dataSource.query<
    Array<{ table_name: string; index_name: string; is_unique: boolean; columns: Array<string | null> }>
  >(
    `SELECT t.relname AS table_name, i.relname AS index_name, ix.indisunique AS is_unique,
            ${attributeNames('ix.indkey::int2[]', 'ix.indrelid')} AS columns
       FROM pg_index ix
       JOIN pg_class t ON t.oid = ix.indrelid
       JOIN pg_class i ON i.oid = ix.indexrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = 'public'
      ORDER BY t.relname, i.relname`,
  );
  return {
    tables: tables.map((r) => r.table_name),
    columns: columns.map((r) => ({
      table: r.table_name,
      column: r.column_name,
      dataType: r.data_type,
      udtName: r.udt_name,
      nullable: r.is_nullable === 'YES',
      default: r.column_default,
    })),
    constraints: constraints.map((r) => ({
      name: r.conname,
      kind: r.contype,
      table: r.table_name,
      columns: r.columns,
      referencedTable: r.referenced_table,
      referencedColumns: r.referenced_columns,
    })),
    indexes: indexes.map((r) => ({ table: r.table_name, name: r.index_name, unique: r.is_unique, columns: r.columns })),
  };
}
