import { createHash } from 'node:crypto';
import { formatMoney } from '@hourglass/money';
import { outgoingEventMessage, type Clock, type Outbox } from '@hourglass/contracts';
import type { DisputeEvidence, PaymentProcessor, Provider } from '@hourglass/payments';
import { chargebackRates, type ChargebackRate } from './domain/chargeback-rate';
import { DisputesError } from './domain/errors';
import { ADYEN_DEFENSE_DOCUMENT_TYPE, ADYEN_DEFENSE_REASON_CODE, buildEvidencePack, STRIPE_EVIDENCE_FILE_FIELD, stripeEvidenceFields, type EvidencePack } from './domain/evidence';
import { byDueBy, deadlineBucket, disputesOf, type DeadlineBucket, type Dispute, type DisputeStatus } from './domain/lifecycle';
import { disputeLoss, lossReversal, type LossPolicy } from './domain/loss';
import { renderEvidencePdf } from './evidence/render-evidence-pdf';
import type { DisputeEventFilter, DisputeEvents, DisputeGauges, DisputeRecords, EvidenceSources } from './ports';

export interface DisputesOptions {
  lossPolicy: LossPolicy;
  issuer: string;
  /** Bound on the disputes one read derives (list, sync): a marketplace sees tens a month. */
  disputesMax: number;
}

/** One dispute as `GET /v1/disputes` and `hourglass disputes --json` show it (CONTRACTS §6, then ours). */
export interface DisputeRow {
  disputeId: string;
  provider: string;
  invoiceId: string;
  customerId: string;
  status: DisputeStatus;
  reason: string;
  amount: string;
  currency: string;
  openedAt: string;
  dueBy: string | null;
  stage: string;
  rootCause: string;
  deadline: DeadlineBucket;
  closedAt: string | null;
}

export interface DisputeListQuery {
  status?: string;
  provider?: string;
  customerId?: string;
  invoiceId?: string;
  rootCause?: string;
  limit?: number;
  cursor?: string;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const LIMIT_MAX = 500;
const MONTHS_OF_RATES = 12;

/**
 * Reads disputes (derived from payments' facts on every read: nothing about a lifecycle is stored),
 * builds evidence packs, submits them, and on each sync announces new disputes, records who bears the
 * lost ones (the ledger posts those facts), and refreshes the deadline and chargeback-rate gauges.
 */
export class DisputesService {
  constructor(
    private readonly events: DisputeEvents,
    private readonly sources: EvidenceSources,
    private readonly records: DisputeRecords,
    private readonly processors: ReadonlyMap<Provider, PaymentProcessor>,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly gauges: DisputeGauges,
    private readonly options: DisputesOptions,
  ) {}

  private async derive(filter: DisputeEventFilter): Promise<Dispute[]> {
    const events = await this.events.events(filter, this.options.disputesMax);
    const ids = [...new Set(events.map((e) => e.disputeId))];
    return disputesOf(events, await this.records.firstSubmissions(ids));
  }

  row(d: Dispute): DisputeRow {
    return {
      disputeId: d.disputeId,
      provider: d.provider,
      invoiceId: d.invoiceId,
      customerId: d.customerId,
      status: d.status,
      reason: d.reason,
      amount: formatMoney(d.amount, d.currency),
      currency: d.currency,
      openedAt: iso(d.openedAtMs)!,
      dueBy: iso(d.dueByMs),
      stage: d.stage,
      rootCause: d.rootCause,
      deadline: deadlineBucket(d, this.clock.nowMs()),
      closedAt: iso(d.closedAtMs),
    };
  }

  /** Sorted by `dueBy` (soonest first, none last), then id; the cursor is the position in that order. */
  async list(q: DisputeListQuery): Promise<{ disputes: DisputeRow[]; nextCursor: string | null }> {
    const limit = q.limit ?? 100;
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > LIMIT_MAX) throw new DisputesError('invalid_limit', `limit is 1 to ${LIMIT_MAX}`);
    let offset = 0;
    if (q.cursor) {
      const decoded = Number(Buffer.from(q.cursor, 'base64url').toString('utf8').replace(/^o:/, ''));
      if (!Number.isSafeInteger(decoded) || decoded < 0) throw new DisputesError('invalid_cursor', 'cursor is not one this API gave');
      offset = decoded;
    }
    const all = (await this.derive({ customerId: q.customerId, invoiceId: q.invoiceId }))
      .filter((d) => (!q.status || d.status === q.status) && (!q.provider || d.provider === q.provider) && (!q.rootCause || d.rootCause === q.rootCause))
      .sort(byDueBy);
    const page = all.slice(offset, offset + limit);
    const next = offset + limit < all.length ? Buffer.from(`o:${offset + limit}`, 'utf8').toString('base64url') : null;
    return { disputes: page.map((d) => this.row(d)), nextCursor: next };
  }

