import { Global, Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';

export const REDIS = Symbol('REDIS');

/**
 * One shared ioredis client for rate limiting and health checks. Commands fail fast while Redis is
 * down (no offline queue) so that requests answer quickly; the client reconnects by itself.
 */
@Injectable()
export class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    this.redis.disconnect();
  }
}

@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig): Promise<Redis> => {
        const logger = new Logger('Redis');
        const client = new Redis(config.redis.url, {
          lazyConnect: true,
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
          connectTimeout: 2000,
          retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
        });
        let lastError = '';
        client.on('error', (error: Error) => {
          if (error.message !== lastError) logger.warn(`Redis unavailable: ${error.message}`);
          lastError = error.message;
        });
        client.on('ready', () => {
          if (lastError) logger.log('Redis connection restored');
          lastError = '';
        });
        // The API keeps serving reads when Redis is down at start-up; it connects when Redis returns.
        await client.connect().catch(() => undefined);
        return client;
      },
    },
    RedisLifecycle,
  ],
  exports: [REDIS],
})
export class RedisModule {}
