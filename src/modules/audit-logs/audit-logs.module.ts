import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import type { EntityTarget } from 'typeorm';
import { provideScopedRepository } from '../../common/tenancy/organization-scoped.repository.js';
import { AuditContextMiddleware } from './audit-context.middleware.js';
import { AuditLogSubscriber } from './audit-log.subscriber.js';
import { AuditLogsController } from './audit-logs.controller.js';
import { AuditLogsService, type ScopedAuditLog } from './audit-logs.service.js';
import { AuditLog } from './entities/audit-log.entity.js';

/**
 * The audit trail: records writes made during API requests and admin-console actions
 * (AuditLogSubscriber) and serves them at GET /api/v1/audit-logs. Imported by the API only:
 * worker writes (scan results, feed items) are not audited.
 */
@Module({
  controllers: [AuditLogsController],
  providers: [AuditLogsService, AuditLogSubscriber, provideScopedRepository(AuditLog as EntityTarget<ScopedAuditLog>, 'Audit log entry')],
})
export class AuditLogsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // Same catch-all route as nestjs-pino's: `{/*splat}` also matches the root.
    consumer.apply(AuditContextMiddleware).forRoutes({ path: '{/*splat}', method: RequestMethod.ALL });
  }
}
