import fc from 'fast-check';
import { dec, fromMinor, roundToMinor } from '@hourglass/money';
import { creditNoteTax, InvalidTaxRulesError, parseTaxRules, rateOn, REVERSE_CHARGE_NOTE, spread, taxInvoice, taxTreatmentFor, type TaxRules } from './tax';

const RULES: TaxRules = parseTaxRules({
  issuerCountry: 'DE',
  rounding: 'invoice',
  rates: [
    { country: 'DE', rate: '0.16', from: '2020-07-01', to: '2021-01-01' },
    { country: 'DE', rate: '0.19', from: '2007-01-01', to: '2020-07-01' },
    { country: 'DE', rate: '0.19', from: '2021-01-01' },
    { country: 'FR', rate: '0.20', from: '2014-01-01' },
  ],
});
const line = (amount: string, servicePeriod = '2026-10') => ({ amount: dec(amount), servicePeriod });
const strings = (xs: { toString(): string }[]) => xs.map((x) => x.toString());

describe('tax rules', () => {
  it('parses a rules file and refuses overlapping rates, bad rates and dates', () => {
    expect(RULES.rates).toHaveLength(4);
    expect(() => parseTaxRules({ issuerCountry: 'DE', rates: [{ country: 'DE', rate: '19', from: '2020-01-01' }] })).toThrow(InvalidTaxRulesError);
    expect(() => parseTaxRules({ issuerCountry: 'DE', rates: [{ country: 'DE', rate: '0.19', from: '2020-1-1' }] })).toThrow(InvalidTaxRulesError);
    expect(() =>
      parseTaxRules({ issuerCountry: 'DE', rates: [{ country: 'DE', rate: '0.19', from: '2020-01-01' }, { country: 'DE', rate: '0.16', from: '2020-07-01' }] }),
    ).toThrow(/overlap/);
    expect(() => parseTaxRules({ issuerCountry: 'DE', rounding: 'sometimes', rates: [] })).toThrow(/rounding/);
  });

  it('takes the rate in force on the first day of the service period', () => {
    expect(rateOn(RULES, 'DE', '2020-06-01')?.rate).toBe('0.19');
    expect(rateOn(RULES, 'DE', '2020-07-01')?.rate).toBe('0.16');
    expect(rateOn(RULES, 'DE', '2020-12-01')?.rate).toBe('0.16');
    expect(rateOn(RULES, 'DE', '2021-01-01')?.rate).toBe('0.19');
    expect(rateOn(RULES, 'US', '2021-01-01')).toBeNull();
  });

  it.each<[string, Parameters<typeof taxTreatmentFor>[1], string]>([
    ['domestic business', { country: 'DE', customerType: 'business', taxId: 'DE123' }, 'standard'],
    ['EU business with a VAT number', { country: 'FR', customerType: 'business', taxId: 'FR123' }, 'reverse_charge'],
    ['EU business without a VAT number', { country: 'FR', customerType: 'business' }, 'standard'],
    ['EU individual', { country: 'FR', customerType: 'individual', taxId: 'FR123' }, 'standard'],
    ['exempt', { country: 'DE', taxExempt: true }, 'exempt'],
    ['no document', null, 'standard'],
  ])('%s → %s', (_name, customer, expected) => {
    expect(taxTreatmentFor(RULES, customer)).toBe(expected);
  });

  it('without rules nothing is taxed', () => {
    const tax = taxInvoice(null, { country: 'DE' }, 'EUR', [line('100.00'), line('-20.00')], 'half_away_from_zero');
    expect(tax.treatment).toBe('none');
    expect(tax.total.toString()).toBe('0');
    expect(tax.note).toBeNull();
  });
});

