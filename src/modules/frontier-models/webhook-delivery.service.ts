import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bull';
import { DataSource } from 'typeorm';
import { OrganizationScopedRepository, scopedRepositoryToken } from '../../common/tenancy/organization-scoped.repository.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.module.js';
import { JobProducer } from '../../queue/job-producer.js';
import { jobId, QueueName } from '../../queue/queue.constants.js';
import { toFrontierAlertResponse } from './dto/frontier-alert.dto.js';
import { FrontierAlertDelivery } from './entities/frontier-alert-delivery.entity.js';
import { FrontierAlertWebhook } from './entities/frontier-alert-webhook.entity.js';
import { FrontierAlert } from './entities/frontier-alert.entity.js';
import { truncate } from './feeds/feed-text.js';
import { FrontierJob, STALE_DELIVERY_MS, WEBHOOK_TIMEOUT_MS } from './frontier.constants.js';
import { decryptSecret, signBody } from '../../common/crypto/secrets.js';
import { postToOutboundUrl } from '../../common/net/outbound-url.js';

export interface DeliverWebhookJob {
  deliveryId: number;
  organizationId: number;
}

export const WEBHOOK_EVENT = 'frontier.alerts.created';

/** Posts new alerts to organization webhooks; Bull's retries (exponential backoff) repeat failed posts. */
@Injectable()
export class WebhookDeliveryService {
  private readonly logger = new Logger(WebhookDeliveryService.name);

  constructor(
    @Inject(scopedRepositoryToken(FrontierAlertDelivery)) private readonly deliveries: OrganizationScopedRepository<FrontierAlertDelivery>,
    @Inject(scopedRepositoryToken(FrontierAlertWebhook)) private readonly webhooks: OrganizationScopedRepository<FrontierAlertWebhook>,
    @Inject(scopedRepositoryToken(FrontierAlert)) private readonly alerts: OrganizationScopedRepository<FrontierAlert>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobProducer,
  ) {}

  async enqueue(deliveries: Array<{ id: number; organizationId: number }>): Promise<void> {
    for (const delivery of deliveries) {
      await this.jobs.enqueue<DeliverWebhookJob>(
        QueueName.FrontierFetch,
        FrontierJob.DeliverWebhook,
        { deliveryId: delivery.id, organizationId: delivery.organizationId },
        { jobId: jobId(QueueName.FrontierFetch, 'webhook', delivery.id) },
      );
    }
  }

  /** Deliveries left pending (their job was never queued: the worker stopped after the commit) are queued again. */
  async requeueStale(): Promise<void> {
    // Maintenance across organizations: each job still loads its delivery by id and organization.
    const stale: Array<{ id: number; organization_id: number }> = await this.dataSource.query(
      `SELECT id, organization_id FROM frontier_alert_deliveries WHERE status = 'pending' AND created_at < $1 ORDER BY id LIMIT 500`,
      [new Date(Date.now() - STALE_DELIVERY_MS)],
    );
    await this.enqueue(stale.map((row) => ({ id: row.id, organizationId: row.organization_id })));
  }

  /** One attempt. Throws on a failed post so that Bull retries, except on the last attempt. */
  async deliver(job: Job<DeliverWebhookJob>): Promise<void> {
    const { deliveryId, organizationId } = job.data;
    const delivery = await this.deliveries.findOneInOrg(organizationId, deliveryId);
    if (!delivery || delivery.status === 'delivered' || delivery.status === 'failed') return;
    const webhook = await this.webhooks.findOneInOrg(organizationId, delivery.webhookId);
    if (!webhook?.enabled) {
      await this.deliveries.updateInOrg(organizationId, deliveryId, { status: 'failed', lastError: 'the webhook was disabled or removed' });
      return;
    }
    const alerts = await this.alerts
      .query(organizationId, 'entity')
      .innerJoinAndSelect('entity.alertConfig', 'config')
      .innerJoinAndSelect('config.model', 'model')
      .andWhere('entity.id IN (:...ids)', { ids: delivery.alertIds })
      .orderBy('entity.id', 'ASC')
      .getMany();
    const body = JSON.stringify({ event: WEBHOOK_EVENT, deliveryId, organizationId, alerts: alerts.map(toFrontierAlertResponse) });
    const attempt = delivery.attempts + 1;
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      statusCode = await postToOutboundUrl(
        webhook.url,
        body,
        {
          'content-type': 'application/json',
          'user-agent': 'AuraAI-frontier-alerts/1.0',
          'x-aura-event': WEBHOOK_EVENT,
          'x-aura-delivery': String(deliveryId),
          'x-signature-256': signBody(body, decryptSecret(webhook.secretCiphertext, this.config.encryptionKey)),
        },
        { timeoutMs: WEBHOOK_TIMEOUT_MS, allowPrivate: this.config.allowPrivateUrls },
      );
      // Redirects are not followed: a 3xx counts as a failed delivery.
      if (statusCode < 200 || statusCode >= 300) error = `HTTP ${statusCode}`;
    } catch (failure) {
      const cause = (failure as Error & { cause?: Error }).cause;
      error = truncate(`${(failure as Error).message}${cause?.message ? `: ${cause.message}` : ''}`, 500);
    }
    if (!error) {
      await this.deliveries.updateInOrg(organizationId, deliveryId, {
        status: 'delivered',
        attempts: attempt,
        lastStatusCode: statusCode,
        lastError: null,
        deliveredAt: new Date(),
      });
      return;
    }
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    await this.deliveries.updateInOrg(organizationId, deliveryId, {
      status: lastAttempt ? 'failed' : 'retrying',
      attempts: attempt,
      lastStatusCode: statusCode,
      lastError: error,
    });
    this.logger.warn(`webhook delivery ${deliveryId} (organization ${organizationId}) attempt ${attempt} failed: ${error}`);
    if (!lastAttempt) throw new Error(`webhook delivery failed: ${error}`);
  }
}
