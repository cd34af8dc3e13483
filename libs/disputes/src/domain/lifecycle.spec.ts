import { dec } from '@hourglass/money';
import { byDueBy, deadlineBucket, disputeLifecycle, type DisputeEvent } from './lifecycle';

const H = 3_600_000;
let seq = 0;
function stripe(pspStatus: string, status: DisputeEvent['status'], extra: Partial<DisputeEvent> = {}): DisputeEvent {
  seq += 1;
  return {
    factId: `stripe:evt_${seq}`,
    disputeId: 'dp_1',
    provider: 'stripe',
    eventType: 'charge.dispute.updated',
    status,
    pspStatus,
    funds: '',
    reason: 'fraudulent',
    paymentRef: 'pi_1',
    invoiceId: 'inv-1',
    customerId: 'c-1',
    currency: 'USD',
    amount: dec('19.92'),
    dueByMs: 1000 * H,
    occurredAtMs: seq * H,
    ...extra,
  };
}
function adyen(eventCode: string, status: DisputeEvent['status'], funds: DisputeEvent['funds'], occurredAtMs: number): DisputeEvent {
  return { factId: `adyen:${eventCode}:8800000000000009:true`, disputeId: 'adyen:8800000000000001', provider: 'adyen', eventType: eventCode, status, pspStatus: eventCode, funds, reason: 'Fraud', paymentRef: '8800000000000001', invoiceId: 'inv-2', customerId: 'c-2', currency: 'EUR', amount: dec('16.00'), dueByMs: null, occurredAtMs };
}

describe('disputeLifecycle', () => {
  it('follows Stripe from needs_response to a final outcome, whatever the arrival order', () => {
    const created = stripe('needs_response', 'needs_response', { eventType: 'charge.dispute.created' });
    const withdrawn = stripe('needs_response', 'needs_response', { eventType: 'charge.dispute.funds_withdrawn', funds: 'withdrawn' });
    const review = stripe('under_review', 'under_review');
    const won = stripe('won', 'won', { eventType: 'charge.dispute.closed' });
    const reinstated = stripe('won', 'won', { eventType: 'charge.dispute.funds_reinstated', funds: 'reinstated' });
    const sut = disputeLifecycle([won, review, reinstated, created, withdrawn, won]);
    expect([sut.status, sut.stage, sut.withdrawn.toFixed(2), sut.reinstated.toFixed(2), sut.events.length]).toEqual(['won', 'chargeback', '19.92', '19.92', 5]);
    expect(sut.openedAtMs).toBe(created.occurredAtMs);
    expect(sut.closedAtMs).toBe(reinstated.occurredAtMs);
    expect(sut.rootCause).toBe('fraud');
  });

  it('treats a Stripe inquiry as its own stage', () => {
    expect(disputeLifecycle([stripe('warning_needs_response', 'needs_response')]).stage).toBe('inquiry');
  });

  it('puts an Adyen second chargeback after the reversal even when it arrives first', () => {
    const sut = disputeLifecycle([
      adyen('SECOND_CHARGEBACK', 'lost', 'withdrawn', 5 * H),
      adyen('NOTIFICATION_OF_CHARGEBACK', 'needs_response', '', 1 * H),
      adyen('CHARGEBACK', 'under_review', 'withdrawn', 2 * H),
      adyen('CHARGEBACK_REVERSED', 'won', 'reinstated', 3 * H),
    ]);
    expect([sut.status, sut.stage, sut.withdrawn.toFixed(2), sut.reinstated.toFixed(2)]).toEqual(['lost', 'second_chargeback', '32.00', '16.00']);
    expect(sut.events.map((e) => e.eventType)).toEqual(['NOTIFICATION_OF_CHARGEBACK', 'CHARGEBACK', 'CHARGEBACK_REVERSED', 'SECOND_CHARGEBACK']);
  });

  it('ends a won pre-arbitration as won, a lost one as lost', () => {
    const base = [adyen('CHARGEBACK', 'under_review', 'withdrawn', H), adyen('CHARGEBACK_REVERSED', 'won', 'reinstated', 2 * H)];
    expect(disputeLifecycle([...base, adyen('PREARBITRATION_WON', 'won', '', 3 * H)])).toMatchObject({ status: 'won', stage: 'pre_arbitration' });
    expect(disputeLifecycle([...base, adyen('PREARBITRATION_LOST', 'lost', 'withdrawn', 3 * H)])).toMatchObject({ status: 'lost', stage: 'pre_arbitration' });
  });

  it('shows needs_response as under_review once we submitted evidence, and nothing else', () => {
    const open = stripe('needs_response', 'needs_response');
    expect(disputeLifecycle([open], 5).status).toBe('under_review');
    expect(disputeLifecycle([open, stripe('lost', 'lost')], 5).status).toBe('lost');
  });
});

describe('deadlines', () => {
  const d = (dueByMs: number | null, status: DisputeEvent['status'] = 'needs_response') => ({ status, dueByMs });
  it.each([
    [d(-1), 'overdue'],
    [d(24 * H), 'due_24h'],
    [d(24 * H + 1), 'due_72h'],
    [d(72 * H), 'due_72h'],
    [d(72 * H + 1), 'later'],
    [d(null), 'none'],
    [d(H, 'under_review'), 'none'],
  ])('%j is %s', (dispute, bucket) => {
    expect(deadlineBucket(dispute as never, 0)).toBe(bucket);
  });

  it('sorts by dueBy, soonest first, none last', () => {
    const mk = (disputeId: string, dueByMs: number | null) => ({ disputeId, dueByMs }) as never;
    expect([mk('c', null), mk('b', 5), mk('a', 9), mk('a2', 5)].sort(byDueBy).map((x: { disputeId: string }) => x.disputeId)).toEqual(['a2', 'b', 'a', 'c']);
  });
});
