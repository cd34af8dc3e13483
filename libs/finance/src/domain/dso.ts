import Big from 'big.js';

/** Receivables of one currency: what is still due now, and what was invoiced in the DSO window. */
export interface ReceivablesRow {
  currency: string;
  /** Sum of `due` over invoices finalized or uncollectible, major units, decimal text. */
  outstanding: string;
  /** Sum of `total` over invoices issued in [now − W days, now), void ones left out, major units. */
  invoicedInWindow: string;
}

/**
 * Days sales outstanding over a window of W days:
 *
 *   DSO = receivables outstanding now ÷ amount invoiced in the last W days × W
 *
 * per currency (amounts in different currencies are never added). Undefined (null) when nothing was
 * invoiced in the window: a DSO of 0 or infinity would be a figure nobody earned, so no sample is
 * exported and an alert on it stays quiet rather than firing on a division by zero.
 */
export function dsoDays(row: ReceivablesRow, windowDays: number): Big | null {
  if (!Number.isInteger(windowDays) || windowDays < 1) throw new Error(`DSO window must be a whole number of days ≥ 1, got ${windowDays}`);
  const invoiced = new Big(row.invoicedInWindow);
  if (invoiced.lte(0)) return null;
  return new Big(row.outstanding).div(invoiced).times(windowDays);
}
