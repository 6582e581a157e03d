import { createBullBoard } from '@bull-board/api';
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { getQueueToken } from '@nestjs/bull';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Queue } from 'bull';
import { ALL_QUEUES } from '../../queue/queue.constants.js';
import { ADMIN_ROOT_PATH } from './admin.module.js';

export const QUEUE_DASHBOARD_PATH = `${ADMIN_ROOT_PATH}/queues`;

/**
 * Bull Board at /admin/queues. It has no auth of its own: mounted under /admin, every request first
 * goes through the AdminJS router, which redirects to /admin/login without an admin session.
 */
export function mountQueueDashboard(app: NestExpressApplication): void {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: ALL_QUEUES.map((name) => new BullAdapter(app.get<Queue>(getQueueToken(name), { strict: false }))),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'AuraAI queues' } },
  });
  app.use(QUEUE_DASHBOARD_PATH, serverAdapter.getRouter());
}
