import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import request from 'supertest';
import { QueueName } from '../../src/queue/queue.constants.js';
import { createTestApp, createTestWorker, type TestApp } from '../support/test-app.js';

describe('Worker process', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('boots every processor module without an HTTP server, beside the API, and shuts down cleanly', async () => {
    const worker = await createTestWorker(t);
    try {
      for (const name of Object.values(QueueName)) {
        const queue = worker.get<Queue>(getQueueToken(name), { strict: false });
        expect(await queue.isReady()).toBeTruthy();
      }
      await request(t.http).get('/health').expect(200);
    } finally {
      await worker.close();
    }
  });

  it('uses the test app’s queue prefix so runs and files never share jobs', async () => {
    const queue = t.app.get<Queue>(getQueueToken(QueueName.GithubScan), { strict: false });
    // Bull keys every job as <prefix>:<queue>:<id>.
    expect(queue.toKey('id')).toBe(`${t.env.QUEUE_PREFIX}:${QueueName.GithubScan}:id`);
  });
});
