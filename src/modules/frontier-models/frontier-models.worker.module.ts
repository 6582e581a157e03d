import { Module } from '@nestjs/common';
import { provideScopedRepository } from '../../common/tenancy/organization-scoped.repository.js';
import { FrontierAlertDelivery } from './entities/frontier-alert-delivery.entity.js';
import { FrontierAlertWebhook } from './entities/frontier-alert-webhook.entity.js';
import { FrontierAlert } from './entities/frontier-alert.entity.js';
import { FeedFetchService } from './feed-fetch.service.js';
import { FeedIngestionService } from './feed-ingestion.service.js';
import { FrontierFetchProcessor } from './frontier-fetch.processor.js';
import { FrontierFetchScheduler } from './frontier-fetch.scheduler.js';
import { WebhookDeliveryService } from './webhook-delivery.service.js';

/** Worker side of frontier-models: the fetch and webhook processor and the FRONTIER_FETCH_CRON schedule. */
@Module({
  providers: [
    FrontierFetchProcessor,
    FrontierFetchScheduler,
    FeedFetchService,
    FeedIngestionService,
    WebhookDeliveryService,
    provideScopedRepository(FrontierAlertDelivery, 'Frontier alert delivery'),
    provideScopedRepository(FrontierAlertWebhook, 'Frontier alert webhook'),
    provideScopedRepository(FrontierAlert, 'Frontier alert'),
  ],
})
export class FrontierModelsWorkerModule {}
