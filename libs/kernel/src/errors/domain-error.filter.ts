import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { errorResponse } from './error-response';

/** Installed by the shared bootstrap on every app: the only place an error becomes an HTTP answer. */
@Catch()
export class DomainErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(error: unknown, host: ArgumentsHost): void {
    const { status, body, unexpected } = errorResponse(error);
    if (unexpected) this.logger.error((error as Error)?.stack ?? String(error));
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return;
    response.status(status).json(body);
  }
}
