import { dec } from '@hourglass/money';
import type { DraftLine } from '../domain';
import type { IssuedInvoice } from '../ports';

export function draftLine(over: Partial<DraftLine> = {}): DraftLine {
  return {
    rentalId: 'r-1',
    operatorId: 'op-1',
    priceBookId: 'pb-1',
    priceBookVersion: 1,
    servicePeriod: '2026-09',
    kind: 'usage',
    gpuMs: 28_800_000n,
    quantityGpuHours: '8',
    unitPrice: '2.49',
    amount: dec('19.92'),
    operatorShare: dec('16.93'),
    platformFee: dec('2.99'),
    exact: dec('19.92'),
    gpuCount: 8,
    creditGrantId: '',
    description: '',
    ...over,
  };
}

/** An issued invoice as a billing run writes it; totals are the sum of its lines. */
export function issuedInvoice(over: Partial<IssuedInvoice> & { seq?: number } = {}): IssuedInvoice {
  const { seq = 1, ...rest } = over;
  const lines = rest.lines ?? [draftLine()];
  const subtotal = lines.filter((l) => l.kind !== 'credit').reduce((s, l) => s.plus(l.amount), dec('0'));
  const total = lines.reduce((s, l) => s.plus(l.amount), dec('0'));
  return {
    invoiceId: `in_202609_USD_c-${seq}`,
    customerId: `c-${seq}`,
    currency: 'USD',
    period: '2026-09',
    lines,
    subtotal,
    creditsApplied: subtotal.minus(total),
    total,
    number: `HG-2026-${String(seq).padStart(6, '0')}`,
    numberYear: 2026,
    numberSeq: seq,
    issuedAtMs: Date.parse('2026-10-01T00:10:00Z'),
    runId: 'run_2026-09',
    ...rest,
  };
}
