import fc from 'fast-check';
import { dec } from '@hourglass/money';
import { ADYEN_DISPUTE_EVENTS, stripeDisputeStatus } from '@hourglass/payments';
import { disputeLifecycle, type DisputeEvent } from './lifecycle';

/** Events as payments writes them: Adyen's mapping and Stripe's status mapping are payments' own. */
const adyenEvent = fc.record({ code: fc.constantFrom(...Object.keys(ADYEN_DISPUTE_EVENTS)), at: fc.integer({ min: 0, max: 1e9 }), due: fc.option(fc.integer({ min: 0, max: 1e9 })) }).map(
  ({ code, at, due }): DisputeEvent => ({
    factId: `adyen:${code}:88:true`,
    disputeId: 'adyen:1',
    provider: 'adyen',
    eventType: code,
    status: ADYEN_DISPUTE_EVENTS[code]!.status,
    pspStatus: code,
    funds: ADYEN_DISPUTE_EVENTS[code]!.funds,
    reason: 'Fraud',
    paymentRef: '1',
    invoiceId: 'inv',
    customerId: 'c',
    currency: 'EUR',
    amount: dec('16.00'),
    dueByMs: due,
    occurredAtMs: at,
  }),
);
const stripeEvent = fc
  .record({ id: fc.integer({ min: 1, max: 40 }), psp: fc.constantFrom('warning_needs_response', 'needs_response', 'under_review', 'won', 'lost'), at: fc.integer({ min: 0, max: 1e9 }), funds: fc.constantFrom('', 'withdrawn', 'reinstated') })
  .map(
    ({ id, psp, at, funds }): DisputeEvent => ({
      factId: `stripe:evt_${id}`,
      disputeId: 'dp_1',
      provider: 'stripe',
      eventType: 'charge.dispute.updated',
      status: stripeDisputeStatus(psp),
      pspStatus: psp,
      funds: funds as DisputeEvent['funds'],
      reason: 'fraudulent',
      paymentRef: 'pi_1',
      invoiceId: 'inv',
      customerId: 'c',
      currency: 'USD',
      amount: dec('19.92'),
      dueByMs: null,
      occurredAtMs: at,
    }),
  );
/** One fact id is one event: replays carry the same content. */
const distinctById = (es: DisputeEvent[]) => [...new Map(es.map((e) => [e.factId, e])).values()];
const events = fc.oneof(fc.array(adyenEvent, { minLength: 1, maxLength: 8 }), fc.array(stripeEvent, { minLength: 1, maxLength: 8 })).map(distinctById);

const view = (es: DisputeEvent[]) => {
  const d = disputeLifecycle(es);
  return { ...d, amount: d.amount.toFixed(), withdrawn: d.withdrawn.toFixed(), reinstated: d.reinstated.toFixed(), events: d.events.map((e) => e.factId) };
};

describe('dispute lifecycle laws', () => {
  it('is a function of the set of events: any order, any replays, the same dispute', () => {
    fc.assert(
      fc.property(
        events.chain((es) => fc.tuple(fc.constant(es), fc.shuffledSubarray(es, { minLength: es.length, maxLength: es.length }), fc.array(fc.constantFrom(...es), { maxLength: 6 }))),
        ([es, shuffled, replays]) => {
          expect(view([...shuffled, ...replays])).toEqual(view(es));
        },
      ),
    );
  });

  it('a final outcome is never followed in lifecycle order by an open status of a later stage', () => {
    fc.assert(
      fc.property(events, (es) => {
        const d = disputeLifecycle(es);
        const last = d.events[d.events.length - 1]!;
        expect(d.status).toBe(last.status);
        expect(d.closedAtMs === null).toBe(d.status === 'needs_response' || d.status === 'under_review');
      }),
    );
  });
});