  async get(disputeId: string): Promise<Dispute> {
    const [d] = await this.derive({ disputeId });
    if (!d) throw new DisputesError('dispute_not_found', `no dispute ${disputeId}`);
    return d;
  }

  async detail(disputeId: string) {
    const d = await this.get(disputeId);
    return {
      ...this.row(d),
      paymentRef: d.paymentRef,
      pspStatus: d.pspStatus,
      withdrawn: formatMoney(d.withdrawn, d.currency),
      reinstated: formatMoney(d.reinstated, d.currency),
      evidenceSubmittedAt: iso(d.evidenceSubmittedAtMs),
      events: d.events.map((e) => ({ factId: e.factId, eventType: e.eventType, status: e.status, pspStatus: e.pspStatus, funds: e.funds, amount: formatMoney(e.amount, e.currency), occurredAt: iso(e.occurredAtMs)!, dueBy: iso(e.dueByMs) })),
    };
  }

  async evidence(disputeId: string): Promise<EvidencePack> {
    const d = await this.get(disputeId);
    const invoice = d.invoiceId ? await this.sources.invoice(d.invoiceId) : null;
    const rentalIds = [...new Set((invoice?.lines ?? []).map((l) => l.rentalId).filter((id) => id !== ''))];
    const [customer, rentals, usage, payments, others] = await Promise.all([
      d.customerId ? this.sources.customer(d.customerId) : Promise.resolve(null),
      this.sources.rentals(rentalIds),
      invoice ? this.sources.usage(rentalIds, invoice.periodStartMs, invoice.periodEndMs) : Promise.resolve([]),
      d.invoiceId ? this.sources.payments(d.invoiceId) : Promise.resolve([]),
      d.customerId ? this.derive({ customerId: d.customerId }) : Promise.resolve([]),
    ]);
    return buildEvidencePack({ dispute: d, customer, invoice, rentals, usage, payments, otherDisputes: others.filter((o) => o.openedAtMs <= d.openedAtMs), issuer: this.options.issuer });
  }

  async evidencePdf(disputeId: string): Promise<Buffer> {
    return renderEvidencePdf(await this.evidence(disputeId));
  }

  /**
   * Sends the pack to the dispute's processor once per Idempotency-Key: the key goes with the call, and
   * the answer is kept, so a retried request gets the first answer without a second call. Stripe gets
   * the text fields and the PDF (uploaded, named in `uncategorized_file`); Adyen the PDF as a defence
   * document and the defence itself. `submit: false` stages
   * the evidence only (a Stripe draft; Adyen documents without the defence).
   */
  async submitEvidence(disputeId: string, idempotencyKey: string | undefined, submit = true): Promise<{ disputeId: string; provider: string; submitted: boolean; status: string; submittedAt: string; created: boolean }> {
    if (!idempotencyKey || idempotencyKey.length > 255) throw new DisputesError('invalid_idempotency_key', 'submitting evidence needs an Idempotency-Key header (1 to 255 characters)');
    const d = await this.get(disputeId);
    const earlier = await this.records.submission(disputeId, idempotencyKey);
    if (earlier) return { disputeId, provider: earlier.provider, submitted: earlier.submitted, status: earlier.status, submittedAt: iso(earlier.submittedAtMs)!, created: false };
    if (d.status === 'won' || d.status === 'lost') throw new DisputesError('dispute_closed', `dispute ${disputeId} is ${d.status}: nothing to respond to`);
    const processor = this.processors.get(d.provider);
    if (!processor) throw new DisputesError('provider_not_configured', `no ${d.provider} processor is configured`);
    const pack = await this.evidence(disputeId);
    const pdf = { contentType: 'application/pdf', contentBase64: (await renderEvidencePdf(pack)).toString('base64'), fileName: `evidence-${disputeId.replace(/[^A-Za-z0-9_-]/g, '_')}.pdf` };
    const request: DisputeEvidence =
      d.provider === 'stripe'
        ? { disputeId, fields: stripeEvidenceFields(pack), submit, idempotencyKey, documents: [{ typeCode: STRIPE_EVIDENCE_FILE_FIELD, ...pdf }] }
        : {
            disputeId,
            fields: {},
            submit,
            idempotencyKey,
            pspDisputeReference: adyenDisputeReference(d),
            defenseReasonCode: ADYEN_DEFENSE_REASON_CODE,
            documents: [{ typeCode: ADYEN_DEFENSE_DOCUMENT_TYPE, ...pdf }],
          };
    const contentSha256 = createHash('sha256').update(JSON.stringify(pack)).digest('hex');
    const answer = await processor.submitDisputeEvidence(request);
    const submittedAtMs = this.clock.nowMs();
    await this.records.recordSubmission({ disputeId, idempotencyKey, provider: d.provider, submitted: submit, status: answer.status, contentSha256, submittedAtMs });
    return { disputeId, provider: d.provider, submitted: submit, status: answer.status, submittedAt: iso(submittedAtMs)!, created: true };
  }

