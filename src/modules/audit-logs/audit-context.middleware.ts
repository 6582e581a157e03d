import { Injectable, type NestMiddleware } from '@nestjs/common';
import { apiRequestContext, runRequestWithAuditContext, type AuditedRequest } from './audit-context.js';

/** Safe methods (RFC 9110): they never write, so they need no audit context. */
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Runs every API request that may write inside an audit context, so that its writes are recorded
 * with its principal. Reads run without one (see openAuditContext for why): an audited write made
 * by a GET would go unrecorded, which test/e2e/security/authorization-and-tenancy checks no GET
 * operation does. (AdminJS routes never reach Nest middleware: the console wraps its own actions.)
 */
@Injectable()
export class AuditContextMiddleware implements NestMiddleware {
  use(
    request: AuditedRequest & { method: string },
    response: { once(event: 'close', listener: () => void): unknown },
    next: () => void,
  ): void {
    if (READ_METHODS.has(request.method)) return next();
    runRequestWithAuditContext(apiRequestContext(request), response, next);
  }
}
