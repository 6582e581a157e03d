import { Module } from '@nestjs/common';
import { provideScopedRepository } from '../../common/tenancy/organization-scoped.repository.js';
import { GithubScanResult } from '../github-scans/entities/github-scan-result.entity.js';
import { FrontierAlertConfig } from './entities/frontier-alert-config.entity.js';
import { FrontierAlertDelivery } from './entities/frontier-alert-delivery.entity.js';
import { FrontierAlertWebhook } from './entities/frontier-alert-webhook.entity.js';
import { FrontierAlert } from './entities/frontier-alert.entity.js';
import { FrontierAlertConfigsController, FrontierAlertsController } from './frontier-alerts.controller.js';
import { FrontierAlertsService } from './frontier-alerts.service.js';
import { FrontierCatalogService } from './frontier-catalog.service.js';
import { FrontierModelsController, FrontierSourcesController } from './frontier-models.controller.js';
import { FrontierSourcesService } from './frontier-sources.service.js';
import { FrontierSuggestionsService } from './frontier-suggestions.service.js';
import { FrontierWebhooksController } from './frontier-webhooks.controller.js';
import { FrontierWebhooksService } from './frontier-webhooks.service.js';

/** API side of frontier-models: catalog, sources, alert configs and suggestions, alerts, webhook. */
@Module({
  // Sources first: its routes must be registered before the catalog's `:id` routes.
  controllers: [
    FrontierSourcesController,
    FrontierModelsController,
    FrontierAlertConfigsController,
    FrontierAlertsController,
    FrontierWebhooksController,
  ],
  providers: [
    FrontierCatalogService,
    FrontierSourcesService,
    FrontierAlertsService,
    FrontierSuggestionsService,
    FrontierWebhooksService,
    provideScopedRepository(FrontierAlertConfig, 'Frontier alert config'),
    provideScopedRepository(FrontierAlert, 'Frontier alert'),
    provideScopedRepository(GithubScanResult, 'GitHub scan result'),
    provideScopedRepository(FrontierAlertWebhook, 'Frontier alert webhook'),
    provideScopedRepository(FrontierAlertDelivery, 'Frontier alert delivery'),
  ],
})
export class FrontierModelsModule {}
