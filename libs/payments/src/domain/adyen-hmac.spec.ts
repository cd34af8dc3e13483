import { adyenHmac, adyenKeyValueSigningString, adyenNotificationSigningString, adyenSignatureValid, type AdyenNotificationItem } from './adyen-hmac';

// The sample item of Adyen's documentation and of its own API libraries' tests.
const item: AdyenNotificationItem = {
  pspReference: '7914073381342284',
  merchantAccountCode: 'TestMerchant',
  merchantReference: 'TestPayment-1407325143704',
  amount: { value: 1130, currency: 'EUR' },
  eventCode: 'AUTHORISATION',
  success: 'true',
};

describe('Adyen HMAC', () => {
  it('joins the eight fields with ":" and leaves an absent originalReference empty', () => {
    expect(adyenNotificationSigningString(item)).toBe('7914073381342284::TestMerchant:TestPayment-1407325143704:1130:EUR:AUTHORISATION:true');
  });

  it.each([
    // Key and expected signature from Adyen's Ruby library tests.
    ['44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056', 'coqCmt/IZ4E3CzPvMY8zTjQVL5hYJUiBRg8UU+iCWo0='],
    // Key and expected signature from Adyen's PHP library tests.
    ['DFB1EB5485895CFA84146406857104ABB4CBCABDC8AAF103A624C8F6A3EAAB00', 'Ny9gS2veKo5E4w8/OL6xz1/wvT/hYkAXy1xNc/QvO4I='],
  ])('matches Adyen’s test vector under key %s', (key, expected) => {
    expect(adyenHmac(adyenNotificationSigningString(item), key)).toBe(expected);
    expect(adyenSignatureValid({ ...item, additionalData: { hmacSignature: expected } }, [key])).toBe(true);
  });

  it('accepts a signature under any configured key (rotation) and refuses it under none', () => {
    const oldKey = '44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056';
    const newKey = 'DFB1EB5485895CFA84146406857104ABB4CBCABDC8AAF103A624C8F6A3EAAB00';
    const signed = { ...item, additionalData: { hmacSignature: 'coqCmt/IZ4E3CzPvMY8zTjQVL5hYJUiBRg8UU+iCWo0=' } };
    expect(adyenSignatureValid(signed, [newKey, oldKey])).toBe(true);
    expect(adyenSignatureValid(signed, [newKey])).toBe(false);
  });

  it('refuses a tampered amount, a missing signature and a garbage one', () => {
    const key = '44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056';
    const sig = { hmacSignature: 'coqCmt/IZ4E3CzPvMY8zTjQVL5hYJUiBRg8UU+iCWo0=' };
    expect(adyenSignatureValid({ ...item, amount: { value: 1131, currency: 'EUR' }, additionalData: sig }, [key])).toBe(false);
    expect(adyenSignatureValid(item, [key])).toBe(false);
    expect(adyenSignatureValid({ ...item, additionalData: { hmacSignature: 'not-base64!' } }, [key])).toBe(false);
  });

  it('escapes "\\" and ":" in the key-value form so a colon in a value cannot shift fields', () => {
    expect(adyenKeyValueSigningString({ merchantAccount: 'Test:\\Merchant', amount: '1130' })).toBe('amount:merchantAccount:1130:Test\\:\\\\Merchant');
    // A third-party vector for the key-value form: {test: 'test'} under key F00B44.
    expect(adyenHmac(adyenKeyValueSigningString({ test: 'test' }), 'F00B44')).toBe('Qeft2NQVCBnIYWXOkNT9Lkcs6gV4To6M9wktDPEypX8=');
  });
});
