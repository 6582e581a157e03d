import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { BUILT_IN_ROLES } from '../../src/common/permissions/permissions.js';
import { loadConfig } from '../../src/config/app-config.js';
import { buildDataSourceOptions } from '../../src/database/data-source-options.js';
import { runMigrationsExclusively } from '../../src/database/run-migrations.js';
import { readSchemaCatalog, type CatalogColumn, type SchemaCatalog } from '../support/schema-catalog.js';
import {
  readSeedSchema,
  SEED_SCHEMA_PATH,
  SHARED_SEED_SCHEMA_PATH,
  VENDORED_SEED_SCHEMA_PATH,
  type SeedColumnType,
} from '../support/schema-seed.js';
import { createTestDatabase } from '../support/test-database.js';

const MIGRATIONS_TABLE = 'typeorm_migrations';
const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

/** How PostgreSQL's information_schema reports each type of the seed document. */
const EXPECTED_TYPES: Record<SeedColumnType, { dataType: string; udtName?: string }> = {
  Serial: { dataType: 'integer' },
  Text: { dataType: 'text' },
  'Text array': { dataType: 'ARRAY', udtName: '_text' },
  Boolean: { dataType: 'boolean' },
  Integer: { dataType: 'integer' },
  Float: { dataType: 'double precision' },
  'Timestamp with timezone': { dataType: 'timestamp with time zone' },
};

