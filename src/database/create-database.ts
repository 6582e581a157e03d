import pg from 'pg';
import { loadConfigOrExit } from '../config/app-config.js';

/** Creates the database named in DATABASE_URL when it does not exist yet (used by `npm run setup`). */
const config = loadConfigOrExit();
const target = new URL(config.database.url);
const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
if (!/^[A-Za-z0-9_\-]+$/.test(name)) {
  process.stderr.write(`DATABASE_URL: database name "${name}" contains unsupported characters\n`);
  process.exit(1);
}
const admin = new URL(config.database.url);
admin.pathname = '/postgres';
const client = new pg.Client({ connectionString: admin.toString() });
try {
  await client.connect();
  const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (exists.rowCount) {
    process.stdout.write(`database "${name}" already exists\n`);
  } else {
    await client.query(`CREATE DATABASE "${name}"`);
    process.stdout.write(`database "${name}" created\n`);
  }
} catch (error) {
  process.stderr.write(`could not create database "${name}": ${(error as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await client.end().catch(() => undefined);
}
