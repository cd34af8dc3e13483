import { HttpStatus, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { catchError, from, mergeMap, throwError, type Observable } from 'rxjs';
import { AuditRecorder, isAuditedMethod } from '../../audit/audit-recorder';
import { DomainError } from '@hourglass/contracts';
import { statusOf } from './http-errors';
import type { AuthenticatedRequest } from './principal';

/**
 * Every authenticated write is in the audit log before its answer leaves: if the entry cannot be
 * stored, the caller gets 503 and retries (writes are idempotent), rather than a change nobody can
 * trace. Refused writes (403) are recorded by the guard, which runs before this.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(private readonly audit: AuditRecorder) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = request.principal;
    if (!principal || !isAuditedMethod(request.method)) return next.handle();
    const audited = { method: request.method, originalUrl: request.originalUrl, idempotencyKey: request.get('idempotency-key') ?? null };
    const record = (status: number) =>
      this.audit.record(principal, audited, status).catch((error: Error) => {
        throw new DomainError('audit_unavailable', `the audit log could not be written (${error.message}); retry the request`);
      });
    const successStatus: number =
      Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) ?? (request.method.toUpperCase() === 'POST' ? HttpStatus.CREATED : HttpStatus.OK);
    return next.handle().pipe(
      mergeMap((value) => from(record(successStatus).then(() => value))),
      catchError((error: unknown) => from(record(statusOf(error))).pipe(mergeMap(() => throwError(() => error)))),
    );
  }
}
