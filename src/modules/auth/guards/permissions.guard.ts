import { ForbiddenException, Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ACCESS_RULE, type AccessRule } from '../../../common/auth/access.decorators.js';
import type { RequestWithPrincipal } from '../../../common/auth/principal.js';

/**
 * Global guard after authentication. A route must declare its access rule (@Public, @SignedIn or
 * @RequirePermissions); one that declares none is refused, so a forgotten decorator fails closed.
 */
@Injectable()
export class PermissionsGuard implements CanActivate {
  private readonly logger = new Logger(PermissionsGuard.name);

  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [context.getHandler(), context.getClass()]);
    if (!rule) {
      this.logger.error(`${context.getClass().name}.${context.getHandler().name} declares no access rule; refusing`);
      throw new ForbiddenException('This route declares no access rule');
    }
    if (rule.kind !== 'permissions') return true;
    const { principal } = context.switchToHttp().getRequest<RequestWithPrincipal>();
    const held = new Set(principal?.permissions ?? []);
    const missing = rule.permissions.filter((p) => !held.has(p));
    if (missing.length) throw new ForbiddenException(`Missing permission: ${missing.join(', ')}`);
    return true;
  }
}
