import { dec } from '@hourglass/money';
import type { OutboxMessage } from '@hourglass/contracts';
import type { DisputeEvidence, PaymentProcessor } from '@hourglass/payments';
import type { DisputeLoss, DisputeLossReversal } from './domain/loss';
import type { DisputeEvent } from './domain/lifecycle';
import { DisputesService } from './disputes.service';
import type { DisputeRecords, EvidenceSubmission } from './ports';

const H = 3_600_000;
const NOW = Date.parse('2026-11-05T09:00:00Z');
const event = (disputeId: string, status: DisputeEvent['status'], dueInH: number | null, over: Partial<DisputeEvent> = {}): DisputeEvent => ({
  factId: `stripe:${disputeId}:${status}`,
  disputeId,
  provider: 'stripe',
  eventType: 'charge.dispute.updated',
  status,
  pspStatus: status,
  funds: '',
  reason: 'fraudulent',
  paymentRef: `pi_${disputeId}`,
  invoiceId: `inv_${disputeId}`,
  customerId: 'c-1',
  currency: 'USD',
  amount: dec('10.00'),
  dueByMs: dueInH === null ? null : NOW + dueInH * H,
  occurredAtMs: NOW - H,
  ...over,
});

function setup(events: DisputeEvent[]) {
  const submissions: EvidenceSubmission[] = [];
  const losses: DisputeLoss[] = [];
  const reversals: DisputeLossReversal[] = [];
  const outbox: OutboxMessage[] = [];
  const sent: DisputeEvidence[] = [];
  const records: DisputeRecords = {
    submission: async (id, key) => submissions.find((s) => s.disputeId === id && s.idempotencyKey === key) ?? null,
    firstSubmissions: async () => new Map(submissions.filter((s) => s.submitted).map((s) => [s.disputeId, s.submittedAtMs])),
    recordSubmission: async (s) => void submissions.push(s),
    lossesRecorded: async () => new Map(losses.map((l) => [l.disputeId, l.amount])),
    recordLoss: async (l) => void losses.push(l),
    lossReversalsRecorded: async () => new Set(reversals.map((r) => r.disputeId)),
    recordLossReversal: async (r) => void reversals.push(r),
    announced: async () => new Set(outbox.map((m) => m.id.slice('dispute.opened:'.length))),
    monthActivity: async () => [],
  };
  const stripe: PaymentProcessor = {
    provider: 'stripe',
    createPayment: async () => ({ provider: 'stripe', paymentRef: '', status: '' }),
    refund: async () => ({ refundRef: '', status: '' }),
    submitDisputeEvidence: async (e) => {
      sent.push(e);
      return { status: 'under_review' };
    },
    invoiceOfPayment: async () => null,
  };
  const sut = new DisputesService(
    { events: async (f) => events.filter((e) => (!f.disputeId || e.disputeId === f.disputeId) && (!f.customerId || e.customerId === f.customerId) && (!f.invoiceId || e.invoiceId === f.invoiceId)) },
    {
      customer: async () => null,
      invoice: async () => null,
      lossLines: async () => [{ kind: 'usage', operatorId: 'op-1', operatorShare: dec('8.50'), platformFee: dec('1.50') }],
      rentals: async () => [],
      usage: async () => [],
      payments: async () => [],
    },
    records,
    new Map([['stripe', stripe]]),
    { enqueue: async (messages) => void outbox.push(...messages) },
    { nowMs: () => NOW },
    { responseDue: () => undefined, open: () => undefined, chargebackRates: () => undefined },
    { lossPolicy: 'operator', issuer: 'Hourglass (HG)', disputesMax: 100 },
  );
  return { sut, submissions, losses, reversals, outbox, sent };
}