  /**
   * One pass: announce disputes not yet announced (`dispute.opened:<id>`, the outbox and JetStream
   * deliver each once), decide the loss of lost disputes that have no loss fact yet (under the policy
   * in force now, kept on the fact), reverse the loss of a lost dispute the processor later reported
   * won, and refresh the gauges. Safe to repeat and to run on two replicas: every write is keyed by the
   * dispute.
   */
  async sync(): Promise<{ announced: number; losses: number; lossesReversed: number }> {
    const disputes = await this.derive({});
    const ids = disputes.map((d) => d.disputeId);
    const [announced, lost, reversed] = await Promise.all([this.records.announced(ids), this.records.lossesRecorded(ids), this.records.lossReversalsRecorded(ids)]);
    let announcedNow = 0;
    for (const d of disputes) {
      if (announced.has(d.disputeId)) continue;
      const message = outgoingEventMessage({
        type: 'dispute.opened',
        id: `dispute.opened:${d.disputeId}`,
        timeMs: d.openedAtMs,
        subject: `dispute/${d.disputeId}`,
        data: { disputeId: d.disputeId, provider: d.provider, invoiceId: d.invoiceId, customerId: d.customerId, status: d.status, reason: d.reason, rootCause: d.rootCause, amount: formatMoney(d.amount, d.currency), currency: d.currency, openedAt: iso(d.openedAtMs), dueBy: iso(d.dueByMs) },
      });
      await this.outbox.enqueue([message], message.id);
      announcedNow += 1;
    }
    let losses = 0;
    for (const d of disputes) {
      // A loss waits for its invoice (an Adyen dispute names it; a Stripe one once payments resolved it).
      if (d.status !== 'lost' || lost.has(d.disputeId) || !d.invoiceId) continue;
      const lines = this.options.lossPolicy === 'operator' ? await this.sources.lossLines(d.invoiceId) : [];
      await this.records.recordLoss(disputeLoss(d, lines, this.options.lossPolicy), this.clock.nowMs());
      losses += 1;
    }
    let lossesReversed = 0;
    for (const d of disputes) {
      const reversal = lossReversal(d, lost.has(d.disputeId) ? { amount: lost.get(d.disputeId)! } : null, reversed.has(d.disputeId));
      if (!reversal) continue;
      await this.records.recordLossReversal(reversal, this.clock.nowMs());
      lossesReversed += 1;
    }
    this.refreshGauges(disputes);
    this.gauges.chargebackRates(await this.chargebackRates());
    return { announced: announcedNow, losses, lossesReversed };
  }

  private refreshGauges(disputes: readonly Dispute[]): void {
    const now = this.clock.nowMs();
    const due = { overdue: 0, due_24h: 0, due_72h: 0 };
    const open = new Map<string, number>([['needs_response', 0], ['under_review', 0]]);
    for (const d of disputes) {
      const bucket = deadlineBucket(d, now);
      // Cumulative: a dispute due within 24 h is also due within 72 h, as an alert rule reads it.
      if (bucket === 'overdue') due.overdue += 1;
      if (bucket === 'due_24h') due.due_24h += 1;
      if (bucket === 'due_24h' || bucket === 'due_72h') due.due_72h += 1;
      if (open.has(d.status)) open.set(d.status, open.get(d.status)! + 1);
    }
    this.gauges.responseDue(due);
    this.gauges.open(open);
  }

  async chargebackRates(): Promise<ChargebackRate[]> {
    const now = new Date(this.clock.nowMs());
    const fromMs = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (MONTHS_OF_RATES - 1), 1);
    return chargebackRates(await this.records.monthActivity(fromMs));
  }
}

/**
 * Adyen's Disputes API names a dispute by its own pspReference, the same on every notification of the
 * dispute; payments keeps it in the fact id (`adyen:<eventCode>:<pspReference>:<success>`).
 */
export function adyenDisputeReference(d: Dispute): string {
  const opening = d.events.find((e) => e.factId.startsWith('adyen:')) ?? d.events[0]!;
  return opening.factId.split(':')[2] ?? '';
}
