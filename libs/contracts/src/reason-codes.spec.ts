import { isRejectionReason, REJECTION_REASONS } from './reason-codes';

describe('REJECTION_REASONS', () => {
  it('lists the reasons in the order CONTRACTS.md §1 runs the checks', () => {
    expect(REJECTION_REASONS).toEqual([
      'malformed_json',
      'schema_violation',
      'invalid_interval',
      'interval_too_long',
      'future_timestamp',
      'source_mismatch',
      'unknown_rental',
      'rental_mismatch',
      'outside_rental_window',
    ]);
  });

  it.each([
    ['source_mismatch', true],
    ['duplicate', false],
    ['SCHEMA_VIOLATION', false],
    [null, false],
  ])('tells whether %p is a reason code', (value, expected) => {
    expect(isRejectionReason(value)).toBe(expected);
  });
});
