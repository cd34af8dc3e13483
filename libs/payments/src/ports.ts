import type Big from 'big.js';
import type { CustomerCreditFact, DisputeFact, PaymentFact, PaymentRef, Provider } from './domain';

/** A payment to create at a processor for a finalized invoice. */
export interface PaymentRequest {
  invoiceId: string;
  customerId: string;
  /** The processor's customer reference, when the customer document has one. */
  pspCustomerId: string | null;
  currency: string;
  /** Integer minor units, as processors take them. */
  amountMinor: bigint;
  /** Same key, same payment: a retried request never charges twice. */
  idempotencyKey: string;
}

export interface CreatedPayment {
  provider: Provider;
  paymentRef: string;
  /** The processor's status word (Stripe: succeeded, processing…; Adyen: Authorised, Refused…). */
  status: string;
}

export interface RefundRequest {
  paymentRef: string;
  currency: string;
  amountMinor: bigint;
  idempotencyKey: string;
  /** Adyen needs the invoice as the refund's merchant reference. */
  invoiceId: string;
}

export interface DisputeEvidence {
  disputeId: string;
  /** Processor-specific evidence fields (Stripe: `evidence[...]`), built by the disputes module. */
  fields: Record<string, string>;
  submit: boolean;
  /** Sent with the call, so a retried submission is the same submission at the processor. */
  idempotencyKey?: string;
  /** Adyen: the dispute's own pspReference (the Disputes API names a dispute by it). */
  pspDisputeReference?: string;
  /** Adyen: the defence reason the documents support (`defendDispute`). */
  defenseReasonCode?: string;
  /**
   * Documents, e.g. the evidence pack as a PDF. Adyen: defence documents (`supplyDefenseDocument`) of
   * type `typeCode`. Stripe: each uploaded through the Files API (purpose `dispute_evidence`) and named
   * by its file id in the evidence field `typeCode` (e.g. `uncategorized_file`).
   */
  documents?: Array<{ typeCode: string; contentType: string; contentBase64: string; fileName?: string }>;
}

/**
 * What Hourglass asks of a payment processor. Money facts never come from these answers: they come
 * from the processor's signed webhooks, so a payment is counted once however many ways we hear of it.
 */
export interface PaymentProcessor {
  readonly provider: Provider;
  createPayment(request: PaymentRequest): Promise<CreatedPayment>;
  refund(request: RefundRequest): Promise<{ refundRef: string; status: string }>;
  /** The disputes module hands evidence here (Stripe: dispute update; Adyen: Disputes API). */
  submitDisputeEvidence(evidence: DisputeEvidence): Promise<{ status: string }>;
  /** The invoice named by a payment's metadata, for an event that named only the payment. */
  invoiceOfPayment(paymentRef: string): Promise<{ invoiceId: string; customerId: string } | null>;
}

/** A webhook as received: stored before anything acts on it. */
export interface InboxEntry {
  provider: Provider;
  dedupKey: string;
  receivedAtMs: number;
  headers: Record<string, string>;
  rawBody: string;
  /** Adyen: the one notification item this entry stands for, as JSON. */
  item: string;
}

/** The durable inbox of PSP webhooks (the kernel's inbox behind it: adapters/kernel-webhook.inbox.ts). */
export interface WebhookInbox {
  /** Durable when it returns; 'duplicate' when an entry with that key was stored before. */
  store(entries: readonly InboxEntry[]): Promise<Array<'stored' | 'duplicate'>>;
  markProcessed(entry: Pick<InboxEntry, 'provider' | 'dedupKey'>, outcome: string, detail: string): Promise<void>;
  /** Entries stored but not processed (a crash between the two), oldest first, at most `limit`. */
  unprocessed(limit: number, receivedBeforeMs: number): Promise<InboxEntry[]>;
}

export interface InvoiceForPayment {
  invoiceId: string;
  number: string;
  customerId: string;
  currency: string;
  status: string;
  /** Net of tax (CONTRACTS §3: Σ lines), as invoicing's `total`. */
  total: Big;
  creditNotes: Big;
  /** The invoice's tax and the tax its credit notes gave back (migration 013); what is owed includes them. */
  taxTotal?: Big;
  creditNotesTax?: Big;
}

/** The invoices payments are for; read-only. */
export interface InvoiceDirectory {
  invoice(idOrNumber: string): Promise<InvoiceForPayment | null>;
}

export interface PaymentFactStore {
  writePayments(facts: readonly PaymentFact[]): Promise<void>;
  writeDisputes(facts: readonly DisputeFact[]): Promise<void>;
  writeRefs(refs: readonly PaymentRef[]): Promise<void>;
  writeCredits(facts: readonly CustomerCreditFact[]): Promise<void>;
  ref(provider: Provider, paymentRef: string): Promise<PaymentRef | null>;
  /** Facts of an invoice, with the invoice filled in from payment_refs where the event lacked it. */
  paymentsOfInvoice(invoiceId: string): Promise<PaymentFact[]>;
  paymentByFactId(factId: string): Promise<PaymentFact | null>;
  creditedForInvoice(invoiceId: string): Promise<Big>;
  /** Invoices whose overpayment differs from what was credited for them (a later credit note or void). */
  invoicesWithUnsettledCredit(limit: number): Promise<string[]>;
  creditBalances(customerId: string): Promise<Array<{ currency: string; balance: Big }>>;
  disputes(filter: { invoiceId?: string }): Promise<DisputeFact[]>;
}

/** One holder at a time per key, across processes: overpayment credit is computed under it. */
export interface KeyedLock {
  withLock<T>(key: string, work: () => Promise<T>): Promise<T>;
}
