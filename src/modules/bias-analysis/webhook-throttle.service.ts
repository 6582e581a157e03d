import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { RateLimiterRedis } from 'rate-limiter-flexible';
import { consumeOrRefuse, refuseIfExhausted, sharedRateLimiter } from '../../common/throttling/shared-rate-limiter.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.module.js';
import { REDIS } from '../../infra/redis.module.js';

/**
 * Throttling for the public, signature-authenticated /records webhook: an address that sent
 * WEBHOOK_MAX_FAILURES bad signatures is refused (429) for WEBHOOK_FAILURE_WINDOW_SECONDS before any
 * work is done, and one scan takes at most WEBHOOK_MAX_BATCHES_PER_MINUTE batches.
 */
@Injectable()
export class WebhookThrottleService {
  private readonly signatureFailures: RateLimiterRedis;
  private readonly batchesPerScan: RateLimiterRedis;

  constructor(@Inject(REDIS) redis: Redis, @Inject(APP_CONFIG) config: AppConfig) {
    const { maxFailures, failureWindowSeconds, maxBatchesPerMinute } = config.webhooks;
    this.signatureFailures = sharedRateLimiter(redis, config.redis.queuePrefix, 'webhook-signature', maxFailures, failureWindowSeconds);
    this.batchesPerScan = sharedRateLimiter(redis, config.redis.queuePrefix, 'webhook-batches', maxBatchesPerMinute, 60);
  }

  assertAddressAllowed(ip: string): Promise<void> {
    return refuseIfExhausted(this.signatureFailures, ip, 'Too many requests with invalid signatures from this address; try again later');
  }

  async recordSignatureFailure(ip: string): Promise<void> {
    await this.signatureFailures.consume(ip).catch(() => undefined);
  }

  consumeBatch(scanId: number): Promise<void> {
    return consumeOrRefuse(this.batchesPerScan, String(scanId), `Too many record batches for bias scan ${scanId}; slow down`);
  }
}
