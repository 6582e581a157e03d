import { timingSafeEqual } from 'node:crypto';
import { Controller, Get, Headers, Inject, Res, UnauthorizedException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../common/auth/access.decorators.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.module.js';
import { MetricsService } from './metrics.service.js';

/**
 * Prometheus scrape endpoint (text exposition format; not part of the REST API). Open unless
 * METRICS_TOKEN is set, then it requires `Authorization: Bearer <METRICS_TOKEN>`.
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Public()
  async scrape(@Headers('authorization') authorization: string | undefined, @Res() response: Response): Promise<void> {
    this.assertAllowed(authorization);
    response.type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }

  private assertAllowed(authorization: string | undefined): void {
    const token = this.config.metricsToken;
    if (!token) return;
    const given = Buffer.from(authorization?.replace(/^Bearer\s+/i, '') ?? '');
    const expected = Buffer.from(token);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new UnauthorizedException('A valid metrics token is required (Authorization: Bearer <METRICS_TOKEN>)');
    }
  }
}
