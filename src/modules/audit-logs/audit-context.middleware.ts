import { Injectable, type NestMiddleware } from '@nestjs/common';
import { apiRequestContext, runWithAuditContext, type AuditedRequest } from './audit-context.js';

/**
 * Runs every API request inside an audit context, so that the writes it makes are recorded with
 * its principal. (AdminJS routes never reach Nest middleware: the console wraps its own actions.)
 */
@Injectable()
export class AuditContextMiddleware implements NestMiddleware {
  use(request: AuditedRequest, _response: unknown, next: () => void): void {
    runWithAuditContext(apiRequestContext(request), next);
  }
}
