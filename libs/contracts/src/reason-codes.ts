/**
 * Why an event was not accepted, in the order CONTRACTS.md §1 runs the checks: the first
 * that applies is the reason. The order is part of the contract (dashboards and the DLQ
 * are keyed by it), so append new codes only where the check runs.
 */
export const REJECTION_REASONS = [
  'malformed_json',
  'schema_violation',
  'invalid_interval',
  'interval_too_long',
  'future_timestamp',
  'source_mismatch',
  'unknown_rental',
  'rental_mismatch',
  'outside_rental_window',
] as const;

export type RejectionReason = (typeof REJECTION_REASONS)[number];

export function isRejectionReason(value: unknown): value is RejectionReason {
  return typeof value === 'string' && (REJECTION_REASONS as readonly string[]).includes(value);
}
