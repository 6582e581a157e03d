import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../../common/auth/principal.js';
import { mapPage, type Paginated } from '../../common/pagination/paginated.js';
import { OrganizationScopedRepository, scopedRepositoryToken } from '../../common/tenancy/organization-scoped.repository.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.module.js';
import {
  toFrontierDeliveryResponse,
  toFrontierWebhookResponse,
  type FrontierDeliveryQueryDto,
  type FrontierDeliveryResponseDto,
  type FrontierWebhookResponseDto,
  type PutFrontierWebhookDto,
} from './dto/frontier-webhook.dto.js';
import { FrontierAlertDelivery } from './entities/frontier-alert-delivery.entity.js';
import { FrontierAlertWebhook } from './entities/frontier-alert-webhook.entity.js';
import { encryptSecret, generateWebhookSecret } from '../../common/crypto/secrets.js';
import { assertPublicHttpUrl } from '../../common/net/outbound-url.js';

const DELIVERY_LIST_RULES = {
  sortable: ['id', 'status', 'createdAt', 'updatedAt'],
  defaultSort: { field: 'createdAt', direction: 'DESC' as const },
  searchable: [] as string[],
};

/** The organization's alert webhook (one per organization) and its delivery log. */
@Injectable()
export class FrontierWebhooksService {
  constructor(
    @Inject(scopedRepositoryToken(FrontierAlertWebhook)) private readonly webhooks: OrganizationScopedRepository<FrontierAlertWebhook>,
    @Inject(scopedRepositoryToken(FrontierAlertDelivery)) private readonly deliveries: OrganizationScopedRepository<FrontierAlertDelivery>,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async get(principal: Principal): Promise<FrontierWebhookResponseDto> {
    return toFrontierWebhookResponse(await this.find(principal.organizationId));
  }

  /** Creates or replaces the webhook; a new secret is returned (once) on creation or rotation. */
  async put(principal: Principal, dto: PutFrontierWebhookDto): Promise<FrontierWebhookResponseDto> {
    await assertPublicHttpUrl('url', dto.url, this.config.allowPrivateUrls);
    return this.dataSource.transaction(async (manager) => {
      const existing = await this.webhooks.query(principal.organizationId, 'webhook', manager).setLock('pessimistic_write').getOne();
      const secret = !existing || dto.rotateSecret ? generateWebhookSecret() : undefined;
      const changes = {
        url: dto.url,
        enabled: dto.enabled ?? true,
        ...(secret ? { secretCiphertext: encryptSecret(secret, this.config.encryptionKey) } : {}),
      };
      const webhook = existing
        ? await this.webhooks.updateInOrg(principal.organizationId, existing.id, changes, manager)
        : await this.webhooks.createInOrg(principal.organizationId, changes, manager);
      return toFrontierWebhookResponse(webhook, secret);
    });
  }

  async remove(principal: Principal): Promise<void> {
    await this.webhooks.deleteInOrg(principal.organizationId, (await this.find(principal.organizationId)).id);
  }

  async listDeliveries(principal: Principal, query: FrontierDeliveryQueryDto): Promise<Paginated<FrontierDeliveryResponseDto>> {
    const page = await this.deliveries.listInOrg(
      principal.organizationId,
      { ...query, q: undefined, filters: { status: query.status } },
      DELIVERY_LIST_RULES,
    );
    return mapPage(page, toFrontierDeliveryResponse);
  }

  private async find(organizationId: number): Promise<FrontierAlertWebhook> {
    const webhook = await this.webhooks.query(organizationId, 'webhook').getOne();
    if (!webhook) throw new NotFoundException('Your organization has no frontier alert webhook');
    return webhook;
  }
}
