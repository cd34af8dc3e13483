import { HttpException } from '@nestjs/common';
import { DomainError } from '@hourglass/contracts';
import { reasonForStatus, statusForReason } from './reason-status';

/** Every error body Hourglass sends (CONTRACTS.md §5): a reason code, a message, and any details beside them. */
export interface ErrorBody {
  reason: string;
  message: string;
  [detail: string]: unknown;
}

export interface ErrorResponse {
  status: number;
  body: ErrorBody;
  /** Unknown errors are logged with their stack; the client sees none of it. */
  unexpected: boolean;
}

export const INTERNAL_MESSAGE = 'internal error: the server log has the details';

/**
 * The HTTP answer to anything a handler threw: DomainErrors by the reason table, Nest's own
 * HttpExceptions (unknown route, bad JSON, body too large) in the same shape, anything else a 500
 * that names no library internals (a big.js or ClickHouse message is for the log, not the client).
 */
export function errorResponse(error: unknown): ErrorResponse {
  if (error instanceof DomainError) {
    return { status: statusForReason(error.reason), body: { ...error.details, reason: error.reason, message: error.message }, unexpected: false };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const fields = typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : {};
    const reason = typeof fields.reason === 'string' ? fields.reason : reasonForStatus(status);
    const message = messageOf(fields.message) ?? (typeof response === 'string' ? response : error.message);
    const details = Object.fromEntries(Object.entries(fields).filter(([key]) => !['reason', 'message', 'statusCode', 'error'].includes(key)));
    return { status, body: { ...details, reason, message }, unexpected: status >= 500 && status !== 503 };
  }
  const httpStatus = httpErrorStatus(error);
  if (httpStatus !== null) {
    return { status: httpStatus, body: { reason: reasonForStatus(httpStatus), message: (error as Error).message }, unexpected: false };
  }
  return { status: 500, body: { reason: 'internal', message: INTERNAL_MESSAGE }, unexpected: true };
}

function messageOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join('; ');
  return null;
}

/**
 * Express and its body parser raise http-errors objects (`expose: true` marks a message written for
 * clients) for requests they refuse before any route runs; they keep their 4xx status.
 */
function httpErrorStatus(error: unknown): number | null {
  if (!(error instanceof Error)) return null;
  const { status, expose } = error as Error & { status?: unknown; expose?: unknown };
  return typeof status === 'number' && status >= 400 && status < 500 && expose === true ? status : null;
}
