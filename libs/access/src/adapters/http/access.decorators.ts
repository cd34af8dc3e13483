import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiForbiddenResponse, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Role } from '../../roles';
import { ErrorBodyDto } from '../dto/error-body.dto';

export const ACCESS_ROLES = 'hourglass:access-roles';
export const PUBLIC_ROUTE = 'hourglass:public-route';
export const BEARER_SCHEME = 'bearer';

/**
 * The roles that may call a route, beside the route. `admin` may call every route, so it is never
 * named; a `/v1` route without this decorator (or @Public) is admin-only.
 */
export function Access(...roles: Exclude<Role, 'admin'>[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(ACCESS_ROLES, roles),
    ApiBearerAuth(BEARER_SCHEME),
    ApiExtension('x-hourglass-roles', ['admin', ...roles]),
    ApiUnauthorizedResponse({ description: 'no token, or an unknown one: `unauthenticated`', type: ErrorBodyDto }),
    ApiForbiddenResponse({ description: `the token's role may not do this: \`forbidden\` (allowed: admin${roles.map((r) => `, ${r}`).join('')})`, type: ErrorBodyDto }),
    ApiTooManyRequestsResponse({ description: 'too many requests for this token: `rate_limited`', type: ErrorBodyDto }),
  );
}

/** Open without a token: routes that authenticate another way (PSP webhooks sign their bodies). */
export function Public(): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(PUBLIC_ROUTE, true), ApiExtension('x-hourglass-roles', ['public']));
}