describe('taxInvoice', () => {
  it('rounds once per rate per invoice, or per line, as configured (hand-computed)', () => {
    // 3 × 0.05 at 19 %: exact 0.0095 each, 0.0285 in all → 0.03 per invoice; 0.01 × 3 per line
    const lines = [line('0.05'), line('0.05'), line('0.05')];
    const perInvoice = taxInvoice(RULES, { country: 'DE' }, 'EUR', lines, 'half_away_from_zero');
    expect(perInvoice.total.toString()).toBe('0.03');
    expect(strings(perInvoice.lines.map((l) => l.amount))).toEqual(['0.01', '0.01', '0.01']);
    const perLine = taxInvoice({ ...RULES, rounding: 'line' }, { country: 'DE' }, 'EUR', lines, 'half_away_from_zero');
    expect(perLine.total.toString()).toBe('0.03');
    // 0.04 at 19 % = 0.0076 → 0.01 per line (×3 = 0.03); per invoice 0.0228 → 0.02
    const four = [line('0.04'), line('0.04'), line('0.04')];
    expect(taxInvoice({ ...RULES, rounding: 'line' }, { country: 'DE' }, 'EUR', four, 'half_away_from_zero').total.toString()).toBe('0.03');
    expect(taxInvoice(RULES, { country: 'DE' }, 'EUR', four, 'half_away_from_zero').total.toString()).toBe('0.02');
  });

  it('taxes an adjustment of an earlier month at that month\'s rate and summarises per rate', () => {
    const tax = taxInvoice(RULES, { country: 'DE' }, 'EUR', [line('100.00', '2021-01'), line('10.00', '2020-12')], 'half_away_from_zero');
    expect(tax.summary.map((s) => [s.rate, s.taxable.toString(), s.tax.toString()])).toEqual([
      ['0.19', '100', '19'],
      ['0.16', '10', '1.6'],
    ]);
    expect(tax.total.toString()).toBe('20.6');
  });

  it('reverse charge and exemption charge nothing and say why', () => {
    const rc = taxInvoice(RULES, { country: 'FR', customerType: 'business', taxId: 'FR40303265045' }, 'EUR', [line('100.00')], 'half_away_from_zero');
    expect([rc.treatment, rc.total.toString(), rc.note]).toEqual(['reverse_charge', '0', REVERSE_CHARGE_NOTE]);
    const ex = taxInvoice(RULES, { country: 'DE', taxExempt: true }, 'EUR', [line('100.00')], 'half_away_from_zero');
    expect([ex.treatment, ex.total.toString()]).toEqual(['exempt', '0']);
    expect(ex.note).toMatch(/Exempt/);
    const fr = taxInvoice(RULES, { country: 'FR', customerType: 'individual' }, 'EUR', [line('100.00')], 'half_away_from_zero');
    expect([fr.treatment, fr.total.toString()]).toEqual(['standard', '20']);
    const us = taxInvoice(RULES, { country: 'US', customerType: 'business', taxId: 'X1' }, 'USD', [line('100.00')], 'half_away_from_zero');
    expect([us.treatment, us.total.toString()]).toEqual(['none', '0']);
  });

  const cents = fc.integer({ min: -50_000, max: 500_000 }).map((c) => fromMinor(BigInt(c), 'EUR'));
  const arbitraryLines = fc.array(fc.record({ amount: cents, servicePeriod: fc.constantFrom('2020-06', '2020-08', '2026-10') }), { minLength: 1, maxLength: 12 });

  it('property: line taxes add up to the total, every amount in minor units, never negative; per invoice within half a cent per rate of the exact tax', () => {
    fc.assert(
      fc.property(arbitraryLines, fc.constantFrom<'line' | 'invoice'>('line', 'invoice'), (lines, rounding) => {
        const total = lines.reduce((s, l) => s.plus(l.amount), dec('0'));
        fc.pre(total.gte(0));
        const tax = taxInvoice({ ...RULES, rounding }, { country: 'DE' }, 'EUR', lines, 'half_away_from_zero');
        const sum = tax.lines.reduce((s, l) => s.plus(l.amount), dec('0'));
        expect(sum.eq(tax.total)).toBe(true);
        expect(tax.total.gte(0)).toBe(true);
        for (const l of tax.lines) expect(roundToMinor(l.amount, 'EUR').eq(l.amount)).toBe(true);
        expect(tax.summary.reduce((s, g) => s.plus(g.tax), dec('0')).eq(tax.total)).toBe(true);
        if (rounding === 'invoice' && tax.total.gt(0)) {
          for (const g of tax.summary) expect(g.tax.eq(roundToMinor(g.taxable.times(g.rate), 'EUR', 'half_away_from_zero'))).toBe(true);
        }
      }),
    );
  });

  it('property: spread gives every part its share within one minor unit and adds up exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -10_000_000, max: 10_000_000 }), { minLength: 1, maxLength: 10 }), (raw) => {
        const exact = raw.map((r) => dec(String(r)).div(10_000));
        const total = roundToMinor(exact.reduce((s, x) => s.plus(x), dec('0')), 'EUR', 'half_away_from_zero');
        const parts = spread(total, exact, 'EUR');
        expect(parts.reduce((s, p) => s.plus(p), dec('0')).eq(total)).toBe(true);
        parts.forEach((p, i) => expect(p.minus(exact[i]!).abs().lt(dec('0.02'))).toBe(true));
      }),
    );
  });

  it('property: credit notes in any split credit exactly the invoice tax, never more', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_00 }), fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 6 }), (totalCents, weights) => {
        const invoiceTotal = fromMinor(BigInt(totalCents), 'EUR');
        const invoiceTax = roundToMinor(invoiceTotal.times('0.19'), 'EUR', 'half_away_from_zero');
        let credited = dec('0');
        let taxCredited = dec('0');
        const sumW = weights.reduce((a, b) => a + b, 0);
        weights.forEach((w, i) => {
          const left = invoiceTotal.minus(credited);
          const amount = i === weights.length - 1 ? left : roundToMinor(invoiceTotal.times(w).div(sumW), 'EUR', 'down');
          if (amount.lte(0) || amount.gt(left)) return;
          const t = creditNoteTax({ invoiceTotal, invoiceTax, creditedBefore: credited, taxCreditedBefore: taxCredited, amount, currency: 'EUR', mode: 'half_away_from_zero' });
          expect(t.gte(0)).toBe(true);
          credited = credited.plus(amount);
          taxCredited = taxCredited.plus(t);
          expect(taxCredited.lte(invoiceTax)).toBe(true);
        });
        if (credited.eq(invoiceTotal)) expect(taxCredited.eq(invoiceTax)).toBe(true);
      }),
    );
  });
});
