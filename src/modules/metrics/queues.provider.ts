import { getQueueToken } from '@nestjs/bull';
import type { Provider } from '@nestjs/common';
import type { Queue } from 'bull';
import { ALL_QUEUES } from '../../queue/queue.constants.js';

/** Token of every Bull queue of the product, as one array (for health checks and metrics). */
export const ALL_QUEUE_INSTANCES = Symbol('ALL_QUEUE_INSTANCES');

export const allQueuesProvider: Provider = {
  provide: ALL_QUEUE_INSTANCES,
  useFactory: (...queues: Queue[]) => queues,
  inject: ALL_QUEUES.map((name) => getQueueToken(name)),
};

/** True when the queue's Redis client is connected (commands would otherwise wait in its offline queue). */
export function isQueueClientReady(queue: Queue): boolean {
  return queue.client.status === 'ready';
}
