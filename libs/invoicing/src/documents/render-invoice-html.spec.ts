import { escapeHtml, renderInvoiceHtml } from './render-invoice-html';
import { invoice, line } from './invoice.fixture';

const issuer = { name: 'Hourglass GPU Cloud', entity: 'HG' };

describe('renderInvoiceHtml', () => {
  it('shows every line amount, the total and the amount due with the currency', () => {
    const sut = renderInvoiceHtml(invoice(), issuer);
    for (const amount of ['19.92', '17.52', '9.96', '0.04', '-10.00']) expect(sut).toContain(`<td class="num">${amount}</td>`);
    expect(sut).toContain('47.44 USD'); // subtotal: 19.92 + 17.52 + 9.96 + 0.04
    expect(sut).toContain('-10.00 USD'); // credits applied
    expect(sut).toMatch(/<th>Total<\/th><td class="num">37\.44 USD<\/td>/);
    expect(sut).toMatch(/<th>Amount due<\/th><td class="num">37\.44 USD<\/td>/);
  });

  it('shows the header: number, status, issue date, inclusive billing period and customer', () => {
    const sut = renderInvoiceHtml(invoice(), issuer);
    expect(sut).toContain('<title>Invoice HG-2026-000001</title>');
    expect(sut).toContain('<dd>Finalized</dd>');
    expect(sut).toContain('<dd>2026-10-01</dd>');
    expect(sut).toContain('<dd>2026-09-01 \u2013 2026-09-30 (UTC)</dd>');
    expect(sut).toContain('<dd>c-9</dd>');
    expect(sut).toContain('Hourglass GPU Cloud');
    expect(sut).not.toContain('class="stamp');
  });

  it('labels an adjustment line with its original service period', () => {
    expect(renderInvoiceHtml(invoice(), issuer)).toContain('Adjustment<span class="detail">late usage of 2026-08</span>');
  });

  it('shows a credit line as a negative amount even when stored unsigned', () => {
    const sut = renderInvoiceHtml(invoice({ lines: [line({ kind: 'credit', amount: '5.00', unitPrice: null, priceBookVersion: null, description: 'promo' })] }), issuer);
    expect(sut).toContain('<td class="num">-5.00</td>');
    expect(sut).not.toContain('<td class="num">5.00</td>');
  });

  it('escapes a script in a customer id and in a line description', () => {
    const hostile = '<script>alert("x")</script>';
    const sut = renderInvoiceHtml(invoice({ customerId: hostile, lines: [line({ kind: 'credit', description: hostile })] }), { name: "O'Brien & <Co>", entity: 'HG' });
    expect(sut).not.toContain('<script>');
    expect(sut).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(sut).toContain('O&#39;Brien &amp; &lt;Co&gt;');
  });

  it.each([
    ['void', 'VOID'],
    ['paid', 'PAID'],
    ['uncollectible', 'UNCOLLECTIBLE'],
    ['draft', 'DRAFT'],
  ])('stamps a %s invoice %s', (status, stamp) => {
    expect(renderInvoiceHtml(invoice({ status }), issuer)).toContain(`<div class="stamp stamp-${status}" role="note" aria-label="Invoice status">${stamp}</div>`);
  });

  it('states the rounding rule and the minor units of the currency', () => {
    expect(renderInvoiceHtml(invoice(), issuer)).toContain('rounded once, half away from zero, to the currency&#39;s minor units (USD: 2 decimal places)');
    expect(renderInvoiceHtml(invoice({ currency: 'JPY', total: '37', lines: [] }), issuer, { roundingMode: 'half_even' })).toContain('half to even, to the currency&#39;s minor units (JPY: 0 decimal places)');
  });

  it('prints amounts digit for digit, grouped for the locale, without a float round trip', () => {
    const big = '12345678901234567.89';
    expect(renderInvoiceHtml(invoice({ total: big, lines: [line({ amount: big })] }), issuer)).toContain('<td class="num">12,345,678,901,234,567.89</td>');
    expect(renderInvoiceHtml(invoice({ total: big, lines: [line({ amount: big })] }), issuer, { locale: 'de-DE' })).toContain('<td class="num">12.345.678.901.234.567,89</td>');
  });

  it('names issuer and customer with addresses and tax ids, the due date from the payment terms, and quantities to three decimals', () => {
    const sut = renderInvoiceHtml(
      invoice({ lines: [line({ quantityGpuHours: '322.143855555556' })] }),
      { ...issuer, name: 'Hourglass Compute GmbH', address: ['Torstraße 1', '10119 Berlin', 'Germany'], taxId: 'DE123456789', bankDetails: ['IBAN DE89 3704 0044 0532 0130 00', 'BIC COBADEFFXXX'] },
      { customer: { name: 'acme', legalName: 'ACME Research B.V.', address: ['Keizersgracht 1', 'Amsterdam'], taxId: 'NL123456789B01', paymentTermsDays: 14 } },
    );
    for (const text of ['Hourglass Compute GmbH', 'Torstraße 1', 'Tax ID DE123456789', 'ACME Research B.V.', 'Keizersgracht 1', 'Tax ID NL123456789B01', 'Customer c-9']) {
      expect(sut).toContain(escapeHtml(text));
    }
    expect(sut).toContain('<dt>Due date</dt><dd>2026-10-15 (net 14 days)</dd>');
    expect(sut).toContain('<td class="num">322.144</td>');
    expect(sut).toContain('IBAN DE89 3704 0044 0532 0130 00, BIC COBADEFFXXX');
  });

  it('is self-contained: no external stylesheet, script, font or image', () => {
    const sut = renderInvoiceHtml(invoice(), issuer);
    expect(sut).not.toMatch(/<link|<script|<img|@import|url\(/i);
    expect(sut.startsWith('<!DOCTYPE html>')).toBe(true);
  });

  it.each([
    ['&', '&amp;'],
    ['<a href="x">', '&lt;a href=&quot;x&quot;&gt;'],
    ["it's", 'it&#39;s'],
    ['plain', 'plain'],
  ])('escapeHtml(%j) is %j', (input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
  });
});
