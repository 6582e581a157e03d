import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
  type HealthCheckResult,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import type { Queue } from 'bull';
import type { Response } from 'express';
import type { Redis } from 'ioredis';
import { Public } from '../../common/auth/access.decorators.js';
import { REDIS } from '../../infra/redis.module.js';
import { ALL_QUEUE_INSTANCES, isQueueClientReady } from '../metrics/queues.provider.js';
import { HealthResponseDto, UnhealthyResponseDto } from './health.dto.js';

const CHECK_TIMEOUT_MS = 2000;

@ApiTags('Operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(ALL_QUEUE_INSTANCES) private readonly queues: Queue[],
  ) {}

  @Get()
  @Public()
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOperation({ summary: 'Health of the API and its dependencies (PostgreSQL, Redis, the job queues); 503 when one is down' })
  @ApiOkResponse({ type: HealthResponseDto })
  @ApiServiceUnavailableResponse({ type: UnhealthyResponseDto, description: 'A dependency is down; `message` names it' })
  async check(@Res({ passthrough: true }) response: Response): Promise<HealthResponseDto | UnhealthyResponseDto> {
    try {
      return await this.health.check([
        () => this.database.pingCheck('database', { timeout: CHECK_TIMEOUT_MS }),
        () => this.pingRedis(),
        () => this.checkQueues(),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      // Answer in the API's error shape while keeping terminus's per-dependency details.
      const result = error.getResponse() as HealthCheckResult;
      const failing = Object.entries(result.error ?? {}).map(
        ([name, state]) => `${name}${state?.message ? ` (${String(state.message)})` : ''}`,
      );
      response.status(503);
      return {
        statusCode: 503,
        error: 'Service Unavailable',
        message: `Unhealthy: ${failing.join(', ') || 'a dependency is down'}`,
        status: 'error',
        info: result.info ?? {},
        details: result.details,
      };
    }
  }

  private async pingRedis(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('redis');
    try {
      const answer = await withTimeout(this.redis.ping());
      return answer === 'PONG' ? indicator.up() : indicator.down({ message: `unexpected answer ${answer}` });
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }

  /** Each queue's own Redis client (the one jobs are enqueued through) is connected and answers. */
  private async checkQueues(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('queues');
    // Bull connects a queue's client on first use and reconnects forever; not while Redis is known down.
    if (this.redis.status !== 'ready') return indicator.down({ message: `Redis ${this.redis.status}` });
    const problems = await Promise.all(
      this.queues.map(async (queue) => {
        if (!isQueueClientReady(queue)) return `${queue.name}: client ${queue.client.status}`;
        try {
          const answer = await withTimeout(queue.client.ping());
          return answer === 'PONG' ? null : `${queue.name}: unexpected answer ${answer}`;
        } catch (error) {
          return `${queue.name}: ${(error as Error).message}`;
        }
      }),
    );
    const failing = problems.filter((p): p is string => p !== null);
    return failing.length ? indicator.down({ message: failing.join('; ') }) : indicator.up({ queues: this.queues.map((q) => q.name) });
  }
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS).unref(),
    ),
  ]);
}
