import { currentKycState, type KycFact } from './kyc';
import { scheduledRunKey } from '../batches/schedule';

const fact = (state: KycFact['state'], atMs: number, factId = `f${atMs}`): KycFact => ({ factId, kind: 'operator', partyId: 'op-1', state, actor: 'ops', reason: 'r', atMs });

describe('currentKycState', () => {
  it('is unverified without facts, and the latest fact by time whatever the order they arrive in', () => {
    expect(currentKycState([])).toBe('unverified');
    expect(currentKycState([fact('verified', 20), fact('pending', 10)])).toBe('verified');
    expect(currentKycState([fact('expired', 30), fact('verified', 20), fact('pending', 10)])).toBe('expired');
    expect(currentKycState([fact('rejected', 10, 'b'), fact('verified', 10, 'a')])).toBe('rejected');
  });
});

describe('scheduledRunKey', () => {
  const H = 3_600_000;
  it('monthly: last month, once the delay into the new one has passed', () => {
    expect(scheduledRunKey('monthly', Date.parse('2026-11-01T07:00:00Z'), 6 * H)).toBe('2026-10');
    expect(scheduledRunKey('monthly', Date.parse('2026-11-01T05:00:00Z'), 6 * H)).toBe('2026-09');
  });
  it('weekly: the Monday of the week (UTC)', () => {
    expect(scheduledRunKey('weekly', Date.parse('2026-11-05T12:00:00Z'), 0)).toBe('2026-11-02'); // a Thursday
    expect(scheduledRunKey('weekly', Date.parse('2026-11-02T00:00:00Z'), 0)).toBe('2026-11-02');
  });
});
