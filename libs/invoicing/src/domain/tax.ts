import type Big from 'big.js';
import { Dec, minorUnits, roundToMinor, type RoundingMode } from '@hourglass/money';

/**
 * Tax on invoices (VAT or sales tax), pure: which treatment a customer gets, which rate applies to a
 * line, and how the tax is rounded. No configuration (no rules file) means no tax: every invoice
 * keeps exactly the amounts it had before tax existed.
 */

/** EU member states (ISO 3166-1 alpha-2; Greece as GR, the code customer documents use). */
export const EU_COUNTRIES: ReadonlySet<string> = new Set([
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE',
]);

export const REVERSE_CHARGE_NOTE = 'Reverse charge: VAT to be accounted for by the recipient (Art. 196 VAT Directive)';

export type TaxRounding = 'line' | 'invoice';
/**
 * - `standard`: the rate table's rate for the customer's country (which may be 0 %);
 * - `reverse_charge`: an EU business customer with a VAT number in another member state: 0, the recipient accounts for it;
 * - `exempt`: the customer document says `taxExempt: true`;
 * - `none`: no rule applies (no rules configured, or no rate for the country and date).
 */
export type TaxTreatment = 'standard' | 'reverse_charge' | 'exempt' | 'none';

export interface TaxRate {
  /** The customer's country this rate applies to, or `*` for any country without its own entry. */
  country: string;
  /** A decimal fraction as a string: "0.19" is 19 %. */
  rate: string;
  /** First day (YYYY-MM-DD, inclusive) the rate is in force. */
  from: string;
  /** First day it no longer is (exclusive); absent: still in force. */
  to?: string | null;
  /** What the document calls it, e.g. "VAT" or "Sales tax". Default "VAT". */
  name?: string;
}

/** The tax rules file (HOURGLASS_TAX_RULES_FILE), validated. */
export interface TaxRules {
  /** The issuer's country: whose rates these are and what "domestic" means. */
  issuerCountry: string;
  /** Round each line's tax, or each rate's sum once per invoice. Default `invoice`. */
  rounding: TaxRounding;
  rates: readonly TaxRate[];
}

/** What the customer's reference document says about tax (all optional there). */
export interface CustomerTaxProfile {
  country?: string | null;
  taxId?: string | null;
  customerType?: 'business' | 'individual' | null;
  taxExempt?: boolean | null;
}

export interface LineTax {
  treatment: TaxTreatment;
  /** Decimal fraction as a plain string ("0.19"); "0" when nothing is charged. */
  rate: string;
  /** The tax name shown with the rate ("VAT"). */
  name: string;
  /** This line's tax, rounded to the currency's minor units (see `taxInvoice`). */
  amount: Big;
}

export interface InvoiceTax {
  treatment: TaxTreatment;
  rounding: TaxRounding;
  /** One per invoice line, in the lines' order. */
  lines: LineTax[];
  /** Σ lines' tax (exactly; already rounded). */
  total: Big;
  /** Per (name, rate): taxable base (Σ net line amounts) and tax, as the document's summary shows it. */
  summary: Array<{ name: string; rate: string; taxable: Big; tax: Big }>;
  /** The sentence the document must carry (reverse charge, exemption), or null. */
  note: string | null;
}

