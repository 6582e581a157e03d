import { Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ACCESS_RULE, type AccessRule } from '../../../common/auth/access.decorators.js';
import type { RequestWithPrincipal } from '../../../common/auth/principal.js';
import { PrincipalResolver } from '../principal.resolver.js';

/** Global guard: every route needs a bearer token or an API key unless it is marked @Public(). */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly principals: PrincipalResolver,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [context.getHandler(), context.getClass()]);
    if (rule?.kind === 'public') return true;

    const request = context.switchToHttp().getRequest<Request & RequestWithPrincipal>();
    const apiKey = request.header('x-api-key');
    const authorization = request.header('authorization');
    if (apiKey) {
      request.principal = await this.principals.fromApiKey(apiKey.trim());
      return true;
    }
    if (authorization) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
      if (!match) throw new UnauthorizedException('Authorization header must be "Bearer <accessToken>"');
      request.principal = await this.principals.fromBearerToken(match[1]);
      return true;
    }
    throw new UnauthorizedException('Authentication required: send "Authorization: Bearer <accessToken>" or "X-API-Key: <key>"');
  }
}
