import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '../../../common/pagination/page-query.dto.js';
import { BooleanField, QueryEnumFilter, TextField } from '../../../common/validation/fields.js';
import type { FrontierAlertDelivery } from '../entities/frontier-alert-delivery.entity.js';
import type { FrontierAlertWebhook } from '../entities/frontier-alert-webhook.entity.js';
import { WEBHOOK_DELIVERY_STATUSES } from '../frontier.constants.js';

export class PutFrontierWebhookDto {
  @TextField({ maxLength: 2000, example: 'https://hooks.example.com/aura/frontier', description: 'http(s) URL receiving the POSTs' })
  url: string;

  @BooleanField({ optional: true, description: 'Default true' })
  enabled?: boolean;

  @BooleanField({ optional: true, description: 'Issue a new signing secret (returned once in this response)' })
  rotateSecret?: boolean;
}

export class FrontierWebhookResponseDto {
  @ApiProperty({ example: 1 }) id: number;
  @ApiProperty({ example: 'https://hooks.example.com/aura/frontier' }) url: string;
  @ApiProperty({ example: true }) enabled: boolean;
  @ApiPropertyOptional({
    example: 'whsec_3q2-7wVtS3cGm2bWc5Yx2v0zj8Kq1nN4pR6sT9uV0wX',
    description:
      'Only when the webhook is created or the secret rotated. Each POST carries `X-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with this secret>`.',
  })
  secret?: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export function toFrontierWebhookResponse(webhook: FrontierAlertWebhook, secret?: string): FrontierWebhookResponseDto {
  return {
    id: webhook.id,
    url: webhook.url,
    enabled: webhook.enabled,
    ...(secret ? { secret } : {}),
    createdAt: webhook.createdAt,
    updatedAt: webhook.updatedAt,
  };
}

export class FrontierDeliveryQueryDto extends PageQueryDto {
  @QueryEnumFilter(WEBHOOK_DELIVERY_STATUSES, 'Only deliveries in this state')
  status?: string[];
}

export class FrontierDeliveryResponseDto {
  @ApiProperty({ example: 9 }) id: number;
  @ApiProperty({ type: [Number], example: [41, 42] }) alertIds: number[];
  @ApiProperty({ enum: WEBHOOK_DELIVERY_STATUSES, example: 'delivered' }) status: string;
  @ApiProperty({ example: 1 }) attempts: number;
  @ApiProperty({ type: Number, nullable: true, example: 200 }) lastStatusCode: number | null;
  @ApiProperty({ type: String, nullable: true, example: 'HTTP 503' }) lastError: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deliveredAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export function toFrontierDeliveryResponse(delivery: FrontierAlertDelivery): FrontierDeliveryResponseDto {
  return {
    id: delivery.id,
    alertIds: delivery.alertIds,
    status: delivery.status,
    attempts: delivery.attempts,
    lastStatusCode: delivery.lastStatusCode,
    lastError: delivery.lastError,
    deliveredAt: delivery.deliveredAt,
    createdAt: delivery.createdAt,
    updatedAt: delivery.updatedAt,
  };
}
