import { Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { AuditRecorder, isAuditedMethod } from '../../audit/audit-recorder';
import { mayAccess, type Role } from '../../roles';
import { bearerToken, TokenRegistry } from '../../tokens/token-registry';
import { ACCESS_ROLES, PUBLIC_ROUTE } from './access.decorators';
import { DomainError } from '@hourglass/contracts';
import { isUnderV1, type AuthenticatedRequest } from './principal';

/**
 * The one gate in front of every route. Under `/v1` a route is open only if it says @Public();
 * otherwise the bearer token must be known (401) and its role named by the route's @Access (403).
 * Outside `/v1` (`/healthz`, `/metrics`) routes are open unless they declare roles.
 */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly registry: TokenRegistry,
    private readonly audit: AuditRecorder,
  ) {}

  private readonly logger = new Logger('access');

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ACCESS_ROLES, targets);
    if (!roles && !isUnderV1(request.path)) return true;

    const principal = this.registry.authenticate(bearerToken(request.headers.authorization));
    if (!principal) {
      context.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="hourglass"');
      throw new DomainError('unauthenticated', 'send Authorization: Bearer <token> with a token Hourglass knows');
    }
    request.principal = principal;
    if (mayAccess(principal.role, roles ?? [])) return true;

    if (isAuditedMethod(request.method)) {
      // A refused write is kept too: who tried to do what they may not is what an auditor asks first.
      await this.audit
        .record(principal, { method: request.method, originalUrl: request.originalUrl, idempotencyKey: request.get('idempotency-key') ?? null }, 403)
        .catch((error: Error) => this.logger.error(`audit log write failed: ${error.message}`));
    }
    throw new DomainError('forbidden', `the ${principal.role} role may not ${request.method} ${request.path} (allowed: ${['admin', ...(roles ?? [])].join(', ')})`);
  }
}
