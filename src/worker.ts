import 'reflect-metadata';
import { getQueueToken } from '@nestjs/bull';
import { NestFactory } from '@nestjs/core';
import type { Job, Queue } from 'bull';
import { Logger } from 'nestjs-pino';
import { loadConfigOrExit } from './config/app-config.js';
import { ALL_QUEUES } from './queue/queue.constants.js';
import { WorkerModule } from './worker.module.js';

const config = loadConfigOrExit();
const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
const logger = app.get(Logger);
app.useLogger(logger);
await app.init();

const queues = ALL_QUEUES.map((name) => app.get<Queue>(getQueueToken(name), { strict: false }));
// The jobs this process is running, so that a shutdown past its grace period can hand them back.
const active = new Map<string, Job>();
for (const queue of queues) {
  queue.on('active', (job: Job) => active.set(`${queue.name}/${job.id}`, job));
  for (const event of ['completed', 'failed'] as const) queue.on(event, (job: Job) => active.delete(`${queue.name}/${job.id}`));
}

/**
 * SIGTERM/SIGINT: stop taking jobs and let the running ones finish (Bull's close waits for them),
 * then close the pools and exit 0. A job still running after SHUTDOWN_GRACE_MS is released: its
 * lock is dropped so that another worker's stalled-job check requeues it at once, instead of
 * waiting for the lock to expire. It is never failed by the shutdown.
 */
async function shutdown(signal: string): Promise<void> {
  logger.log(`${signal}: finishing ${active.size} running job(s), taking no new ones`);
  let timer: NodeJS.Timeout | undefined;
  const finished = await Promise.race([
    Promise.all(queues.map((queue) => queue.close())).then(() => true),
    new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), config.shutdownGraceMs))),
  ]);
  clearTimeout(timer);
  if (!finished) {
    const ids = [...active.keys()];
    logger.warn(
      `${signal}: ${ids.length} job(s) still running after ${config.shutdownGraceMs} ms; releasing them to other workers: ${ids.join(', ')}`,
    );
    await Promise.all([...active.values()].map((job) => job.releaseLock().catch(() => undefined)));
    process.exit(0);
  }
  await app.close();
  process.exit(0);
}
for (const signal of ['SIGTERM', 'SIGINT']) process.once(signal, (received: string) => void shutdown(received));

// A plain line (as the API prints its address) that operators and the fault tests wait for.
process.stdout.write(`AuraAI worker ready (pid ${process.pid})\n`);
