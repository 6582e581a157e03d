import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, LessThanOrEqual } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/config.module.js';
import { JobProducer } from '../../queue/job-producer.js';
import { jobId, QueueName } from '../../queue/queue.constants.js';
import { FrontierSource } from './entities/frontier-source.entity.js';
import { FeedIngestionService } from './feed-ingestion.service.js';
import { decodeFeedBody } from './feeds/feed-decode.js';
import { FeedFetchError, fetchFeed } from './feeds/feed-fetcher.js';
import { parseFeed } from './feeds/feed-parsers.js';
import { truncate } from './feeds/feed-text.js';
import { FrontierJob, nextAttemptAfterFailure, type FrontierSourceKind } from './frontier.constants.js';
import { WebhookDeliveryService } from './webhook-delivery.service.js';

export interface FetchSourceJob {
  sourceId: number;
}

const ERROR_MAX = 1000;

/** Retry-After never shortens the back-off, and is honoured even after a single failure. */
function laterOf(a: Date | null, b: Date | null): Date | null {
  if (!a || !b) return a ?? b;
  return a > b ? a : b;
}

/** Worker side of fetching: fans a run out into per-source jobs, and fetches, parses and ingests one source. */
@Injectable()
export class FeedFetchService {
  private readonly logger = new Logger(FeedFetchService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobProducer,
    private readonly ingestion: FeedIngestionService,
    private readonly webhooks: WebhookDeliveryService,
  ) {}

  /** One job per enabled source that is not backing off; `runId` keeps a retried run from adding jobs twice. */
  async enqueueSourceFetches(runId: string): Promise<number> {
    const now = new Date();
    const sources = await this.dataSource.getRepository(FrontierSource).find({
      select: { id: true },
      where: [
        { enabled: true, nextAttemptAt: IsNull() },
        { enabled: true, nextAttemptAt: LessThanOrEqual(now) },
      ],
      order: { id: 'ASC' },
    });
    for (const { id } of sources) {
      await this.jobs.enqueue<FetchSourceJob>(
        QueueName.FrontierFetch,
        FrontierJob.FetchSource,
        { sourceId: id },
        // A source's failures are recorded on the source and backed off there, not retried by Bull.
        { jobId: jobId(QueueName.FrontierFetch, 'source', id, runId), attempts: 1 },
      );
    }
    await this.webhooks.requeueStale();
    return sources.length;
  }

  /** Never throws for a source's own faults: they are recorded on the source. */
  async fetchSource(sourceId: number): Promise<void> {
    const repository = this.dataSource.getRepository(FrontierSource);
    const source = await repository.findOneBy({ id: sourceId, enabled: true });
    if (!source) return;
    try {
      const outcome = await fetchFeed(
        source.url,
        { etag: source.etag, lastModified: source.lastModified },
        { timeoutMs: this.config.frontier.fetchTimeoutMs, maxBytes: this.config.frontier.fetchMaxBytes },
      );
      if (outcome.notModified) {
        await repository.update(source.id, {
          status: 'not_modified',
          lastError: null,
          lastFetchedAt: new Date(),
          consecutiveFailures: 0,
          nextAttemptAt: null,
          finalUrl: outcome.finalUrl,
        });
        return;
      }
      const items = parseFeed(source.kind as FrontierSourceKind, decodeFeedBody(outcome.body, outcome.contentType), outcome.finalUrl);
      const summary = await this.ingestion.ingest(source, items);
      // Validators are stored only once the items are in: a failed ingest fetches everything again.
      await repository.update(source.id, {
        status: 'ok',
        lastError: null,
        lastFetchedAt: new Date(),
        consecutiveFailures: 0,
        nextAttemptAt: null,
        finalUrl: outcome.finalUrl,
        etag: outcome.etag,
        lastModified: outcome.lastModified,
        lastItemCount: summary.items,
      });
      await this.webhooks.enqueue(summary.deliveries);
      this.logger.log(
        `source ${source.id}: ${summary.items} items, ${summary.created} new, ${summary.updated} edited, ${summary.skipped} withdrawn, ${summary.alerts} alerts`,
      );
    } catch (error) {
      const message = truncate((error as Error).message || String(error), ERROR_MAX);
      const failures = source.consecutiveFailures + 1;
      const now = new Date();
      await repository.update(source.id, {
        status: 'error',
        lastError: message,
        lastFetchedAt: now,
        consecutiveFailures: failures,
        nextAttemptAt: laterOf(nextAttemptAfterFailure(failures, now), error instanceof FeedFetchError ? error.retryAfter : null),
      });
      this.logger.warn(`source ${source.id} (${source.url}) failed: ${message}`);
    }
  }
}
