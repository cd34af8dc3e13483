import { factsFromAdyenItem } from './adyen-notifications';
import { factsFromStripeEvent } from './stripe-events';

const event = (type: string, object: Record<string, unknown>) => ({ id: 'evt_1', type, created: 1_793_000_000, data: { object } });

describe('Stripe events as facts', () => {
  it('a succeeded PaymentIntent is a capture of amount_received, in minor units of its currency', () => {
    for (const [currency, minor, major] of [['jpy', 2800, '2800'], ['bhd', 7496, '7.496'], ['usd', 1992, '19.92']] as const) {
      const f = factsFromStripeEvent(event('payment_intent.succeeded', { id: 'pi_1', amount: 99, amount_received: minor, currency, metadata: { hourglass_invoice_id: 'in_1' } }), 's');
      expect(f.payments.map((p) => [p.factId, p.kind, p.currency, p.amount.toFixed(), p.invoiceId])).toEqual([['stripe:captured:pi_1', 'captured', currency.toUpperCase(), major, 'in_1']]);
      expect(f.refs).toEqual([{ provider: 'stripe', paymentRef: 'pi_1', invoiceId: 'in_1', customerId: '', currency: currency.toUpperCase() }]);
    }
  });

  it('charge.refunded keeps the cumulative amount under the charge, keyed by its value', () => {
    const f = factsFromStripeEvent(event('charge.refunded', { id: 'ch_1', amount_refunded: 300, currency: 'usd', payment_intent: 'pi_1' }), 's');
    expect(f.payments.map((p) => [p.factId, p.cumulativeKey, p.amount.toFixed(), p.paymentRef, p.invoiceId])).toEqual([['stripe:refunded:ch_1:3', 'stripe:ch_1', '3', 'pi_1', '']]);
  });

  it('maps dispute statuses and keeps the evidence deadline', () => {
    const f = factsFromStripeEvent(
      event('charge.dispute.updated', { id: 'dp_1', amount: 500, currency: 'eur', payment_intent: { id: 'pi_1' }, status: 'warning_under_review', reason: 'fraudulent', evidence_details: { due_by: 1_793_100_000 } }),
      's',
    );
    expect(f.disputes.map((d) => [d.disputeId, d.status, d.paymentRef, d.amount.toFixed(), d.dueByMs])).toEqual([['dp_1', 'under_review', 'pi_1', '5', 1_793_100_000_000]]);
  });

  it("takes a dispute fee from the dispute's balance transactions: the withdrawal's, and the reinstatement's (given back)", () => {
    const dispute = (txns: object[]) => ({ id: 'dp_1', amount: 1992, currency: 'usd', payment_intent: 'pi_1', status: 'won', balance_transactions: txns });
    const out = { id: 'txn_1', amount: -1992, fee: 1500 };
    const back = { id: 'txn_2', amount: 1992, fee: -1500 };
    const fee = (type: string, txns: object[]) => factsFromStripeEvent(event(type, dispute(txns)), 's').disputes.map((d) => [d.funds, d.fee.toFixed(2), d.feeRef]);
    expect(fee('charge.dispute.funds_withdrawn', [out])).toEqual([['withdrawn', '15.00', 'txn_1']]);
    expect(fee('charge.dispute.funds_reinstated', [out, back])).toEqual([['reinstated', '-15.00', 'txn_2']]);
    // A reinstatement that keeps the fee, an event that moves no funds, a dispute without its list: no fee.
    expect(fee('charge.dispute.funds_reinstated', [out, { ...back, fee: 0 }])).toEqual([['reinstated', '0.00', '']]);
    expect(fee('charge.dispute.closed', [out, back])).toEqual([['', '0.00', '']]);
    expect(fee('charge.dispute.funds_withdrawn', [])).toEqual([['withdrawn', '0.00', '']]);
  });

  it('refuses a float amount and an unknown currency, and ignores other event types', () => {
    expect(() => factsFromStripeEvent(event('payment_intent.succeeded', { id: 'pi_1', amount_received: 10.5, currency: 'usd' }), 's')).toThrow(/minor units/);
    expect(() => factsFromStripeEvent(event('payment_intent.succeeded', { id: 'pi_1', amount_received: 10, currency: 'xxx' }), 's')).toThrow(/unknown currency/);
    expect(factsFromStripeEvent(event('customer.created', { id: 'cus_1' }), 's')).toEqual({ payments: [], disputes: [], refs: [] });
  });
});

describe('Adyen notifications as facts', () => {
  const item = (over: Record<string, unknown>) => ({ pspReference: '8800000000000001', merchantReference: 'in_1', amount: { value: 7496, currency: 'BHD' }, eventCode: 'AUTHORISATION', success: 'true', ...over });

  it('AUTHORISATION true is a capture, false a failure, both for the merchant reference', () => {
    expect(factsFromAdyenItem(item({}), 's', 0).payments.map((p) => [p.factId, p.kind, p.amount.toFixed(), p.invoiceId])).toEqual([['adyen:captured:8800000000000001', 'captured', '7.496', 'in_1']]);
    expect(factsFromAdyenItem(item({ success: 'false' }), 's', 0).payments.map((p) => p.kind)).toEqual(['failed']);
  });

  it('a REFUND is its own cumulative key and belongs to the original payment', () => {
    const [f] = factsFromAdyenItem(item({ eventCode: 'REFUND', pspReference: '8800000000000009', originalReference: '8800000000000001', amount: { value: 500, currency: 'BHD' } }), 's', 0).payments;
    expect([f!.kind, f!.cumulativeKey, f!.paymentRef, f!.amount.toFixed()]).toEqual(['refunded', 'adyen:8800000000000009', '8800000000000001', '0.5']);
  });

  it.each([
    ['NOTIFICATION_OF_CHARGEBACK', 'needs_response', ''],
    ['CHARGEBACK', 'under_review', 'withdrawn'],
    ['CHARGEBACK_REVERSED', 'won', 'reinstated'],
    ['SECOND_CHARGEBACK', 'lost', 'withdrawn'],
    // Pre-arbitration follows a reversal: won leaves the funds where the reversal put them, lost takes them again.
    ['PREARBITRATION_WON', 'won', ''],
    ['PREARBITRATION_LOST', 'lost', 'withdrawn'],
  ])('%s is a dispute fact with status %s', (eventCode, status, funds) => {
    const [d] = factsFromAdyenItem(item({ eventCode, originalReference: '8800000000000001', pspReference: '8800000000000077' }), 's', 0).disputes;
    expect([d!.disputeId, d!.status, d!.funds]).toEqual(['adyen:8800000000000001', status, funds]);
  });

  it("reads the defence deadline and Adyen's dispute status from additionalData", () => {
    const at = (disputeStatus: string) =>
      factsFromAdyenItem(item({ eventCode: 'CHARGEBACK', originalReference: '8800000000000001', pspReference: '8800000000000077', additionalData: { defensePeriodEndsAt: '2026-11-19T09:00:00Z', disputeStatus } }), 's', 0).disputes[0]!;
    expect([at('Undefended').status, at('Undefended').dueByMs, at('Undefended').pspStatus]).toEqual(['needs_response', Date.parse('2026-11-19T09:00:00Z'), 'CHARGEBACK/Undefended']);
    expect([at('Accepted').status, at('Expired').status, at('Pending').status, at('Something').status]).toEqual(['lost', 'lost', 'under_review', 'under_review']);
  });
});
