import { ArgumentsHost, Catch, HttpException, type ExceptionFilter } from '@nestjs/common';
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

@Catch()
export class DomainErrorFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (error instanceof HttpException) {
      const body = error.getResponse();
      response.status(error.getStatus()).json(typeof body === 'string' ? { reason: 'error', message: body } : body);
      return;
    }
    if (error instanceof DomainError) {
      response.status(error.status).json({ reason: error.reason, message: error.message, ...error.details });
      return;
    }
    response.status(500).json({ reason: 'internal_error', message: (error as Error)?.message ?? String(error) });
  }
}
