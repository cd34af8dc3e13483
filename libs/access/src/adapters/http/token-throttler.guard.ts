import { Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectThrottlerOptions, InjectThrottlerStorage, ThrottlerGuard, type ThrottlerModuleOptions, type ThrottlerStorage } from '@nestjs/throttler';
import { bearerToken, TokenRegistry } from '../../tokens/token-registry';
import { DomainError } from '@hourglass/contracts';
import { isUnderV1 } from './principal';

/**
 * Rate limit per token across every `/v1` route (per client address for requests without a known
 * token, so guessing tokens is throttled too). It runs before the bearer guard, hence its own lookup.
 */
@Injectable()
export class TokenThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly registry: TokenRegistry,
  ) {
    super(options, storage, reflector);
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    return !isUnderV1(context.switchToHttp().getRequest<{ path: string }>().path);
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const headers = req.headers as Record<string, string | undefined>;
    const principal = this.registry.authenticate(bearerToken(headers.authorization));
    return principal ? `token:${principal.name}` : `address:${String(req.ip ?? 'unknown')}`;
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${throttlerName}:${tracker}`;
  }

  protected override async throwThrottlingException(): Promise<void> {
    throw new DomainError('rate_limited', 'too many requests for this token; wait and retry (Retry-After says how long)');
  }
}
