import { renderInvoicePdf } from './render-invoice-pdf';
import { invoice, longInvoice } from './invoice.fixture';

const issuer = { name: 'Hourglass GPU Cloud', entity: 'HG' };

/** Page objects are written uncompressed by pdfkit ("/Type /Page"), unlike their content streams. */
function pageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g) ?? []).length;
}

describe('renderInvoicePdf', () => {
  it('renders a one-page PDF for a short invoice', async () => {
    const sut = await renderInvoicePdf(invoice(), issuer);
    expect(sut.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(sut.subarray(-6).toString('latin1')).toContain('%%EOF');
    expect(pageCount(sut)).toBe(1);
  });

  it('paginates a table of 200 lines', async () => {
    expect(pageCount(await renderInvoicePdf(longInvoice(200), issuer))).toBeGreaterThan(1);
  });

  it('renders the same invoice to the same bytes', async () => {
    const [a, b] = [await renderInvoicePdf(longInvoice(200), issuer), await renderInvoicePdf(longInvoice(200), issuer)];
    expect(a.equals(b)).toBe(true);
  });

  it('dates the document by the invoice issue time, not the clock', async () => {
    const sut = (await renderInvoicePdf(invoice(), issuer)).toString('latin1');
    expect(sut).toContain('(D:20261001000500Z)');
  });

  it('differs when the invoice differs (the document id is not a constant)', async () => {
    const [a, b] = [await renderInvoicePdf(invoice(), issuer), await renderInvoicePdf(invoice({ status: 'void' }), issuer)];
    expect(a.equals(b)).toBe(false);
  });

  it('renders every status and an empty invoice without throwing', async () => {
    for (const status of ['draft', 'finalized', 'paid', 'void', 'uncollectible']) {
      expect(pageCount(await renderInvoicePdf(invoice({ status }), issuer))).toBe(1);
    }
    expect(pageCount(await renderInvoicePdf(invoice({ lines: [] }), issuer))).toBe(1);
  });
});
