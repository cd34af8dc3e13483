import { outgoingEventMessage } from '@hourglass/contracts';
import { describeOutgoingEvent } from './outbox-relay.job';

describe('describeOutgoingEvent', () => {
  it('names the event, its object and its figures in one line', () => {
    const message = outgoingEventMessage({
      type: 'invoice.paid',
      id: 'invoice.paid:inv_1',
      timeMs: Date.UTC(2026, 10, 1),
      subject: 'invoice/inv_1',
      data: { invoiceId: 'inv_1', number: 'HG-2026-000001', customerId: 'c-1', total: '120.50', currency: 'EUR', status: 'paid' },
    });
    expect(describeOutgoingEvent(message)).toBe('invoice.paid: invoice/inv_1 (HG-2026-000001 c-1 120.50 EUR)');
  });

  it('says nothing of messages that are not outgoing events', () => {
    expect(describeOutgoingEvent({ id: 'r-1', subject: 'ref.v1.rentals', payload: '{}' })).toBeNull();
  });
});