export class InvalidTaxRulesError extends Error {
  constructor(message: string) {
    super(`tax rules: ${message}`);
  }
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const COUNTRY = /^([A-Z]{2}|\*)$/;
const RATE = /^(0|0?\.\d+|1|1\.0+)$/;

/** Validates a parsed rules file; throws InvalidTaxRulesError naming the first problem. */
export function parseTaxRules(json: unknown): TaxRules {
  const o = json as Record<string, unknown>;
  if (!o || typeof o !== 'object') throw new InvalidTaxRulesError('not a JSON object');
  const issuerCountry = String(o.issuerCountry ?? '').toUpperCase();
  if (!/^[A-Z]{2}$/.test(issuerCountry)) throw new InvalidTaxRulesError('issuerCountry must be a two-letter country code');
  const rounding = (o.rounding ?? 'invoice') as TaxRounding;
  if (rounding !== 'line' && rounding !== 'invoice') throw new InvalidTaxRulesError('rounding must be "line" or "invoice"');
  if (!Array.isArray(o.rates)) throw new InvalidTaxRulesError('rates must be an array');
  const rates = o.rates.map((r: Record<string, unknown>, i: number): TaxRate => {
    const country = String(r.country ?? '').toUpperCase();
    const rate = String(r.rate ?? '');
    const from = String(r.from ?? '');
    const to = r.to === undefined || r.to === null ? null : String(r.to);
    if (!COUNTRY.test(country)) throw new InvalidTaxRulesError(`rates[${i}].country must be a two-letter code or "*"`);
    if (!RATE.test(rate)) throw new InvalidTaxRulesError(`rates[${i}].rate must be a decimal fraction between 0 and 1, e.g. "0.19"`);
    if (!DAY.test(from)) throw new InvalidTaxRulesError(`rates[${i}].from must be YYYY-MM-DD`);
    if (to !== null && (!DAY.test(to) || to <= from)) throw new InvalidTaxRulesError(`rates[${i}].to must be YYYY-MM-DD after from`);
    return { country, rate: new Dec(rate).toFixed(), from, to, name: typeof r.name === 'string' && r.name ? r.name : 'VAT' };
  });
  for (const a of rates) {
    for (const b of rates) {
      if (a !== b && a.country === b.country && a.from < (b.to ?? '9999-12-31') && b.from < (a.to ?? '9999-12-31')) {
        throw new InvalidTaxRulesError(`two rates for ${a.country} overlap (from ${a.from} and from ${b.from})`);
      }
    }
  }
  return { issuerCountry, rounding, rates };
}

/** The customer's treatment, before any rate is looked up. */
export function taxTreatmentFor(rules: TaxRules | null, customer: CustomerTaxProfile | null): 'standard' | 'reverse_charge' | 'exempt' | 'none' {
  if (!rules) return 'none';
  if (customer?.taxExempt) return 'exempt';
  const country = (customer?.country || rules.issuerCountry).toUpperCase();
  if (
    customer?.customerType === 'business' &&
    customer.taxId &&
    EU_COUNTRIES.has(rules.issuerCountry) &&
    EU_COUNTRIES.has(country) &&
    country !== rules.issuerCountry
  ) {
    return 'reverse_charge';
  }
  return 'standard';
}

/**
 * The rate in force on `day` (YYYY-MM-DD) for the customer's country, else the `*` entry, else null.
 * A line's day is the first day of its service period, so an adjustment for an earlier month is taxed
 * at that month's rate.
 */
export function rateOn(rules: TaxRules, country: string, day: string): TaxRate | null {
  const inForce = (r: TaxRate) => r.from <= day && (!r.to || day < r.to);
  return rules.rates.find((r) => r.country === country && inForce(r)) ?? rules.rates.find((r) => r.country === '*' && inForce(r)) ?? null;
}

export interface TaxableLine {
  /** Net amount, rounded to minor units; credit lines are negative. */
  amount: Big;
  /** YYYY-MM of the service the line charges. */
  servicePeriod: string;
}

/**
 * Tax of one invoice. Per-line rounding rounds each line's tax; per-invoice rounding rounds each
 * rate's Σ(base × rate) once and spreads it over that rate's lines by largest remainder (so every line
 * carries a share and the shares add up exactly). The total is never below zero: prepaid credits can
 * take the net total to zero, and per-line rounding of a credit must not leave tax on nothing.
 */
export function taxInvoice(
  rules: TaxRules | null,
  customer: CustomerTaxProfile | null,
  currency: string,
  lines: readonly TaxableLine[],
  mode: RoundingMode,
): InvoiceTax {
  const rounding: TaxRounding = rules?.rounding ?? 'invoice';
  const treatment = taxTreatmentFor(rules, customer);
  const zero = () => new Dec(0);
  const country = (customer?.country || rules?.issuerCountry || '').toUpperCase();
  const rated = lines.map((l) => {
    if (!rules || treatment !== 'standard') return { treatment, rate: '0', name: 'VAT' };
    const r = rateOn(rules, country, `${l.servicePeriod}-01`);
    return r ? { treatment: 'standard' as const, rate: r.rate, name: r.name ?? 'VAT' } : { treatment: 'none' as const, rate: '0', name: 'VAT' };
  });
  const amounts: Big[] = lines.map(zero);
  const groups = new Map<string, number[]>();
  rated.forEach((r, i) => {
    const key = `${r.name}\u0000${r.rate}`;
    const g = groups.get(key);
    if (g) g.push(i);
    else groups.set(key, [i]);
  });
  const summary: InvoiceTax['summary'] = [];
  for (const [key, idx] of groups) {
    const [name, rate] = key.split('\u0000') as [string, string];
    const taxable = idx.reduce((s, i) => s.plus(lines[i]!.amount), zero());
    if (rounding === 'line') {
      for (const i of idx) amounts[i] = roundToMinor(lines[i]!.amount.times(rate), currency, mode);
    } else {
      const groupTax = roundToMinor(taxable.times(rate), currency, mode);
      spread(groupTax, idx.map((i) => lines[i]!.amount.times(rate)), currency).forEach((a, k) => (amounts[idx[k]!] = a));
    }
    summary.push({ name, rate, taxable, tax: idx.reduce((s, i) => s.plus(amounts[i]!), zero()) });
  }
  let total = amounts.reduce((s, a) => s.plus(a), zero());
  if (total.lt(0)) {
    // Only per-line rounding of credits can get here (and only by a few minor units): nothing is owed.
    amounts.forEach((_, i) => (amounts[i] = zero()));
    summary.forEach((s) => (s.tax = zero()));
    total = zero();
  }
  const invoiceTreatment = rated.some((r) => r.treatment === 'standard') ? 'standard' : treatment === 'standard' ? 'none' : treatment;
  return {
    treatment: invoiceTreatment,
    rounding,
    lines: rated.map((r, i) => ({ ...r, amount: amounts[i]! })),
    total,
    summary,
    note: invoiceTreatment === 'reverse_charge' ? REVERSE_CHARGE_NOTE : invoiceTreatment === 'exempt' ? 'Exempt from VAT: the customer is registered as tax-exempt.' : null,
  };
}

/**
 * `total` (rounded) over parts whose exact sum it rounds: each part gets its value truncated to minor
 * units, and the minor units left go one each to the parts with the largest remainders (sign-aware).
 */
export function spread(total: Big, exact: readonly Big[], currency: string): Big[] {
  const unit = new Dec(1).div(new Dec(10).pow(minorUnits(currency)));
  const base = exact.map((x) => roundToMinor(x, currency, 'down'));
  let left = total.minus(base.reduce((s, b) => s.plus(b), new Dec(0)));
  const step = left.lt(0) ? unit.neg() : unit;
  const order = exact
    .map((x, i) => ({ i, rem: x.minus(base[i]!).abs() }))
    .sort((a, b) => b.rem.cmp(a.rem) || a.i - b.i);
  let k = 0;
  while (!left.eq(0) && order.length > 0) {
    const { i } = order[k % order.length]!;
    base[i] = base[i]!.plus(step);
    left = left.minus(step);
    k += 1;
  }
  return base;
}

/**
 * Tax of a credit note of `amount` (net) on an invoice: the invoice's tax in proportion, rounded;
 * the note that credits the last of the net credits the last of the tax, so crediting everything
 * leaves exactly nothing owed.
 */
export function creditNoteTax(input: {
  invoiceTotal: Big;
  invoiceTax: Big;
  creditedBefore: Big;
  taxCreditedBefore: Big;
  amount: Big;
  currency: string;
  mode: RoundingMode;
}): Big {
  if (input.invoiceTax.eq(0) || input.invoiceTotal.lte(0)) return new Dec(0);
  const taxLeft = input.invoiceTax.minus(input.taxCreditedBefore);
  if (input.creditedBefore.plus(input.amount).gte(input.invoiceTotal)) return taxLeft.lt(0) ? new Dec(0) : taxLeft;
  const share = roundToMinor(input.invoiceTax.times(input.amount).div(input.invoiceTotal), input.currency, input.mode);
  return share.gt(taxLeft) ? taxLeft : share;
}
