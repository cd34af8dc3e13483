/** Where a billing run hands its earned shares (OperatorEarnings); libs/payouts provides it. */
export const OPERATOR_EARNINGS = Symbol('OperatorEarnings');
