import { getQueueToken } from '@nestjs/bull';
import type { INestApplicationContext } from '@nestjs/common';
import type { Queue } from 'bull';
import request from 'supertest';
import { QueueName } from '../../src/queue/queue.constants.js';
import { registerOrganization, type Session } from '../support/factories.js';
import type { FakeGithubServer } from '../support/fake-github-server.js';
import { createGithubTestWorker, startFixtureGithub } from '../support/github-test-worker.js';
import { createTestApp, waitFor, type TestApp } from '../support/test-app.js';

const CONCURRENCY = 2;
const ACME_REPOSITORIES = 11;

/**
 * GITHUB_SCAN_CONCURRENCY is what one worker runs at once. Bull adds up the concurrency of every named processor
 * of a queue (each starts its own loops, and each loop takes any job), so per-name registration would let a worker
 * run the repository concurrency plus one job per other job name at once.
 */
describe('GitHub scanning concurrency of one worker', () => {
  let github: FakeGithubServer;
  let t: TestApp;
  let worker: INestApplicationContext;
  let admin: Session;

  beforeAll(async () => {
    // Latency keeps each repository job running long enough to be seen.
    github = await startFixtureGithub({ latencyMs: 60 });
    t = await createTestApp({ GITHUB_API_URL: github.url, GITHUB_TOKEN: 'ghp_env_default', GITHUB_SCAN_CONCURRENCY: String(CONCURRENCY) });
    worker = await createGithubTestWorker(t);
    admin = await registerOrganization(t.http);
  });

  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await github?.close();
  });

  it(`runs at most GITHUB_SCAN_CONCURRENCY (${CONCURRENCY}) jobs at once, and uses them`, async () => {
    const queue = t.app.get<Queue>(getQueueToken(QueueName.GithubScan), { strict: false });
    const config = (
      await request(t.http).post('/api/v1/github/scan-configs').set(admin.auth).send({ githubOrgName: 'acme-ai' }).expect(201)
    ).body as { id: number };
    const { scanId } = (await request(t.http).post(`/api/v1/github/scan-configs/${config.id}/scans`).set(admin.auth).expect(202)).body;

    let mostActive = 0;
    const run = await waitFor(
      async () => {
        mostActive = Math.max(mostActive, await queue.getActiveCount());
        const current = (await request(t.http).get(`/api/v1/github/scan-configs/${config.id}/scans/${scanId}`).set(admin.auth)).body;
        return ['completed', 'failed'].includes(current.status) ? current : undefined;
      },
      60_000,
      5,
    );
    expect(run).toMatchObject({ status: 'completed', progress: { done: ACME_REPOSITORIES, total: ACME_REPOSITORIES } });
    expect(mostActive).toBe(CONCURRENCY);
  });
});
