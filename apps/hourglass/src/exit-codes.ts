import { CommanderError } from 'commander';
import { ApiError } from './api-client';

/** CONTRACTS §12: what a script can tell apart without reading stderr. */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  notFound: 3,
  refused: 4,
  unavailable: 5,
} as const;

/** Bad flags or arguments found by the CLI itself, before anything is asked of a service. */
export class UsageError extends Error {}

/** A dependency (NATS, Redis, ClickHouse, the API) that could not be reached. */
export class UnavailableError extends Error {}

/** HTTP statuses of the API, as exit codes: a refusal is the caller's to fix, an outage is not. */
export function exitCodeForStatus(status: number): number {
  if (status === 0 || status === 502 || status === 503 || status === 504) return EXIT.unavailable;
  if (status === 404) return EXIT.notFound;
  if (status === 400 || status === 401 || status === 403 || status === 409 || status === 413 || status === 422) return EXIT.refused;
  return EXIT.failure;
}

/** What to do next, by status; the API's own message says what was wrong. */
export function hintForStatus(status: number): string {
  switch (status) {
    case 401:
      return "set HOURGLASS_API_TOKEN to a token (the admin token of 'hourglass serve' is in admin.token in its data directory)";
    case 403:
      return 'use a token whose role may do this (admin, billing, finance or control-plane)';
    case 404:
      return 'check the id or number (list them with hourglass invoices --period YYYY-MM)';
    case 503:
      return "a dependency of 'hourglass serve' is down: see its log and /healthz";
    default:
      return '';
  }
}

/**
 * Reasons of errors raised in this process (not answered by the API): bad options and environment
 * are usage errors; `unavailable` (NATS, Redis, ClickHouse) and `publish_failed` (a broker that
 * stopped acknowledging) are dependencies.
 */
const EXIT_BY_REASON: Readonly<Record<string, number>> = {
  usage_error: EXIT.usage,
  invalid_config: EXIT.usage,
  unavailable: EXIT.unavailable,
  publish_failed: EXIT.unavailable,
};

const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'CONNECTION_REFUSED', 'TIMEOUT']);

export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError) return EXIT.usage;
  if (error instanceof UnavailableError) return EXIT.unavailable;
  if (error instanceof ApiError) return exitCodeForStatus(error.status);
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  // Operating errors of the libraries are DomainErrors: keyed by their reason code (duck-typed, so
  // that classifying an error does not load NATS, Redis, Nest and chDB into every command).
  const reason = (error as { reason?: unknown })?.reason;
  if (typeof reason === 'string' && Object.hasOwn(EXIT_BY_REASON, reason)) return EXIT_BY_REASON[reason]!;
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return EXIT.unavailable;
  return EXIT.failure;
}
