/** The payout statement repository, for the controller and for whoever records statements. */
export const PAYOUT_STATEMENTS = Symbol('PayoutStatementRepository');
/** What operators earned and customers paid (invoicing, payments and ledger tables, read by SQL). */
export const PAYOUT_EARNINGS = Symbol('EarningsSource');
