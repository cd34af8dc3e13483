export type SuspensionAction = 'suspend' | 'reinstate';

/** `marketplace.v1.suspensions` facts (ClickHouse `suspension_facts`), append-only. */
export interface SuspensionFact {
  /** `<customerId>:<seq>`: the customer's seq-th suspension fact, so a retried write is the same row. */
  factId: string;
  customerId: string;
  action: SuspensionAction;
  reason: string;
  invoiceIds: string[];
  seq: number;
  occurredAtMs: number;
}

/** A customer's suspension state, rebuilt from its latest fact. */
export interface CustomerSuspension {
  customerId: string;
  action: SuspensionAction;
  seq: number;
}

/** A customer's invoices in dunning that are still owed. */
export interface OpenDunning {
  customerId: string;
  invoices: Array<{ invoiceId: string; graceEndsAtMs: number }>;
}

export const SUSPEND_REASON = 'payment_overdue';
export const REINSTATE_REASON = 'overdue_invoices_paid';

/**
 * Suspend a customer who owes an invoice past its grace period and is not suspended; reinstate a
 * suspended customer who owes no invoice in dunning any more. Pure: the caller reads both sides from
 * facts and writes what this returns.
 */
export function suspensionDecisions(open: readonly OpenDunning[], current: readonly CustomerSuspension[], nowMs: number): SuspensionFact[] {
  const state = new Map(current.map((s) => [s.customerId, s]));
  const owing = new Map(open.map((o) => [o.customerId, o]));
  const out: SuspensionFact[] = [];
  const fact = (customerId: string, action: SuspensionAction, reason: string, invoiceIds: string[]): SuspensionFact => {
    const seq = (state.get(customerId)?.seq ?? 0) + 1;
    return { factId: `${customerId}:${seq}`, customerId, action, reason, invoiceIds, seq, occurredAtMs: nowMs };
  };
  for (const o of open) {
    const overdue = o.invoices.filter((i) => i.graceEndsAtMs <= nowMs).map((i) => i.invoiceId).sort();
    if (overdue.length > 0 && state.get(o.customerId)?.action !== 'suspend') out.push(fact(o.customerId, 'suspend', SUSPEND_REASON, overdue));
  }
  for (const s of current) {
    if (s.action === 'suspend' && !owing.has(s.customerId)) out.push(fact(s.customerId, 'reinstate', REINSTATE_REASON, []));
  }
  return out.sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0));
}
