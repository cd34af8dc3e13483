import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { customer, priceBook, rental, SUBJECT, usageEvent } from '../support/fixtures';
import { clockStartingAt, startHarness, type Harness } from '../support/harness';

interface Invoice {
  invoiceId: string;
  number: string;
  customerId: string;
  total: string;
  taxTotal: string;
  totalWithTax: string;
  taxTreatment: string;
  taxRounding: string | null;
  taxes: Array<{ name: string; rate: string; taxable: string; tax: string }>;
  creditNotes: string;
  creditNotesTax: string;
  amountPaid: string;
  amountDue: string;
  status: string;
  lines: Array<{ amount: string; operatorShare: string; platformFee: string; taxRate: string; taxAmount: string }>;
}

const REVERSE_CHARGE = 'Reverse charge: VAT to be accounted for by the recipient (Art. 196 VAT Directive)';
const OUTPUT = join(__dirname, '..', '..', 'test-output', 'documents');

/**
 * September 2026 billed on 5 October by a German issuer (rules file: DE 19 % since 2021, 16 % in the
 * second half of 2020; AT 20 %; rounding once per invoice) to a German business (VAT), a French
 * business with a VAT number (reverse charge), a tax-exempt German customer and an Austrian
 * individual (AT rate). Every figure below is computed by hand in the comments.
 */
