import { Body, Controller, Delete, Get, HttpCode, Put, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermissions } from '../../common/auth/access.decorators.js';
import type { Principal } from '../../common/auth/principal.js';
import { ApiErrors } from '../../common/decorators/api-errors.decorator.js';
import { ApiPaginatedResponse, type Paginated } from '../../common/pagination/paginated.js';
import { Permission } from '../../common/permissions/permissions.js';
import {
  FrontierDeliveryQueryDto,
  FrontierDeliveryResponseDto,
  FrontierWebhookResponseDto,
  PutFrontierWebhookDto,
} from './dto/frontier-webhook.dto.js';
import { FrontierWebhooksService } from './frontier-webhooks.service.js';

@ApiTags('Frontier alerts')
@Controller('api/v1/frontier-alert-webhook')
export class FrontierWebhooksController {
  constructor(private readonly webhooks: FrontierWebhooksService) {}

  @Get()
  @RequirePermissions(Permission.FrontierAlertsRead)
  @ApiOperation({ summary: 'Get your organization’s alert webhook (its secret is never shown again)' })
  @ApiOkResponse({ type: FrontierWebhookResponseDto })
  @ApiErrors(404)
  get(@CurrentPrincipal() principal: Principal): Promise<FrontierWebhookResponseDto> {
    return this.webhooks.get(principal);
  }

  @Put()
  @RequirePermissions(Permission.FrontierAlertsWrite)
  @ApiOperation({
    summary: 'Set your organization’s alert webhook',
    description:
      'New alerts are POSTed as JSON `{event:"frontier.alerts.created", deliveryId, organizationId, alerts:[…]}` with `X-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`; a non-2xx answer is retried with exponential backoff (5 attempts). The secret is returned when the webhook is created or `rotateSecret` is true.',
  })
  @ApiOkResponse({ type: FrontierWebhookResponseDto })
  @ApiErrors(400)
  put(@CurrentPrincipal() principal: Principal, @Body() dto: PutFrontierWebhookDto): Promise<FrontierWebhookResponseDto> {
    return this.webhooks.put(principal, dto);
  }

  @Delete()
  @HttpCode(204)
  @RequirePermissions(Permission.FrontierAlertsWrite)
  @ApiOperation({ summary: 'Remove the alert webhook (and its delivery log)' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(404)
  remove(@CurrentPrincipal() principal: Principal): Promise<void> {
    return this.webhooks.remove(principal);
  }

  @Get('deliveries')
  @RequirePermissions(Permission.FrontierAlertsRead)
  @ApiOperation({ summary: 'List webhook deliveries and their status', description: 'Filter: status. Newest first.' })
  @ApiPaginatedResponse(FrontierDeliveryResponseDto)
  @ApiErrors(400)
  deliveries(
    @CurrentPrincipal() principal: Principal,
    @Query() query: FrontierDeliveryQueryDto,
  ): Promise<Paginated<FrontierDeliveryResponseDto>> {
    return this.webhooks.listDeliveries(principal, query);
  }
}
