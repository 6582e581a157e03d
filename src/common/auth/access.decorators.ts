import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtension,
  ApiForbiddenResponse,
  ApiSecurity,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ErrorResponseDto } from '../errors/error-response.dto.js';
import type { Permission } from '../permissions/permissions.js';
import type { Principal, RequestWithPrincipal } from './principal.js';

export const ACCESS_RULE = 'aura:access-rule';

export type AccessRule = { kind: 'public' } | { kind: 'signed-in' } | { kind: 'permissions'; permissions: Permission[] };

export const BEARER_SCHEME = 'bearer';
export const API_KEY_SCHEME = 'api-key';

const signedInDocs = () => [
  ApiBearerAuth(BEARER_SCHEME),
  ApiSecurity(API_KEY_SCHEME),
  ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Missing, invalid or expired credentials' }),
];

/** Anyone may call the route, without credentials. */
export const Public = () =>
  applyDecorators(SetMetadata(ACCESS_RULE, { kind: 'public' } satisfies AccessRule), ApiExtension('x-public', true));

/** Any signed-in user or API key may call the route. */
export const SignedIn = () =>
  applyDecorators(
    SetMetadata(ACCESS_RULE, { kind: 'signed-in' } satisfies AccessRule),
    ApiExtension('x-required-permissions', []),
    ...signedInDocs(),
  );

/** The caller must hold every listed permission (documented in the OpenAPI operation too). */
export const RequirePermissions = (...permissions: Permission[]) =>
  applyDecorators(
    SetMetadata(ACCESS_RULE, { kind: 'permissions', permissions } satisfies AccessRule),
    ApiExtension('x-required-permissions', permissions),
    ...signedInDocs(),
    ApiForbiddenResponse({ type: ErrorResponseDto, description: `Requires ${permissions.join(', ')}` }),
  );

/** Documents the 429 of throttled routes. */
export const ApiThrottled = () =>
  ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'Too many attempts; retry after the Retry-After delay' });

export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const request = context.switchToHttp().getRequest<RequestWithPrincipal>();
  return request.principal!;
});
