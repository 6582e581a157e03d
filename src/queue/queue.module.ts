import { BullModule } from '@nestjs/bull';
import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';
import { JobProducer } from './job-producer.js';
import { ALL_QUEUES, DEFAULT_JOB_OPTIONS, queueSettings } from './queue.constants.js';

/**
 * Bull on Redis, shared by the API (which only enqueues, through JobProducer) and the workers
 * (which register processors). QUEUE_PREFIX separates deployments and test runs sharing one Redis.
 */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        url: config.redis.url,
        prefix: config.redis.queuePrefix,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
        settings: queueSettings(config.queue),
      }),
    }),
    BullModule.registerQueue(...ALL_QUEUES.map((name) => ({ name }))),
  ],
  providers: [JobProducer],
  exports: [BullModule, JobProducer],
})
export class QueueModule {}
