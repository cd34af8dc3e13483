import type Big from 'big.js';
import { Dec } from '@hourglass/money';
import type { DraftInvoice, DraftLine } from './invoice';

export interface CreditGrant {
  grantId: string;
  customerId: string;
  currency: string;
  amount: Big;
  /** What is left after every earlier application. */
  remaining: Big;
  /** Lower numbers are used first. */
  priority: number;
  expiresAtMs: number | null;
  grantedAtMs: number;
  description: string;
}

/** The order credits are drawn in: priority, then the grant that expires first, then the oldest. */
export function compareGrants(a: CreditGrant, b: CreditGrant): number {
  return (
    a.priority - b.priority ||
    (a.expiresAtMs ?? Number.MAX_SAFE_INTEGER) - (b.expiresAtMs ?? Number.MAX_SAFE_INTEGER) ||
    a.grantedAtMs - b.grantedAtMs ||
    (a.grantId < b.grantId ? -1 : a.grantId > b.grantId ? 1 : 0)
  );
}

/**
 * Applies prepaid credit grants to a finalized invoice as negative `credit` lines, never taking the
 * total below zero. Grants are in the invoice's currency and still valid at `issuedAtMs`. The
 * platform bears a credit: operators are paid their share of the usage lines regardless.
 * Mutates `grants[].remaining` so several invoices of one run draw from the same balance.
 */
export function applyCredits(invoice: DraftInvoice, grants: CreditGrant[], issuedAtMs: number): DraftInvoice {
  let due = invoice.subtotal;
  const credits: DraftLine[] = [];
  const usable = grants
    .filter((g) => g.customerId === invoice.customerId && g.currency === invoice.currency)
    .filter((g) => g.expiresAtMs === null || g.expiresAtMs > issuedAtMs)
    .filter((g) => g.remaining.gt(0))
    .sort(compareGrants);
  for (const grant of usable) {
    if (!due.gt(0)) break;
    const applied = grant.remaining.lt(due) ? grant.remaining : due;
    grant.remaining = grant.remaining.minus(applied);
    due = due.minus(applied);
    const amount = new Dec(applied).neg();
    credits.push({
      rentalId: '',
      operatorId: '',
      priceBookId: '',
      priceBookVersion: 0,
      servicePeriod: invoice.period,
      kind: 'credit',
      gpuMs: 0n,
      quantityGpuHours: '0',
      unitPrice: null,
      amount,
      operatorShare: new Dec(0),
      platformFee: amount,
      exact: amount,
      gpuCount: 0,
      creditGrantId: grant.grantId,
      description: grant.description || `prepaid credit ${grant.grantId}`,
    });
  }
  if (credits.length === 0) return invoice;
  const creditsApplied = invoice.subtotal.minus(due);
  return { ...invoice, lines: [...invoice.lines, ...credits], creditsApplied, total: due };
}