describe('tax scenario: reverse charge, domestic VAT, exempt, foreign consumer', () => {
  let h: Harness;
  const clock = clockStartingAt('2026-10-05T09:00:00.000Z');
  const dir = mkdtempSync(join(tmpdir(), 'hg-tax-'));
  const rulesFile = join(dir, 'tax-rules.json');
  writeFileSync(
    rulesFile,
    JSON.stringify({
      issuerCountry: 'DE',
      rounding: 'invoice',
      rates: [
        { country: 'DE', rate: '0.19', from: '2007-01-01', to: '2020-07-01' },
        { country: 'DE', rate: '0.16', from: '2020-07-01', to: '2021-01-01' },
        { country: 'DE', rate: '0.19', from: '2021-01-01' },
        { country: 'AT', rate: '0.20', from: '2016-01-01' },
      ],
    }),
  );
  const customers = [
    { id: 'c-de', doc: { country: 'DE', customerType: 'business', taxId: 'DE811907980', legalName: 'Rechenwerk GmbH' } },
    { id: 'c-fr', doc: { country: 'FR', customerType: 'business', taxId: 'FR40303265045', legalName: 'Calcul SAS', billingAddress: ['1 rue de la Paix', '75002 Paris'] } },
    { id: 'c-ex', doc: { country: 'DE', taxExempt: true, legalName: 'Forschungsinstitut e.V.' } },
    { id: 'c-at', doc: { country: 'AT', customerType: 'individual' } },
  ];
  const invoices = async () => new Map((await h.api<Invoice[]>('GET', '/v1/invoices?period=2026-09')).body.map((i) => [i.customerId, i]));
  const invoiceOf = async (customerId: string) => (await invoices()).get(customerId)!;
  const download = async (path: string) => {
    const res = await fetch(`${h.server.url}${path}`, { headers: h.authHeaders() });
    expect(res.status).toBe(200);
    return Buffer.from(await res.arrayBuffer());
  };

  beforeAll(async () => {
    h = await startHarness(
      { HOURGLASS_TAX_RULES_FILE: rulesFile, HOURGLASS_ISSUER_NAME: 'Hourglass GmbH', HOURGLASS_ISSUER_TAX_ID: 'DE999999999', HOURGLASS_ISSUER_BANK: 'IBAN DE89 3704 0044 0532 0130 00' },
      undefined,
      { clock },
    );
    const docs: object[] = [priceBook({ priceBookId: 'pb-eur', currency: 'EUR', rates: [{ gpuModel: 'H100-SXM-80GB', pricingClass: 'on_demand', unitPrice: '2.49' }] })];
    customers.forEach((c, i) => {
      docs.push(customer({ customerId: c.id, currency: 'EUR', ...c.doc }));
      docs.push(rental({ rentalId: `r-${i}`, customerId: c.id, priceBookId: 'pb-eur', startedAt: '2026-09-01T00:00:00Z', updatedAt: '2026-09-01T00:00:00Z' }));
    });
    expect((await h.api('POST', '/v1/reference', docs)).status).toBeLessThan(300);
    for (let i = 0; i < customers.length; i += 1) {
      await h.publish(SUBJECT, usageEvent({ data: { rentalId: `r-${i}`, intervalStart: '2026-09-10T00:00:00.000Z', intervalEnd: '2026-09-10T01:00:00.000Z' } }));
    }
    await h.waitFor(async () => (await h.api<{ accepted: number }>('GET', '/v1/status')).body.accepted, (n) => n === customers.length);
    expect((await h.api('POST', '/v1/billing-runs', { period: '2026-09' })).status).toBe(200);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('taxes each customer as its country, type and exemption say, beside the unchanged net total', async () => {
    const all = await invoices();
    // Every invoice: 8 GPUs × 1 h × 2.49 = 19.92 net (CONTRACTS §3 total, unchanged by tax).
    // c-de: 19.92 × 0.19 = 3.7848 → 3.78; 23.70 with tax.   c-at: 19.92 × 0.20 = 3.984 → 3.98; 23.90.
    // c-fr: reverse charge, 0.00.   c-ex: exempt, 0.00.
    expect([...all.values()].map((i) => [i.customerId, i.taxTreatment, i.total, i.taxTotal, i.totalWithTax, i.amountDue]).sort()).toEqual(
      [
        ['c-at', 'standard', '19.92', '3.98', '23.90', '23.90'],
        ['c-de', 'standard', '19.92', '3.78', '23.70', '23.70'],
        ['c-ex', 'exempt', '19.92', '0.00', '19.92', '19.92'],
        ['c-fr', 'reverse_charge', '19.92', '0.00', '19.92', '19.92'],
      ].sort(),
    );
    const de = all.get('c-de')!;
    expect(de.taxRounding).toBe('invoice');
    expect(de.taxes).toEqual([{ name: 'VAT', rate: '0.19', taxable: '19.92', tax: '3.78' }]);
    expect(de.lines.map((l) => [l.amount, l.taxRate, l.taxAmount])).toEqual([['19.92', '0.19', '3.78']]);
    // Shares and fees stay on the net amount: share + fee = 19.92 on every line.
    for (const inv of all.values()) for (const l of inv.lines) expect((Number(l.operatorShare) * 100 + Number(l.platformFee) * 100).toFixed(0)).toBe('1992');
    expect(all.get('c-fr')!.taxes).toEqual([{ name: 'VAT', rate: '0', taxable: '19.92', tax: '0.00' }]);
  });

  it('says reverse charge and exemption on the documents, and shows the VAT per rate', async () => {
    mkdirSync(OUTPUT, { recursive: true });
    const fr = await invoiceOf('c-fr');
    const frHtml = (await download(`/v1/invoices/${fr.invoiceId}/html`)).toString('utf8');
    expect(frHtml).toContain(REVERSE_CHARGE);
    expect(frHtml).toContain('FR40303265045');
    writeFileSync(join(OUTPUT, 'scenario-reverse-charge.html'), frHtml);
    writeFileSync(join(OUTPUT, 'scenario-reverse-charge.pdf'), await download(`/v1/invoices/${fr.invoiceId}/pdf`));
    const de = await invoiceOf('c-de');
    const deHtml = (await download(`/v1/invoices/${de.invoiceId}/html`)).toString('utf8');
    expect(deHtml).toContain('VAT 19% on 19.92');
    expect(deHtml).toContain('23.70 EUR');
    expect(deHtml).not.toContain('Reverse charge');
    writeFileSync(join(OUTPUT, 'scenario-domestic.html'), deHtml);
    const ex = await invoiceOf('c-ex');
    expect((await download(`/v1/invoices/${ex.invoiceId}/html`)).toString('utf8')).toContain('Exempt from VAT');
  });

  it('a credit note gives back its share of the tax; payments owe net + tax; the ledger owes the tax to the authority and balances', async () => {
    const de = await invoiceOf('c-de');
    // 10.00 of 19.92 net: tax 3.78 × 10.00 / 19.92 = 1.8976 → 1.90. Left: 23.70 − 10.00 − 1.90 = 11.80.
    const note = await h.api<{ creditNoteId: string; number: string; amount: string; taxAmount: string }>('POST', `/v1/invoices/${de.invoiceId}/credit-notes`, {
      amount: '10.00',
      reason: 'goodwill',
    });
    expect(note.status).toBe(201);
    expect([note.body.amount, note.body.taxAmount]).toEqual(['10.00', '1.90']);
    expect(await invoiceOf('c-de')).toMatchObject({ creditNotes: '10.00', creditNotesTax: '1.90', amountDue: '11.80', status: 'finalized' });
    const cnHtml = (await download(`/v1/credit-notes/${note.body.creditNoteId}/html`)).toString('utf8');
    expect(cnHtml).toContain('CREDIT NOTE');
    expect(cnHtml).toContain(de.number);
    expect(cnHtml).toContain('-11.90 EUR');
    writeFileSync(join(OUTPUT, 'scenario-credit-note.html'), cnHtml);
    writeFileSync(join(OUTPUT, 'scenario-credit-note.pdf'), await download(`/v1/credit-notes/${note.body.number}/pdf`));

    const record = await h.api('POST', '/v1/payments/records', { invoiceId: de.invoiceId, amount: '11.80', reference: 'SEPA-TAX-1' });
    expect(record.status).toBe(201);
    expect(await invoiceOf('c-de')).toMatchObject({ amountPaid: '11.80', amountDue: '0.00', status: 'paid' });

    expect((await h.api('POST', '/v1/ledger/sync')).status).toBeLessThan(300);
    const trial = (await h.api<Array<{ currency: string; debits: string; credits: string }>>('GET', '/v1/ledger/trial-balance')).body;
    expect(trial.length).toBeGreaterThan(0);
    for (const row of trial) expect(row.debits).toBe(row.credits);
    const balances = new Map(
      (await h.api<Array<{ account: string; currency: string; balance: string }>>('GET', '/v1/ledger/balances')).body.map((b) => [`${b.account} ${b.currency}`, b.balance]),
    );
    // Invoiced tax 3.78 + 3.98, given back 1.90: 5.86 owed to the tax authority.
    expect(balances.get('tax_payable EUR')).toBe('5.86');
    // Receivables are what each customer owes, tax included.
    expect([balances.get('receivable:c-de EUR') ?? '0.00', balances.get('receivable:c-at EUR'), balances.get('receivable:c-fr EUR'), balances.get('receivable:c-ex EUR')]).toEqual([
      '0.00',
      '23.90',
      '19.92',
      '19.92',
    ]);
  });
});
