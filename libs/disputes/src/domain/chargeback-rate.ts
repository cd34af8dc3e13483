import type Big from 'big.js';

/**
 * What one month of one processor looked like, per currency: the payments it captured and the
 * disputes opened in it (a dispute counts in the month of its first event, once however many events
 * follow).
 */
export interface MonthActivity {
  month: string;
  provider: string;
  currency: string;
  payments: number;
  paymentsAmount: Big;
  disputes: number;
  disputedAmount: Big;
}

export interface ChargebackRate {
  basis: 'count' | 'amount';
  provider: string;
  month: string;
  /** `all` for the count basis (a count needs no currency); the currency for the amount basis. */
  currency: string;
  rate: number;
}

/**
 * The chargeback rate of a processor in a month, as the card schemes' monitoring programmes count it:
 *
 *   count:  disputes opened in the month ÷ payments captured in the month (every currency)
 *   amount: disputed amount opened in the month ÷ amount captured in the month, per currency
 *
 * The amount basis is per currency because amounts in different currencies do not add up without an
 * exchange rate. A month without captures has no rate (nothing to divide by) and is left out. The
 * ratio is the one float in Hourglass: a gauge value, never money.
 */
export function chargebackRates(rows: readonly MonthActivity[]): ChargebackRate[] {
  const out: ChargebackRate[] = [];
  const counts = new Map<string, { provider: string; month: string; payments: number; disputes: number }>();
  for (const r of rows) {
    const key = `${r.provider}|${r.month}`;
    const c = counts.get(key) ?? { provider: r.provider, month: r.month, payments: 0, disputes: 0 };
    c.payments += r.payments;
    c.disputes += r.disputes;
    counts.set(key, c);
    if (r.paymentsAmount.gt(0)) out.push({ basis: 'amount', provider: r.provider, month: r.month, currency: r.currency, rate: Number(r.disputedAmount.div(r.paymentsAmount).toPrecision(12)) });
  }
  for (const c of counts.values()) if (c.payments > 0) out.push({ basis: 'count', provider: c.provider, month: c.month, currency: 'all', rate: c.disputes / c.payments });
  return out.sort((a, b) => (a.basis + a.provider + a.month + a.currency < b.basis + b.provider + b.month + b.currency ? -1 : 1));
}