describe('DisputesService', () => {
  const events = [event('a', 'needs_response', 80), event('b', 'needs_response', 10), event('c', 'lost', null), event('d', 'needs_response', 30, { provider: 'adyen', factId: 'adyen:CHARGEBACK:88:true' })];

  it('lists by deadline, soonest first, with the deadline bucket, a page at a time', async () => {
    const { sut } = setup(events);
    const first = await sut.list({ limit: 2 });
    expect(first.disputes.map((d) => [d.disputeId, d.deadline])).toEqual([
      ['b', 'due_24h'],
      ['d', 'due_72h'],
    ]);
    const second = await sut.list({ limit: 2, cursor: first.nextCursor! });
    expect([second.disputes.map((d) => d.disputeId), second.nextCursor]).toEqual([['a', 'c'], null]);
    expect((await sut.list({ status: 'lost' })).disputes.map((d) => d.disputeId)).toEqual(['c']);
    await expect(sut.list({ limit: 0 })).rejects.toMatchObject({ reason: 'invalid_limit' });
    await expect(sut.list({ cursor: 'bm9wZQ' })).rejects.toMatchObject({ reason: 'invalid_cursor' });
  });

  it('submits evidence once per Idempotency-Key, and refuses what cannot be answered', async () => {
    const { sut, sent } = setup(events);
    await expect(sut.submitEvidence('a', undefined)).rejects.toMatchObject({ reason: 'invalid_idempotency_key' });
    expect(await sut.submitEvidence('a', 'k1')).toMatchObject({ created: true, submitted: true, status: 'under_review' });
    expect(await sut.submitEvidence('a', 'k1')).toMatchObject({ created: false });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ disputeId: 'a', submit: true, idempotencyKey: 'k1', documents: [{ typeCode: 'uncategorized_file', contentType: 'application/pdf', fileName: 'evidence-a.pdf' }] });
    expect(Buffer.from(sent[0]!.documents![0]!.contentBase64, 'base64').subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((await sut.get('a')).status).toBe('under_review');
    await expect(sut.submitEvidence('c', 'k2')).rejects.toMatchObject({ reason: 'dispute_closed' });
    await expect(sut.submitEvidence('d', 'k3')).rejects.toMatchObject({ reason: 'provider_not_configured' });
    await expect(sut.submitEvidence('zz', 'k4')).rejects.toMatchObject({ reason: 'dispute_not_found' });
  });

  it('announces each dispute once and decides each loss once, under the policy in force', async () => {
    const { sut, outbox, losses } = setup(events);
    expect(await sut.sync()).toEqual({ announced: 4, losses: 1, lossesReversed: 0 });
    expect(await sut.sync()).toEqual({ announced: 0, losses: 0, lossesReversed: 0 });
    expect(outbox.map((m) => m.subject)).toEqual(Array(4).fill('hourglass.v1.events.dispute.opened'));
    // 10.00 over op-1's 8.50 and the 1.50 fee: 8.50 clawed back, 1.50 the platform's
    expect(losses.map((l) => [l.disputeId, l.policy, l.clawbacks.map((c) => [c.operatorId, c.amount.toFixed(2)]), l.platformAmount.toFixed(2)])).toEqual([['c', 'operator', [['op-1', '8.50']], '1.50']]);
  });

  it('reverses the loss of a dispute the processor later reports won, once', async () => {
    const lostThenWon = [event('e', 'lost', null, { factId: 'stripe:evt_1', occurredAtMs: NOW - 2 * H }), event('e', 'won', null, { factId: 'stripe:evt_2', occurredAtMs: NOW - H, pspStatus: 'won' })];
    const { sut, losses, reversals } = setup(lostThenWon.slice(0, 1));
    expect(await sut.sync()).toMatchObject({ losses: 1, lossesReversed: 0 });
    // The same records, now that the won event has arrived too.
    const later = setup(lostThenWon);
    later.losses.push(...losses);
    expect(await later.sut.sync()).toMatchObject({ losses: 0, lossesReversed: 1 });
    expect(await later.sut.sync()).toMatchObject({ losses: 0, lossesReversed: 0 });
    expect(later.reversals.map((r) => [r.disputeId, r.amount.toFixed(2), r.outcome, r.occurredAtMs])).toEqual([['e', '10.00', 'won', NOW - H]]);
    expect(reversals).toEqual([]);
  });
});
