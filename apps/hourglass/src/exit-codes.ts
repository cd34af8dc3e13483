import { CommanderError } from 'commander';
import { ConfigError } from '@hourglass/config';
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

/** @hourglass/agent-sim, nats, redis and platform's errors for a dependency that cannot be reached. */
const UNAVAILABLE_ERRORS = new Set(['NatsUnreachableError', 'NatsUnavailableError', 'RedisUnavailableError', 'ClickHouseUnavailableError']);

const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'CONNECTION_REFUSED', 'TIMEOUT']);

export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError) return EXIT.usage;
  if (error instanceof UnavailableError) return EXIT.unavailable;
  if (error instanceof ApiError) return exitCodeForStatus(error.status);
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (error instanceof ConfigError) return EXIT.usage;
  // By class name, not instanceof: importing the libraries that define these would load NATS,
  // Redis, Nest and chDB into every CLI command just to classify an error.
  const name = (error as Error)?.constructor?.name ?? '';
  if (name === 'CliError') return EXIT.usage;
  if (UNAVAILABLE_ERRORS.has(name)) return EXIT.unavailable;
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return EXIT.unavailable;
  return EXIT.failure;
}
