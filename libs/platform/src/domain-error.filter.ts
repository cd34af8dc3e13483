import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';

/** Domain errors carry a reason code; this maps them to HTTP at the edge, never in domain code. */
export class DomainError extends Error {
  constructor(
    readonly reason: string,
    message: string,
    readonly status = 422,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Reason codes for HTTP errors raised without one (Nest's own 404, body-parser, ...). */
const REASON_BY_STATUS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/** Every error body is `{reason, message}` (CONTRACTS.md §5), whoever raised it. */
function errorBody(status: number, body: unknown): Record<string, unknown> {
  if (body && typeof body === 'object' && typeof (body as { reason?: unknown }).reason === 'string') return body as Record<string, unknown>;
  const raw = typeof body === 'string' ? body : (body as { message?: unknown })?.message;
  const message = Array.isArray(raw) ? raw.join('; ') : typeof raw === 'string' ? raw : `HTTP ${status}`;
  return { reason: REASON_BY_STATUS[status] ?? (status >= 500 ? 'internal_error' : 'error'), message };
}

@Catch()
export class DomainErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (error instanceof HttpException) {
      response.status(error.getStatus()).json(errorBody(error.getStatus(), error.getResponse()));
      return;
    }
    if (error instanceof DomainError) {
      response.status(error.status).json({ reason: error.reason, message: error.message, ...error.details });
      return;
    }
    // Internals (stack, library messages) go to the log, never to the caller.
    this.logger.error((error as Error)?.stack ?? String(error));
    response.status(500).json({ reason: 'internal_error', message: 'an internal error occurred; the server log has the details' });
  }
}
