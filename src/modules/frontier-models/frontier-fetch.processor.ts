import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { QueueName } from '../../queue/queue.constants.js';
import { FeedFetchService, type FetchSourceJob } from './feed-fetch.service.js';
import { FETCH_CONCURRENCY, FrontierJob } from './frontier.constants.js';
import { WebhookDeliveryService, type DeliverWebhookJob } from './webhook-delivery.service.js';

@Processor(QueueName.FrontierFetch)
export class FrontierFetchProcessor {
  constructor(
    private readonly fetcher: FeedFetchService,
    private readonly webhooks: WebhookDeliveryService,
  ) {}

  /** Scheduled and on-demand runs only fan out: each source is fetched by its own job. */
  @Process({ name: FrontierJob.FetchAll, concurrency: 1 })
  async fetchAll(job: Job): Promise<{ sources: number }> {
    return { sources: await this.fetcher.enqueueSourceFetches(String(job.id)) };
  }

  @Process({ name: FrontierJob.FetchSource, concurrency: FETCH_CONCURRENCY })
  async fetchSource(job: Job<FetchSourceJob>): Promise<void> {
    await this.fetcher.fetchSource(job.data.sourceId);
  }

  @Process({ name: FrontierJob.DeliverWebhook, concurrency: 2 })
  async deliverWebhook(job: Job<DeliverWebhookJob>): Promise<void> {
    await this.webhooks.deliver(job);
  }
}
