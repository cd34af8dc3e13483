/** The payout statement repository, for the controller and for whoever records statements. */
export const PAYOUT_STATEMENTS = Symbol('PayoutStatementRepository');
