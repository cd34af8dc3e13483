import type Big from 'big.js';
import type { Clock, Customer } from '@hourglass/contracts';
import { dec, formatMoney, isRoundedToMinor, toMinor } from '@hourglass/money';
import { invoiceAmounts, paymentTotals, PaymentsError, type PaymentFact, type Provider } from './domain';
import type { PaymentFactsService } from './payment-facts.service';
import type { InvoiceDirectory, InvoiceForPayment, PaymentFactStore, PaymentProcessor } from './ports';

const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9._:/#-]{0,199}$/;
const DECIMAL = /^\d+(\.\d+)?$/;

export interface PaymentView {
  factId: string;
  kind: string;
  provider: string;
  invoiceId: string;
  customerId: string;
  currency: string;
  amount: string;
  paymentRef: string;
  pspReference: string;
  occurredAt: string;
}

export interface InvoicePaymentsView {
  invoiceId: string;
  currency: string;
  status: string;
  amountPaid: string;
  amountRefunded: string;
  amountDue: string;
  overpaid: string;
  payments: PaymentView[];
}

export interface DisputeEventView {
  factId: string;
  disputeId: string;
  provider: string;
  eventType: string;
  status: string;
  funds: string;
  reason: string;
  invoiceId: string;
  customerId: string;
  currency: string;
  amount: string;
  dueBy: string | null;
  occurredAt: string;
}

function view(f: PaymentFact): PaymentView {
  return {
    factId: f.factId,
    kind: f.kind,
    provider: f.provider,
    invoiceId: f.invoiceId,
    customerId: f.customerId,
    currency: f.currency,
    amount: formatMoney(f.amount, f.currency),
    paymentRef: f.paymentRef,
    pspReference: f.pspReference,
    occurredAt: new Date(f.occurredAtMs).toISOString(),
  };
}

/** Payments as the API and CLI see them: record, collect, refund, list, credit balance. */
export class PaymentsService {
  constructor(
    private readonly store: PaymentFactStore,
    private readonly invoices: InvoiceDirectory,
    private readonly facts: PaymentFactsService,
    private readonly processors: ReadonlyMap<Provider, PaymentProcessor>,
    private readonly customers: (customerId: string) => Customer | undefined,
    private readonly clock: Clock,
  ) {}

  private async invoice(id: string): Promise<InvoiceForPayment> {
    const invoice = await this.invoices.invoice(id);
    if (!invoice) throw new PaymentsError('invoice_not_found', `no invoice ${id}`);
    return invoice;
  }

  private amountIn(raw: unknown, currency: string): Big {
    const text = String(raw ?? '');
    if (!DECIMAL.test(text) || dec(text).lte(0)) throw new PaymentsError('invalid_amount', `amount ${JSON.stringify(raw)} is not a positive decimal, e.g. 120.50`);
    const amount = dec(text);
    if (!isRoundedToMinor(amount, currency)) throw new PaymentsError('invalid_amount', `amount ${text} has more decimals than ${currency} has minor units`);
    return amount;
  }

  /**
   * A payment that arrived another way (a bank transfer), idempotent by its reference: the same
   * reference with the same invoice and amount is the same payment; with another, a conflict.
   */
  async record(input: { invoiceId?: string; amount?: string; reference?: string; receivedAt?: string }): Promise<{ created: boolean; payment: PaymentView }> {
    const reference = String(input.reference ?? '');
    if (!REFERENCE.test(reference)) throw new PaymentsError('invalid_reference', 'reference: 1–200 letters, digits or ._:/#- (the bank transfer reference)');
    const invoice = await this.invoice(String(input.invoiceId ?? ''));
    if (invoice.status === 'draft') throw new PaymentsError('invoice_not_payable', `invoice ${invoice.invoiceId} is a draft`);
    const amount = this.amountIn(input.amount, invoice.currency);
    const occurredAtMs = input.receivedAt ? Date.parse(input.receivedAt) : this.clock.nowMs();
    if (!Number.isFinite(occurredAtMs)) throw new PaymentsError('invalid_payload', `receivedAt ${input.receivedAt} is not an RFC 3339 timestamp`);
    const factId = `manual:${reference}`;
    const existing = await this.store.paymentByFactId(factId);
    if (existing) {
      if (existing.invoiceId !== invoice.invoiceId || !existing.amount.eq(amount)) {
        throw new PaymentsError('reference_conflict', `reference ${reference} was recorded for ${existing.invoiceId} with ${formatMoney(existing.amount, existing.currency)} ${existing.currency}`);
      }
      await this.facts.settleCredit(invoice.invoiceId);
      return { created: false, payment: view(existing) };
    }
    const fact: PaymentFact = {
      factId,
      kind: 'recorded',
      provider: 'manual',
      invoiceId: invoice.invoiceId,
      customerId: invoice.customerId,
      currency: invoice.currency,
      amount,
      cumulativeKey: '',
      paymentRef: reference,
      pspReference: reference,
      occurredAtMs,
      source: `api:${reference}`,
    };
    await this.facts.apply({ payments: [fact], disputes: [], refs: [] });
    return { created: true, payment: view(fact) };
  }

