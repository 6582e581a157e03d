/**
 * GitHub scan benchmark: an organization of synthetic repositories served by the fake GitHub with
 * a fixed latency per request, scanned by two in-process workers (the real WorkerModule) through
 * the queue. Prints the budget-consuming requests (every response except 304) and the wall time of
 * a first scan and of an unchanged rescan.
 *
 *   npx tsc -p bench/github-scan/tsconfig.json && node dist/bench-github-scan/bench/github-scan/run.js [repos] [latencyMs]
 *
 * Needs PostgreSQL and Redis as for the tests (DATABASE_ADMIN_URL, REDIS_URL override the defaults).
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { getQueueToken } from '@nestjs/bull';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import type { Queue } from 'bull';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/app-config.js';
import { buildDataSourceOptions } from '../../src/database/data-source-options.js';
import { GithubScansService } from '../../src/modules/github-scans/github-scans.service.js';
import { QueueName } from '../../src/queue/queue.constants.js';
import { WorkerModule } from '../../src/worker.module.js';
import { FakeGithubServer, fakeRepository, type FakeRepository } from '../../test/support/fake-github-server.js';

const REPOSITORIES = Number(process.argv[2] ?? 1000);
const LATENCY_MS = Number(process.argv[3] ?? 50);
const WORKERS = 2;
const ADMIN_URL = process.env.DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Realistic small repositories of several ecosystems; about one in four uses AI. */
function syntheticRepository(index: number): FakeRepository {
  const ai = index % 4 === 0;
  const files: Record<string, string> = { 'README.md': `# service ${index}\nMentions OpenAI in the docs.\n` };
  switch (index % 5) {
    case 0:
    case 1:
      files['package.json'] = JSON.stringify({
        name: `svc-${index}`,
        dependencies: { express: '^4.19.2', ...(ai ? { openai: '^4.52.0' } : {}) },
      });
      files['src/index.ts'] =
        `import express from 'express';\n${ai ? "import OpenAI from 'openai';\n" : ''}export const app = express();\n`;
      files['src/routes/health.ts'] = 'export const health = () => ({ ok: true });\n';
      files['test/index.spec.ts'] = "import { app } from '../src/index';\n";
      break;
    case 2:
      files['requirements.txt'] = `flask==3.0.3\nrequests==2.32.3\n${ai ? 'torch==2.3.1\n' : ''}`;
      files['app.py'] = `from flask import Flask\n${ai ? 'import torch\n' : ''}app = Flask(__name__)\n`;
      files['service/model.py'] = 'def predict(x):\n    return x\n';
      break;
    case 3:
      files['go.mod'] =
        `module example.com/svc${index}\n\ngo 1.22\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.10.0\n${ai ? '\tgithub.com/sashabaranov/go-openai v1.26.0\n' : ''})\n`;
      files['main.go'] = 'package main\n\nimport "github.com/gin-gonic/gin"\n\nfunc main() { gin.Default().Run() }\n';
      break;
    default:
      files['pom.xml'] =
        `<project><dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId></dependency>${ai ? '<dependency><groupId>dev.langchain4j</groupId><artifactId>langchain4j-open-ai</artifactId></dependency>' : ''}</dependencies></project>`;
      files['src/main/java/com/acme/App.java'] = 'package com.acme;\n\npublic class App {}\n';
      if (ai) files['models/ranker.onnx'] = 'binary';
  }
  return fakeRepository(`service-${String(index).padStart(4, '0')}`, files);
}

async function main(): Promise<void> {
  const github = new FakeGithubServer({
    organizations: { 'bench-org': { id: 1, repositories: Array.from({ length: REPOSITORIES }, (_, i) => syntheticRepository(i)) } },
    tokens: { ghp_bench: ['bench-org'] },
    pageSize: 100,
    latencyMs: LATENCY_MS,
  });
  const apiUrl = await github.start();
  const name = `aura_bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const databaseUrl = new URL(ADMIN_URL);
  databaseUrl.pathname = `/${name}`;
  Object.assign(process.env, {
    DATABASE_URL: databaseUrl.toString(),
    QUEUE_PREFIX: name,
    GITHUB_API_URL: apiUrl,
    GITHUB_TOKEN: 'ghp_bench',
    LOG_LEVEL: 'silent',
    JWT_SECRET: randomBytes(32).toString('hex'),
    ENCRYPTION_KEY: randomBytes(32).toString('hex'),
  });
  const workers: INestApplicationContext[] = [];
  try {
    const dataSource = new DataSource(buildDataSourceOptions(loadConfig()));
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    const [{ id: organizationId }] = await dataSource.query(`INSERT INTO organizations (name) VALUES ('Bench') RETURNING id`);
    const [{ id: configId }] = await dataSource.query(
      `INSERT INTO github_scan_configs (github_org_name, organization_id) VALUES ('bench-org', $1) RETURNING id`,
      [organizationId],
    );
    for (let i = 0; i < WORKERS; i++) workers.push(await NestFactory.createApplicationContext(WorkerModule, { logger: false }));
    const scans = workers[0].get(GithubScansService);

    const measure = async (label: string) => {
      const mark = github.requests.length;
      const started = Date.now();
      const { scanId } = await scans.startRun(organizationId, configId, null, 'manual');
      let run: { status: string; api_requests: number; not_modified_responses: number; progress_total: number; error: string | null };
      for (;;) {
        [run] = await dataSource.query(`SELECT * FROM github_scan_runs WHERE id = $1`, [scanId]);
        if (run.status === 'completed' || run.status === 'failed') break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const seconds = (Date.now() - started) / 1000;
      const budget = github.budgetSince(mark).length;
      return {
        label,
        status: run.status,
        error: run.error,
        repositories: run.progress_total,
        wallSeconds: Number(seconds.toFixed(1)),
        budgetRequests: budget,
        budgetRequestsPerRepository: Number((budget / REPOSITORIES).toFixed(2)),
        notModified: github.requests.length - mark - budget,
        recordedByTheRun: run.api_requests,
      };
    };
    const first = await measure('first scan');
    const rescan = await measure('unchanged rescan');
    const [withAi] = await dataSource.query(`SELECT count(*)::int AS n FROM github_scan_results WHERE has_ai_usage`);
    console.log(
      JSON.stringify(
        {
          repositories: REPOSITORIES,
          latencyMs: LATENCY_MS,
          workers: WORKERS,
          cpus: availableParallelism(),
          repositoriesWithAi: withAi.n,
          first,
          rescan,
        },
        null,
        2,
      ),
    );
    await dataSource.destroy();
  } finally {
    for (const worker of workers) {
      const queue = worker.get<Queue>(getQueueToken(QueueName.GithubScan), { strict: false });
      await queue.obliterate({ force: true }).catch(() => undefined);
      await worker.close();
    }
    await github.close();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

await main();
