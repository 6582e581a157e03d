import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { loadConfigOrExit } from './config/app-config.js';
import { buildDataSourceOptions } from './database/data-source-options.js';
import { bootstrapPlatformAdmin, seedDemoData, type CliResult } from './cli/commands.js';

const USAGE = `Usage:
  npm run cli -- bootstrap --org <name> --email <email> --username <username> --password <password>
      Creates an organization and its first platform admin (the first user of the platform).
  npm run cli -- seed-demo
      Creates a demo organization with users, AI systems, risks, mitigations and compliance issues (idempotent).`;

const [command, ...rest] = process.argv.slice(2);
if (!command || command === '--help' || command === 'help') {
  process.stdout.write(`${USAGE}\n`);
  process.exit(command ? 0 : 1);
}

const config = loadConfigOrExit();
const dataSource = new DataSource(buildDataSourceOptions(config));
let result: CliResult;
try {
  await dataSource.initialize();
  if (command === 'bootstrap') {
    const { values } = parseArgs({
      args: rest,
      options: { org: { type: 'string' }, email: { type: 'string' }, username: { type: 'string' }, password: { type: 'string' } },
      strict: true,
    });
    result = await bootstrapPlatformAdmin(dataSource, values);
  } else if (command === 'seed-demo') {
    result = await seedDemoData(dataSource);
  } else {
    result = { ok: false, message: `unknown command '${command}'\n${USAGE}` };
  }
} catch (error) {
  result = { ok: false, message: (error as Error).message };
} finally {
  if (dataSource.isInitialized) await dataSource.destroy();
}
(result.ok ? process.stdout : process.stderr).write(`${result.message}\n`);
process.exit(result.ok ? 0 : 1);
