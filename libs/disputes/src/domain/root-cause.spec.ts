import { rootCause } from './root-cause';

describe('rootCause', () => {
  it.each([
    ['stripe', 'fraudulent', 'fraud'],
    ['stripe', 'product_not_received', 'service_not_received'],
    ['stripe', 'product_unacceptable', 'service_disputed'],
    ['stripe', 'duplicate', 'billing_error'],
    ['stripe', 'subscription_canceled', 'cancelled'],
    ['stripe', 'unrecognized', 'unrecognized'],
    ['stripe', 'general', 'other'],
    ['stripe', '', 'other'],
    ['adyen', 'Fraud', 'fraud'],
    ['adyen', '10.4', 'fraud'],
    ['adyen', 'Goods/Services Not Provided', 'service_not_received'],
    ['adyen', 'Not as described', 'service_disputed'],
    ['adyen', 'Duplicate Processing', 'billing_error'],
    ['adyen', 'Cancelled Recurring Transaction', 'cancelled'],
    ['adyen', 'No Authorisation', 'processing'],
    ['adyen', 'something new', 'other'],
  ])('%s %j is %s', (provider, reason, expected) => {
    expect(rootCause(provider, reason)).toBe(expected);
  });
});
