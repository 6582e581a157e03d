import { getQueueToken } from '@nestjs/bull';
import { Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Job, JobOptions, Queue } from 'bull';
import { type QueueName } from './queue.constants.js';

const ENQUEUE_TIMEOUT_MS = 3000;

/**
 * The one way product code adds jobs. Jobs carry ids only (never tokens or datasets); a
 * deterministic jobId makes a repeated request add nothing. While Redis is unreachable the call
 * fails fast with 503 instead of hanging on the client's offline queue.
 */
@Injectable()
export class JobProducer {
  private readonly logger = new Logger(JobProducer.name);

  constructor(private readonly moduleRef: ModuleRef) {}

  queue(name: QueueName): Queue {
    return this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
  }

  async enqueue<T extends object>(name: QueueName, jobName: string, data: T, options: JobOptions & { jobId: string }): Promise<Job<T>> {
    const queue = this.queue(name);
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        queue.add(jobName, data, options) as Promise<Job<T>>,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer from Redis within ${ENQUEUE_TIMEOUT_MS} ms`)), ENQUEUE_TIMEOUT_MS);
        }),
      ]);
    } catch (error) {
      this.logger.warn(`could not enqueue ${name}/${jobName} (${options.jobId}): ${(error as Error).message}`);
      throw new ServiceUnavailableException('The job queue (Redis) is unavailable; try again shortly');
    } finally {
      clearTimeout(timer);
    }
  }
}