  async ofInvoice(invoiceId: string): Promise<InvoicePaymentsView> {
    const invoice = await this.invoice(invoiceId);
    const facts = await this.store.paymentsOfInvoice(invoice.invoiceId);
    const a = invoiceAmounts(invoice, paymentTotals(facts));
    const money = (x: Big) => formatMoney(x, invoice.currency);
    return {
      invoiceId: invoice.invoiceId,
      currency: invoice.currency,
      status: a.status,
      amountPaid: money(a.amountPaid),
      amountRefunded: money(a.amountRefunded),
      amountDue: money(a.amountDue),
      overpaid: money(a.overpaid),
      payments: facts.sort((x, y) => x.occurredAtMs - y.occurredAtMs || (x.factId < y.factId ? -1 : 1)).map(view),
    };
  }

  /**
   * Asks the customer's processor to collect an invoice (all that is due, or `amount`). Nothing is
   * counted here: the processor's webhook says whether money came. The idempotency key defaults to
   * the invoice, amount, what was paid so far and the declines so far, so a retried call creates no
   * second payment and a new attempt after a decline is a new payment.
   */
  async collect(input: { invoiceId?: string; amount?: string }, idempotencyKey?: string): Promise<{ provider: Provider; paymentRef: string; status: string; amount: string; currency: string }> {
    const invoice = await this.invoice(String(input.invoiceId ?? ''));
    if (invoice.status !== 'finalized' && invoice.status !== 'uncollectible') {
      throw new PaymentsError('invoice_not_payable', `invoice ${invoice.invoiceId} is ${invoice.status}`);
    }
    const facts = await this.store.paymentsOfInvoice(invoice.invoiceId);
    const totals = paymentTotals(facts);
    const due = invoiceAmounts(invoice, totals).amountDue;
    const amount = input.amount === undefined ? due : this.amountIn(input.amount, invoice.currency);
    if (amount.lte(0)) throw new PaymentsError('invoice_not_payable', `nothing is due on ${invoice.invoiceId}`);
    const customer = this.customers(invoice.customerId);
    const provider: Provider = customer?.paymentProvider ?? 'stripe';
    const processor = this.processors.get(provider);
    if (!processor) throw new PaymentsError('provider_not_configured', `${provider} is not configured (see the README's Payments section)`);
    const amountMinor = toMinor(amount, invoice.currency);
    // A retry of the same request is the same payment; after a payment or a decline the state moved,
    // and so does the key (a processor answers a reused key with its first answer, decline included).
    const declines = facts.filter((f) => f.kind === 'failed').length;
    const key = idempotencyKey || `hg-collect-${invoice.invoiceId}-${amountMinor}-${toMinor(totals.paid.minus(totals.refunded), invoice.currency)}-${declines}`;
    const created = await processor.createPayment({
      invoiceId: invoice.invoiceId,
      customerId: invoice.customerId,
      pspCustomerId: customer?.pspCustomerId ?? null,
      currency: invoice.currency,
      amountMinor,
      idempotencyKey: key,
    });
    await this.store.writeRefs([{ provider, paymentRef: created.paymentRef, invoiceId: invoice.invoiceId, customerId: invoice.customerId, currency: invoice.currency }]);
    return { ...created, amount: formatMoney(amount, invoice.currency), currency: invoice.currency };
  }

  /** A refund through the processor that took the payment; the webhook records it. */
  async refund(input: { provider?: string; paymentRef?: string; amount?: string }, idempotencyKey: string | undefined): Promise<{ refundRef: string; status: string }> {
    if (!idempotencyKey) throw new PaymentsError('invalid_payload', 'a refund needs an Idempotency-Key header: a retried refund must not pay twice');
    const provider = (input.provider ?? 'stripe') as Provider;
    const processor = this.processors.get(provider);
    if (!processor) throw new PaymentsError('provider_not_configured', `${provider} is not configured`);
    const ref = await this.store.ref(provider, String(input.paymentRef ?? ''));
    if (!ref) throw new PaymentsError('payment_not_found', `no ${provider} payment ${input.paymentRef} is known`);
    const amount = this.amountIn(input.amount, ref.currency);
    return processor.refund({ paymentRef: ref.paymentRef, currency: ref.currency, amountMinor: toMinor(amount, ref.currency), idempotencyKey, invoiceId: ref.invoiceId });
  }

  async creditBalance(customerId: string): Promise<{ customerId: string; balances: Array<{ currency: string; balance: string }> }> {
    const balances = await this.store.creditBalances(customerId);
    return { customerId, balances: balances.map((b) => ({ currency: b.currency, balance: formatMoney(b.balance, b.currency) })) };
  }

  /** Dispute facts as stored, newest last; the disputes module will derive each dispute's state. */
  async disputeEvents(invoiceId?: string): Promise<DisputeEventView[]> {
    return (await this.store.disputes({ invoiceId })).map((d) => ({
      factId: d.factId,
      disputeId: d.disputeId,
      provider: d.provider,
      eventType: d.eventType,
      status: d.status,
      funds: d.funds,
      reason: d.reason,
      invoiceId: d.invoiceId,
      customerId: d.customerId,
      currency: d.currency,
      amount: formatMoney(d.amount, d.currency),
      dueBy: d.dueByMs === null ? null : new Date(d.dueByMs).toISOString(),
      occurredAt: new Date(d.occurredAtMs).toISOString(),
    }));
  }
}
