import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { loadConfigOrExit } from './config/app-config.js';
import { buildDataSourceOptions } from './database/data-source-options.js';
import { bootstrapPlatformAdmin, seedDemoData, type CliResult } from './cli/commands.js';
import { describeScaleReport, parseScaleArgs, seedScaleData } from './cli/seed-scale.js';

const USAGE = `Usage:
  npm run cli -- bootstrap --org <name> --email <email> --username <username> --password <password>
      Creates an organization and its first platform admin (the first user of the platform).
  npm run cli -- seed-demo
      Creates a demo organization with users, AI systems, risks, mitigations and compliance issues (idempotent).
  npm run cli -- seed-scale [--orgs 1000] [--risk-items 1000000] [--ai-systems 100000] [--mitigations 1500000]
                            [--compliance-issues 100000] [--seed 0.42] [--append]
      Generates benchmark-scale data inside PostgreSQL (a few minutes at the defaults). One admin per organization:
      scale-<batch>-<n>@scale.aura.local / scale-password-123. Refuses a database that already has scale data
      unless --append is given (adds another batch).`;

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
  } else if (command === 'seed-scale') {
    const { values } = parseArgs({
      args: rest,
      options: {
        orgs: { type: 'string' },
        'risk-items': { type: 'string' },
        'ai-systems': { type: 'string' },
        mitigations: { type: 'string' },
        'compliance-issues': { type: 'string' },
        seed: { type: 'string' },
        append: { type: 'boolean' },
      },
      strict: true,
    });
    const options = parseScaleArgs(values);
    if (typeof options === 'string') {
      result = { ok: false, message: options };
    } else {
      const started = Date.now();
      const outcome = await seedScaleData(dataSource, options, (line) => process.stdout.write(`${line}\n`));
      result = 'ok' in outcome ? outcome : { ok: true, message: describeScaleReport(outcome, Date.now() - started) };
    }
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