const describeType = (c: CatalogColumn) => (c.dataType === 'ARRAY' ? `ARRAY of ${c.udtName}` : c.dataType);
const sameColumns = (a: readonly (string | null)[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

describe('Migrations and the database schema', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataSource: DataSource;

  const executedMigrations = async () =>
    Number((await dataSource.query<Array<{ count: string }>>(`SELECT count(*) AS count FROM "${MIGRATIONS_TABLE}"`))[0].count);

  beforeAll(async () => {
    database = await createTestDatabase({ empty: true });
    dataSource = new DataSource(buildDataSourceOptions(loadConfig({ ...process.env, DATABASE_URL: database.url })));
    await dataSource.initialize();
  });

  afterAll(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await database?.drop();
  });

  it('run forward on an empty database, revert all the way back, and run forward again to the same schema', async () => {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    expect(applied.map((m) => m.name)).toEqual(MIGRATIONS.map((m) => m.name));
    expect(await executedMigrations()).toBe(MIGRATIONS.length);
    const firstSchema = await readSchemaCatalog(dataSource);

    let reverted = 0;
    while ((await executedMigrations()) > 0) {
      if (++reverted > MIGRATIONS.length) throw new Error('undoLastMigration keeps leaving executed migrations behind');
      await dataSource.undoLastMigration({ transaction: 'each' });
    }
    expect(reverted).toBe(MIGRATIONS.length);
    // Nothing of the application may survive the revert: no table, sequence, view or enum type.
    const leftovers = await dataSource.query<Array<{ name: string; kind: string }>>(
      `SELECT c.relname AS name, c.relkind::text AS kind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'S', 'v', 'm') AND c.relname NOT IN ($1, $2)
       UNION ALL
       SELECT t.typname, 'enum' FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = 'public' AND t.typtype = 'e'`,
      [MIGRATIONS_TABLE, `${MIGRATIONS_TABLE}_id_seq`],
    );
    expect(leftovers).toEqual([]);
    expect(await executedMigrations()).toBe(0);

    const reapplied = await dataSource.runMigrations({ transaction: 'each' });
    expect(reapplied).toHaveLength(MIGRATIONS.length);
    expect(await readSchemaCatalog(dataSource)).toEqual(firstSchema);
  });

  it('applies each migration once when several processes start at the same time (advisory lock)', async () => {
    const empty = await createTestDatabase({ empty: true });
    const processes = Array.from(
      { length: 3 },
      () => new DataSource(buildDataSourceOptions(loadConfig({ ...process.env, DATABASE_URL: empty.url }))),
    );
    try {
      await Promise.all(processes.map((ds) => ds.initialize()));
      const applied = await Promise.all(processes.map((ds) => runMigrationsExclusively(ds)));
      expect(applied.flat().map((m) => m.name)).toEqual(MIGRATIONS.map((m) => m.name));
      const [{ count }] = await processes[0].query(`SELECT count(*)::int AS count FROM "${MIGRATIONS_TABLE}"`);
      expect(count).toBe(MIGRATIONS.length);
    } finally {
      await Promise.all(processes.filter((ds) => ds.isInitialized).map((ds) => ds.destroy()));
      await empty.drop();
    }
  });

  it('lists every migration file of migrations/ in MIGRATIONS (migrations/index.ts), in timestamp order', async () => {
    const files = readdirSync(MIGRATIONS_DIR).filter((file) => file !== 'index.ts');
    const migrationFiles = files.filter((file) => /^\d{13}-[A-Za-z0-9]+\.ts$/.test(file)).sort();
    // A file that does not follow the naming scheme would be silently ignored: refuse it.
    expect(files.filter((file) => !migrationFiles.includes(file))).toEqual([]);
    expect(migrationFiles.length).toBeGreaterThan(0);

    const listed = new Set<unknown>(MIGRATIONS);
    const missing: string[] = [];
    for (const file of migrationFiles) {
      const exports = (await import(`../../migrations/${file.replace(/\.ts$/, '.js')}`)) as Record<string, unknown>;
      const classes = Object.values(exports).filter((value) => typeof value === 'function');
      expect({ file, classes: classes.length }).toEqual({ file, classes: 1 });
      if (!listed.has(classes[0])) missing.push(file);
    }
    expect(missing).toEqual([]);
    expect(MIGRATIONS).toHaveLength(migrationFiles.length);
    const timestamps = MIGRATIONS.map((m) => Number(/(\d{13})$/.exec(m.name)?.[1]));
    expect(timestamps).toEqual([...timestamps].sort((a, b) => a - b));
  });

  describe('after migrating', () => {
    const seed = readSeedSchema();
    let catalog: SchemaCatalog;

    beforeAll(async () => {
      await dataSource.runMigrations({ transaction: 'each' });
      catalog = await readSchemaCatalog(dataSource);
    });

    const column = (table: string, name: string) => catalog.columns.find((c) => c.table === table && c.column === name);
    const constraintsOf = (kind: 'p' | 'f', table: string) => catalog.constraints.filter((c) => c.kind === kind && c.table === table);

    it('keeps the vendored copy of the seed document identical to the shared one', () => {
      if (!existsSync(SHARED_SEED_SCHEMA_PATH)) return; // a checkout without ../shared tests against the copy
      expect(readFileSync(VENDORED_SEED_SCHEMA_PATH, 'utf8')).toBe(readFileSync(SHARED_SEED_SCHEMA_PATH, 'utf8'));
    });

    it(`reads the 15 tables of the seed document (${SEED_SCHEMA_PATH})`, () => {
      expect(seed).toHaveLength(15);
      for (const table of seed)
        expect({ table: table.name, hasColumns: table.columns.length > 1 }).toEqual({ table: table.name, hasColumns: true });
      const uniques = seed.flatMap((t) => t.columns.filter((c) => c.unique).map((c) => `${t.name}.${c.name}`));
      expect(uniques.sort()).toEqual(['frontier_models_list.model_id', 'users.email', 'users.username']);
    });

    it('has every table and column of the seed document, with the seed types', () => {
      const problems: string[] = [];
      for (const table of seed) {
        if (!catalog.tables.includes(table.name)) {
          problems.push(`table ${table.name} is missing`);
          continue;
        }
        for (const seedColumn of table.columns) {
          const where = `${table.name}.${seedColumn.name}`;
          const actual = column(table.name, seedColumn.name);
          if (!actual) {
            problems.push(`${where} is missing`);
            continue;
          }
          const expected = EXPECTED_TYPES[seedColumn.type];
          if (actual.dataType !== expected.dataType || (expected.udtName && actual.udtName !== expected.udtName)) {
            problems.push(`${where} is ${describeType(actual)}, the seed says ${seedColumn.type}`);
          }
          if (seedColumn.type === 'Serial' && !actual.default?.startsWith('nextval(')) {
            problems.push(`${where} is Serial in the seed but has no sequence default (default: ${actual.default})`);
          }
        }
      }
      expect(problems).toEqual([]);
    });

    it('has the seed primary keys (and serials), unique columns and nullable columns', () => {
      const problems: string[] = [];
      for (const table of seed) {
        for (const seedColumn of table.columns) {
          const where = `${table.name}.${seedColumn.name}`;
          if (seedColumn.primaryKey || seedColumn.type === 'Serial') {
            const primaryKeys = constraintsOf('p', table.name);
            if (!primaryKeys.some((pk) => sameColumns(pk.columns, [seedColumn.name]))) {
              problems.push(
                `${where} is not the primary key (primary key: ${primaryKeys.map((pk) => pk.columns.join(', ')).join(' | ') || 'none'})`,
              );
            }
          }
          // A unique constraint, or a plain unique index on the column: both enforce it.
          if (
            seedColumn.unique &&
            !catalog.indexes.some((i) => i.table === table.name && i.unique && sameColumns(i.columns, [seedColumn.name]))
          ) {
            problems.push(`${where} has no unique constraint`);
          }
          if (seedColumn.nullable && column(table.name, seedColumn.name)?.nullable === false) {
            problems.push(`${where} is NOT NULL, the seed says Nullable`);
          }
        }
      }
      expect(problems).toEqual([]);
    });

    it('backs every "Foreign Key to x.id" of the seed with a real foreign key constraint', () => {
      const problems: string[] = [];
      for (const table of seed) {
        for (const seedColumn of table.columns.filter((c) => c.references)) {
          const { table: target, column: targetColumn } = seedColumn.references!;
          const found = constraintsOf('f', table.name).some(
            (fk) =>
              sameColumns(fk.columns, [seedColumn.name]) &&
              fk.referencedTable === target &&
              sameColumns(fk.referencedColumns, [targetColumn]),
          );
          if (!found) problems.push(`${table.name}.${seedColumn.name} has no foreign key to ${target}.${targetColumn}`);
        }
      }
      expect(problems).toEqual([]);
    });

    it('indexes every foreign-key column (an index whose first column it is)', () => {
      const foreignKeys = catalog.constraints.filter((c) => c.kind === 'f');
      expect(foreignKeys.length).toBeGreaterThan(0);
      const unindexed = foreignKeys
        .filter((fk) => !catalog.indexes.some((i) => i.table === fk.table && i.columns[0] === fk.columns[0]))
        .map((fk) => `${fk.table}.${fk.columns.join(', ')} (${fk.name})`);
      expect(unindexed).toEqual([]);
    });

    it('agrees with the TypeORM entities: synchronizing would change nothing', async () => {
      const pending = await dataSource.driver.createSchemaBuilder().log();
      const queries = pending.upQueries.map((q) => q.query);
      expect({ schemaChangesTheEntitiesNeed: queries }).toEqual({ schemaChangesTheEntitiesNeed: [] });
    });

    it('seeds the built-in roles with the permissions of BUILT_IN_ROLES', async () => {
      const rows = await dataSource.query<Array<{ name: string; permissions: string[] }>>(`SELECT name, permissions FROM roles`);
      const normalize = (roles: Array<{ name: string; permissions: readonly string[] }>) =>
        roles.map((r) => ({ name: r.name, permissions: [...r.permissions].sort() })).sort((a, b) => a.name.localeCompare(b.name));
      expect(normalize(rows)).toEqual(normalize([...BUILT_IN_ROLES]));
    });
  });
});
