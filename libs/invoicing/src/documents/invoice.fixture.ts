import type { InvoiceLineView, InvoiceView } from '../adapters/clickhouse-invoice-query.service';

/** Invoices in the shape InvoiceQueryService returns, for the document specs. Not used at runtime. */
export function line(over: Partial<InvoiceLineView> = {}): InvoiceLineView {
  return {
    lineId: 'in_202609_USD_c-9:0001',
    kind: 'usage',
    rentalId: 'r-123',
    operatorId: 'op-42',
    priceBookId: 'pb-std',
    priceBookVersion: 1,
    servicePeriod: '2026-09',
    gpuMs: '28800000',
    quantityGpuHours: '8',
    unitPrice: '2.49',
    amount: '19.92',
    operatorShare: '16.93',
    platformFee: '2.99',
    description: '',
    taxRate: '0',
    taxName: '',
    taxAmount: '0.00',
    ...over,
  };
}

export function invoice(over: Partial<InvoiceView> = {}): InvoiceView {
  return {
    invoiceId: 'in_202609_USD_c-9',
    number: 'HG-2026-000001',
    customerId: 'c-9',
    currency: 'USD',
    periodStart: '2026-09-01T00:00:00.000Z',
    periodEnd: '2026-10-01T00:00:00.000Z',
    status: 'finalized',
    subtotal: '47.44',
    creditsApplied: '10.00',
    creditNotes: '0.00',
    total: '37.44',
    amountPaid: '0.00',
    amountRefunded: '0.00',
    amountDue: '37.44',
    issuedAt: '2026-10-01T00:05:00.000Z',
    taxTotal: '0.00',
    totalWithTax: '37.44',
    creditNotesTax: '0.00',
    taxTreatment: 'none',
    taxRounding: null,
    taxes: [],
    lines: [
      // 8 GPUs × 1 h × 2.49 = 19.92; 8 GPUs × 1 h × 2.19 = 17.52
      line(),
      line({ lineId: 'in_202609_USD_c-9:0002', priceBookVersion: 2, unitPrice: '2.19', amount: '17.52', operatorShare: '14.89', platformFee: '2.63' }),
      // late August usage: 8 GPUs × 0.5 h = 4 GPU-h × 2.49 = 9.96
      line({ lineId: 'in_202609_USD_c-9:0003', kind: 'adjustment', servicePeriod: '2026-08', gpuMs: '14400000', quantityGpuHours: '4', amount: '9.96', operatorShare: '8.47', platformFee: '1.49' }),
      // 1 GPU × 1 min × 2.49 = 0.0415 → 0.04 (a quantity that does not terminate)
      line({ lineId: 'in_202609_USD_c-9:0004', rentalId: 'r-7f3c2a9e-0b1d-4c55-9a7e-2d8f61b0c4aa', gpuMs: '60000', quantityGpuHours: '0.016666666667', amount: '0.04', operatorShare: '0.03', platformFee: '0.01' }),
      line({
        lineId: 'in_202609_USD_c-9:0005',
        kind: 'credit',
        rentalId: null,
        operatorId: null,
        priceBookId: null,
        priceBookVersion: null,
        gpuMs: '0',
        quantityGpuHours: '0',
        unitPrice: null,
        amount: '-10.00',
        operatorShare: '0.00',
        platformFee: '-10.00',
        description: 'Welcome credit',
      }),
    ],
    ...over,
  };
}

/** n usage lines of distinct rentals, for pagination. */
export function longInvoice(n: number): InvoiceView {
  const cents = Array.from({ length: n }, (_, i) => BigInt(i + 1) * 100n + BigInt(i % 100));
  const money = (c: bigint) => `${c / 100n}.${String(c % 100n).padStart(2, '0')}`;
  const lines = cents.map((c, i) =>
    line({ lineId: `in_202609_USD_c-9:${String(i + 1).padStart(4, '0')}`, rentalId: `r-${String(i + 1).padStart(4, '0')}`, amount: money(c) }),
  );
  const total = money(cents.reduce((a, b) => a + b, 0n));
  return invoice({ lines, subtotal: total, creditsApplied: '0.00', total, amountDue: total });
}
