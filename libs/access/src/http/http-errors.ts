import { HttpException } from '@nestjs/common';

/** An HTTP error in the §5 shape, `{reason, message}`, that the platform's filter passes through. */
export function httpError(status: number, reason: string, message: string, extra: Record<string, unknown> = {}): HttpException {
  return new HttpException({ reason, message, ...extra }, status);
}

/** The status an error will be answered with, as the filter maps it. */
export function statusOf(error: unknown): number {
  if (error instanceof HttpException) return error.getStatus();
  const status = (error as { status?: unknown; statusCode?: unknown })?.status ?? (error as { statusCode?: unknown })?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}
