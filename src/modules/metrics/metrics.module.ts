import { Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller.js';
import { MetricsService } from './metrics.service.js';
import { allQueuesProvider } from './queues.provider.js';

@Module({
  controllers: [MetricsController],
  providers: [MetricsService, allQueuesProvider],
  exports: [MetricsService, allQueuesProvider],
})
export class MetricsModule {}
