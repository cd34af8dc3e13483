import { formatMoney } from '@hourglass/money';
import { invoiceEventMessage, NO_OUTBOX, type Clock, type Outbox } from '@hourglass/contracts';
import { invoiceAmounts, paymentTotals, type Facts, type Provider } from './domain';
import type { InvoiceDirectory, InvoiceForPayment, KeyedLock, PaymentFactStore, PaymentProcessor } from './ports';

export type ApplyOutcome = 'applied' | 'unmatched' | 'ignored';

/**
 * Writes what an event or a call says happened, and keeps the customer credit balance in step with
 * the invoices' overpayments. Every write is a fact with a deterministic id, so applying the same
 * facts twice (a replay, a retried request, the inbox retry after a crash) changes nothing.
 */
export class PaymentFactsService {
  constructor(
    private readonly store: PaymentFactStore,
    private readonly invoices: InvoiceDirectory,
    private readonly processors: ReadonlyMap<Provider, PaymentProcessor>,
    private readonly lock: KeyedLock,
    private readonly clock: Clock,
    private readonly outbox: Outbox = NO_OUTBOX,
  ) {}

  async apply(facts: Facts): Promise<ApplyOutcome> {
    if (facts.payments.length === 0 && facts.disputes.length === 0) return 'ignored';
    const payments = await Promise.all(facts.payments.map((f) => this.resolve(f)));
    const disputes = await Promise.all(
      facts.disputes.map(async (d) => {
        const r = await this.resolve({ provider: d.provider, paymentRef: d.paymentRef, invoiceId: d.invoiceId, customerId: d.customerId });
        return { ...d, invoiceId: r.invoiceId, customerId: r.customerId };
      }),
    );
    const refs = [...facts.refs];
    for (const f of payments) {
      if (f.provider !== 'manual' && f.invoiceId && f.paymentRef && f.kind !== 'refunded' && f.kind !== 'refund_failed') {
        refs.push({ provider: f.provider, paymentRef: f.paymentRef, invoiceId: f.invoiceId, customerId: f.customerId, currency: f.currency });
      }
    }
    // Refs first: a fact without an invoice is resolved through them at read time.
    await this.store.writeRefs(refs.map((r) => ({ ...r, customerId: r.customerId || payments.find((p) => p.invoiceId === r.invoiceId)?.customerId || '' })));
    await this.store.writePayments(payments);
    await this.store.writeDisputes(disputes);
    const touched = new Set(payments.filter((f) => f.invoiceId && f.kind !== 'failed' && f.kind !== 'refund_failed').map((f) => f.invoiceId));
    // A payment that names an invoice may also complete an earlier fact (a refund that came first).
    for (const invoiceId of touched) await this.settleCredit(invoiceId);
    const unmatched = payments.some((f) => !f.invoiceId) || disputes.some((d) => !d.invoiceId);
    return unmatched ? 'unmatched' : 'applied';
  }

  /**
   * The invoice of a fact: named by the event, else learnt earlier for its payment (payment_refs),
   * else asked of the processor (Stripe: the PaymentIntent's metadata). The customer comes from the
   * invoice. Left empty when nobody knows yet: the view payment_facts_resolved fills it in later.
   */
  private async resolve<T extends { provider: string; paymentRef: string; invoiceId: string; customerId: string }>(f: T): Promise<T> {
    let { invoiceId, customerId } = f;
    if (!invoiceId && f.paymentRef && f.provider !== 'manual') {
      const provider = f.provider as Provider;
      const known = await this.store.ref(provider, f.paymentRef);
      if (known) {
        invoiceId = known.invoiceId;
        customerId = customerId || known.customerId;
      } else {
        const asked = await this.processors.get(provider)?.invoiceOfPayment(f.paymentRef).catch(() => null);
        if (asked?.invoiceId) {
          invoiceId = asked.invoiceId;
          customerId = customerId || asked.customerId;
        }
      }
    }
    if (invoiceId && !customerId) {
      const invoice = await this.invoices.invoice(invoiceId);
      if (invoice) {
        invoiceId = invoice.invoiceId;
        customerId = invoice.customerId;
      }
    }
    return { ...f, invoiceId, customerId };
  }

  /**
   * Moves the invoice's overpayment to the customer's credit balance: a fact for the step from what
   * was credited for this invoice to what is overpaid now (negative when a refund takes it back).
   * Under a lock per invoice, so two processes never both add the same step's difference.
   * Every invoice whose balance a payment changes passes here, so this is also where `invoice.paid`
   * is announced when payments pay it off.
   */
  async settleCredit(invoiceId: string): Promise<void> {
    await this.lock.withLock(`payments:invoice:${invoiceId}`, async () => {
      const invoice = await this.invoices.invoice(invoiceId);
      if (!invoice) return;
      const amounts = invoiceAmounts(invoice, paymentTotals(await this.store.paymentsOfInvoice(invoice.invoiceId)));
      if (amounts.status === 'paid' && invoice.status !== 'paid') await this.announcePaid(invoice);
      const credited = await this.store.creditedForInvoice(invoice.invoiceId);
      if (amounts.overpaid.eq(credited)) return;
      await this.store.writeCredits([
        {
          factId: `credit:${invoice.invoiceId}:${credited.toFixed()}->${amounts.overpaid.toFixed()}`,
          customerId: invoice.customerId,
          currency: invoice.currency,
          invoiceId: invoice.invoiceId,
          amount: amounts.overpaid.minus(credited),
          reason: 'overpayment',
          occurredAtMs: this.clock.nowMs(),
        },
      ]);
    });
  }

  /**
   * `invoice.paid:<invoiceId>`: one id per invoice, so however many payment facts (or replays of
   * them) find it paid, the outbox relay and JetStream deliver it once. An invoice marked paid by
   * hand was announced by invoicing with the same id.
   */
  private async announcePaid(invoice: InvoiceForPayment): Promise<void> {
    const message = invoiceEventMessage(
      'invoice.paid',
      {
        invoiceId: invoice.invoiceId,
        number: invoice.number,
        customerId: invoice.customerId,
        currency: invoice.currency,
        total: formatMoney(invoice.total, invoice.currency),
        status: 'paid',
      },
      this.clock.nowMs(),
    );
    await this.outbox.enqueue([message], message.id);
  }

  /**
   * Re-settles invoices whose overpayment changed without a payment event (a credit note or a void
   * after the money came). Bounded per call; the inbox retry job calls it every tick.
   */
  async settleChangedCredits(limit: number): Promise<number> {
    const invoiceIds = await this.store.invoicesWithUnsettledCredit(limit);
    for (const id of invoiceIds) await this.settleCredit(id);
    return invoiceIds.length;
  }
}
