import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CreditNoteView } from '../adapters/clickhouse-invoice-query.service';
import { REVERSE_CHARGE_NOTE } from '../domain/tax';
import { invoice, line } from './invoice.fixture';
import { renderCreditNoteHtml, renderInvoiceHtml } from './render-invoice-html';
import { renderCreditNotePdf, renderInvoicePdf } from './render-invoice-pdf';

const OUTPUT = join(__dirname, '..', '..', '..', '..', 'test-output', 'documents');
const issuer = {
  name: 'Hourglass GmbH',
  entity: 'HG',
  address: ['Friedrichstraße 1', '10117 Berlin', 'Germany'],
  taxId: 'DE999999999',
  bankDetails: ['Hourglass GmbH', 'IBAN DE89 3704 0044 0532 0130 00', 'BIC COBADEFFXXX'],
};
const customer = { name: 'Rechenwerk', legalName: 'Rechenwerk GmbH', address: ['Hauptstraße 5', '80331 München'], taxId: 'DE811907980', paymentTermsDays: 14 };

/**
 * The text a person reads in the PDF, in drawing order. With `compress: false` pdfkit writes each
 * text run as `[<hex> kerning <hex> …] TJ` in WinAnsi: the hex pieces of one array are one run.
 */
function pdfText(pdf: Buffer): string[] {
  const runs: string[] = [];
  for (const match of pdf.toString('latin1').matchAll(/\[((?:<[0-9a-fA-F]*>\s*-?[\d.]*\s*)+)\]\s*TJ/g)) {
    const hex = [...match[1]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((m) => m[1]).join('');
    runs.push(Buffer.from(hex, 'hex').toString('latin1'));
  }
  return runs;
}

/**
 * September 2026 for a German business customer, VAT 19 % rounded once per invoice:
 * lines 19.92 + 17.52 + 9.96 (adjustment of August) + 0.04 − 10.00 credit = 37.44 net;
 * tax 37.44 × 0.19 = 7.1136 → 7.11; with tax 44.55. A credit note of 10.00 takes
 * 7.11 × 10.00 / 37.44 = 1.899… → 1.90 of tax: 11.90 credited, 32.65 left to pay.
 */
const taxed = invoice({
  taxTotal: '7.11',
  totalWithTax: '44.55',
  creditNotes: '10.00',
  creditNotesTax: '1.90',
  amountDue: '32.65',
  taxTreatment: 'standard',
  taxRounding: 'invoice',
  taxes: [{ name: 'VAT', rate: '0.19', taxable: '37.44', tax: '7.11' }],
});
taxed.lines = taxed.lines.map((l) => ({ ...l, taxRate: '0.19', taxName: 'VAT' }));
const note: CreditNoteView = {
  creditNoteId: 'cn_01',
  number: 'HG-CN-2026-000001',
  invoiceId: taxed.invoiceId,
  customerId: taxed.customerId,
  currency: 'USD',
  amount: '10.00',
  taxAmount: '1.90',
  totalWithTax: '11.90',
  reason: 'goodwill: two hours of downtime',
  voidsInvoice: false,
  issuedAt: '2026-10-12T10:00:00.000Z',
};
const reverseCharged = invoice({
  customerId: 'c-fr',
  number: 'HG-2026-000002',
  taxTotal: '0.00',
  totalWithTax: '37.44',
  taxTreatment: 'reverse_charge',
  taxRounding: 'invoice',
  taxes: [{ name: 'VAT', rate: '0', taxable: '37.44', tax: '0.00' }],
});

describe('documents with tax', () => {
  beforeAll(() => mkdirSync(OUTPUT, { recursive: true }));

  it('an invoice shows the net total, the VAT per rate, the total with tax and the rounding, in the PDF text and the HTML', async () => {
    const pdf = await renderInvoicePdf(taxed, issuer, { customer, compress: false });
    const html = renderInvoiceHtml(taxed, issuer, { customer });
    writeFileSync(join(OUTPUT, 'invoice-with-vat.pdf'), await renderInvoicePdf(taxed, issuer, { customer }));
    writeFileSync(join(OUTPUT, 'invoice-with-vat.html'), html);
    const text = pdfText(pdf);
    const joined = text.join('\n');
    for (const figure of ['Total excl. tax', '37.44 USD', 'VAT 19% on 37.44', '7.11 USD', 'Total incl. tax', '44.55 USD', 'Tax on credit notes', '-1.90 USD', '-10.00 USD', '32.65 USD']) {
      expect(joined).toContain(figure);
      expect(html).toContain(figure);
    }
    // Each label is followed by its amount.
    expect(text[text.indexOf('Total incl. tax') + 1]).toBe('44.55 USD');
    expect(text[text.indexOf('Amount due') + 1]).toBe('32.65 USD');
    expect(joined).toContain('rounded once per invoice');
    expect(joined).toContain('Please pay 32.65 USD by 2026-10-15');
    expect(joined).toContain('Tax ID DE811907980');
  });

  it('a credit note is a document of its own: its number, the invoice it corrects, net, tax and total credited', async () => {
    const pdf = await renderCreditNotePdf(note, taxed, issuer, { customer, compress: false });
    const html = renderCreditNoteHtml(note, taxed, issuer, { customer });
    writeFileSync(join(OUTPUT, 'credit-note-with-vat.pdf'), await renderCreditNotePdf(note, taxed, issuer, { customer }));
    writeFileSync(join(OUTPUT, 'credit-note-with-vat.html'), html);
    const text = pdfText(pdf);
    const joined = text.join('\n');
    for (const figure of ['CREDIT NOTE', 'HG-CN-2026-000001', 'HG-2026-000001', 'Credited excl. tax', '-10.00 USD', 'Tax (VAT 19%)', '-1.90 USD', 'Total credited', '-11.90 USD']) {
      expect(joined).toContain(figure);
      expect(html).toContain(figure);
    }
    expect(text[text.indexOf('Total credited') + 1]).toBe('-11.90 USD');
    expect(joined).not.toContain('Please pay');
  });

  it('a reverse-charged invoice says so, with no VAT charged', async () => {
    const pdf = await renderInvoicePdf(reverseCharged, issuer, { compress: false });
    writeFileSync(join(OUTPUT, 'invoice-reverse-charge.pdf'), await renderInvoicePdf(reverseCharged, issuer));
    writeFileSync(join(OUTPUT, 'invoice-reverse-charge.html'), renderInvoiceHtml(reverseCharged, issuer));
    // Wrapped lines and word runs are separate text runs in the PDF: compare with whitespace collapsed.
    const joined = pdfText(pdf).join(' ').replace(/\s+/g, ' ');
    expect(joined).toContain(REVERSE_CHARGE_NOTE);
    expect(joined).toContain('VAT 0% (reverse charge) on 37.44 0.00 USD');
    expect(renderInvoiceHtml(reverseCharged, issuer)).toContain(REVERSE_CHARGE_NOTE);
  });

  it('an invoice without tax reads as before: no tax rows, no tax notes', () => {
    const html = renderInvoiceHtml(invoice(), issuer);
    expect(html).not.toMatch(/Total incl\. tax|VAT|Reverse charge/);
    expect(html).toContain('<th>Total</th>');
    expect(line().taxAmount).toBe('0.00');
  });
});
