import { parseOperatorDocument } from './operator';

const doc = (over: Record<string, unknown> = {}) => ({ operatorId: 'op-42', name: 'Frankfurt GPU GmbH', country: 'DE', iban: 'DE89 3704 0044 0532 0130 00', bic: 'COBADEFFXXX', payoutCurrency: 'EUR', updatedAt: '2026-10-01T00:00:00Z', ...over });

describe('parseOperatorDocument', () => {
  it('accepts a valid operator and keeps the IBAN in electronic form', () => {
    const r = parseOperatorDocument(doc());
    expect(r.ok && [r.value.iban, r.value.bic, r.value.updatedAtMs]).toEqual(['DE89370400440532013000', 'COBADEFFXXX', Date.parse('2026-10-01T00:00:00Z')]);
  });

  it.each([
    [{ iban: 'DE89370400440532013001' }, 'iban: fails the ISO 7064 mod-97 checksum'],
    [{ iban: 'DE8937040044053201300' }, 'iban: has the wrong length for its country'],
    [{ iban: 'XX89370400440532013000' }, 'iban: does not start with a known IBAN country'],
    [{ bic: 'COBA1EFF' }, 'bic: must be an ISO 9362 BIC'],
    [{ country: 'QQ' }, 'country: QQ is not an ISO 3166-1 country code'],
    [{ payoutCurrency: 'EUX' }, 'payoutCurrency: EUX is not an ISO 4217 currency'],
  ])('refuses %j with a reason', (over, reason) => {
    const r = parseOperatorDocument(doc(over));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.join('; ')).toContain(reason);
  });

  it('names every missing field at once', () => {
    const r = parseOperatorDocument({ operatorId: 'op-1' });
    expect(!r.ok && r.errors.length).toBeGreaterThanOrEqual(5);
  });
});
