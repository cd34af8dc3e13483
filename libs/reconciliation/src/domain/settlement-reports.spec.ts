import { parseAdyenReport, parseSettlementReport, parseStripeReport, SettlementReportError } from './settlement-reports';

const STRIPE_HEADER =
  'balance_transaction_id,created_utc,created,available_on_utc,currency,gross,fee,net,reporting_category,source_id,description,customer_facing_amount,customer_facing_currency,automatic_payout_id,automatic_payout_effective_at_utc,customer_id,charge_id,payment_intent_id,charge_created_utc,payment_metadata[hourglass_invoice_id]';
const stripeRow = (id: string, gross: string, fee: string, net: string, category = 'charge', pi = 'pi_1') =>
  `${id},2026-10-02 10:00:00,2026-10-02 12:00:00,2026-10-04 00:00:00,usd,${gross},${fee},${net},${category},ch_${id},"Invoice, October",${gross},usd,po_1,2026-10-04 00:00:00,cus_1,ch_${id},${pi},2026-10-02 09:59:58,in_1`;

const ADYEN_HEADER =
  'Company Account,Merchant Account,Psp Reference,Merchant Reference,Payment Method,Creation Date,TimeZone,Type,Modification Reference,Gross Currency,Gross Debit (GC),Gross Credit (GC),Exchange Rate,Net Currency,Net Debit (NC),Net Credit (NC),Commission (NC),Markup (NC),Scheme Fees (NC),Interchange (NC),Payment Method Variant,Modification Merchant Reference,Batch Number';

describe('settlement reports', () => {
  it("reads Stripe's itemized payout reconciliation report: major units, UTC, upper-case currency, ids from balance transactions", () => {
    const r = parseStripeReport([STRIPE_HEADER, stripeRow('txn_1', '100.00', '3.20', '96.80'), stripeRow('txn_2', '-20.00', '0.00', '-20.00', 'refund')].join('\n'));
    expect(r.lines.map((l) => [l.lineId, l.category, l.currency, l.gross.toString(), l.fee.toString(), l.net.toString(), new Date(l.createdAtMs).toISOString(), l.paymentRef, l.payoutId, l.merchantRef])).toEqual([
      ['stripe:txn_1', 'charge', 'USD', '100', '3.2', '96.8', '2026-10-02T10:00:00.000Z', 'pi_1', 'po_1', 'in_1'],
      ['stripe:txn_2', 'refund', 'USD', '-20', '0', '-20', '2026-10-02T10:00:00.000Z', 'pi_1', 'po_1', 'in_1'],
    ]);
    expect(r.importId).toMatch(/^imp_[0-9a-f]{32}$/);
    expect(parseStripeReport([STRIPE_HEADER, stripeRow('txn_1', '100.00', '3.20', '96.80')].join('\n')).importId).not.toBe(r.importId);
  });

  it.each([
    ['a bad amount', stripeRow('txn_1', '10O.00', '3.20', '96.80'), /^line 3, column gross: "10O.00" is not a decimal amount/],
    ['net that is not gross - fee', stripeRow('txn_1', '100.00', '3.20', '96.00'), /^line 3, column net:/],
    ['an unknown currency', stripeRow('txn_1', '100.00', '3.20', '96.80').replace(',usd,', ',zzz,'), /^line 3, column currency:/],
    ['a bad date', stripeRow('txn_1', '100.00', '3.20', '96.80').replace('2026-10-02 10:00:00', '02/10/2026'), /^line 3, column created_utc:/],
    ['a repeated balance transaction', stripeRow('txn_0', '1.00', '0.33', '0.67'), /^line 3, column balance_transaction_id: balance transaction txn_0 appears twice/],
  ])('refuses a Stripe file whole for %s, naming line and column', (_what, bad, message) => {
    const content = [STRIPE_HEADER, stripeRow('txn_0', '1.00', '0.33', '0.67'), bad].join('\n');
    expect(() => parseStripeReport(content)).toThrow(SettlementReportError);
    expect(() => parseStripeReport(content)).toThrow(message);
  });

  it('refuses a file without a required column, or with a ragged row', () => {
    expect(() => parseStripeReport('balance_transaction_id,created_utc,currency,gross,fee,net\ntxn,2026-10-01 00:00:00,usd,1,0,1')).toThrow(/^line 1, column reporting_category: the column reporting_category is missing/);
    expect(() => parseStripeReport([STRIPE_HEADER, stripeRow('txn_1', '100.00', '3.20', '96.80') + ',extra'].join('\n'))).toThrow(/^line 2/);
    expect(() => parseSettlementReport('paypal', STRIPE_HEADER)).toThrow(/stripe or adyen/);
  });

  it("reads Adyen's settlement details report: debit and credit columns, fee columns, the row's time zone, payout rows", () => {
    const rows = [
      'Acme,AcmeUS,8815000000000001,in_1,visa,2026-10-02 12:00:00,CET,Settled,,USD,,100.00,,USD,,98.70,0.60,0.20,0.30,0.20,visa,,7',
      'Acme,AcmeUS,8815000000000001,in_1,visa,2026-10-03 09:00:00,UTC,Refunded,8815000000000099,USD,20.00,,,USD,20.00,,,,,,visa,,7',
      'Acme,AcmeUS,,,,2026-10-05 09:00:00,UTC,MerchantPayout,,USD,,,,USD,78.70,,,,,,,,7',
    ];
    const r = parseAdyenReport([ADYEN_HEADER, ...rows].join('\r\n'));
    expect(r.lines.map((l) => [l.lineId, l.category, l.gross.toString(), l.fee.toString(), l.net.toString(), new Date(l.createdAtMs).toISOString(), l.merchantRef, l.payoutId])).toEqual([
      ['adyen:AcmeUS:7:8815000000000001:Settled:', 'charge', '100', '1.3', '98.7', '2026-10-02T10:00:00.000Z', 'in_1', '7'],
      ['adyen:AcmeUS:7:8815000000000001:Refunded:8815000000000099', 'refund', '-20', '0', '-20', '2026-10-03T09:00:00.000Z', 'in_1', '7'],
      ['adyen:AcmeUS:7::MerchantPayout:', 'payout', '0', '0', '-78.7', '2026-10-05T09:00:00.000Z', '', '7'],
    ]);
    expect(() => parseAdyenReport([ADYEN_HEADER, rows[0]!.replace(',98.70,', ',9x.70,')].join('\n'))).toThrow(/^line 2, column Net Credit \(NC\):/);
  });
});
