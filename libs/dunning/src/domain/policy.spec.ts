import { DEFAULT_POLICY, DunningPolicies, eligibleDays, validatePolicy } from './policy';

describe('dunning policies', () => {
  it.each([
    [{ segment: 'smb', retries: 8, windowDays: 14, graceDays: 7 }, []],
    [{ segment: 'smb', retries: 12, windowDays: 14, graceDays: 7 }, []],
    [{ segment: 'smb', retries: 13, windowDays: 14, graceDays: 7 }, ["smb: 13 retries do not fit in 14 days at one a day away from the failure's weekday (at most 12)"]],
    [{ segment: 'smb', retries: 0, windowDays: 0, graceDays: -1 }, ['smb: retries 0 is not a whole number from 1 to 40', 'smb: windowDays 0 is not a whole number from 1 to 60', 'smb: graceDays -1 is not a whole number from 0 to 90']],
    [{ segment: 'Big Co', retries: 1.5, windowDays: 14, graceDays: 7 }, ['segment "Big Co": lower-case letters, digits, _ or -', 'Big Co: retries 1.5 is not a whole number from 1 to 40']],
  ])('validates %j', (policy, errors) => {
    expect(validatePolicy(policy)).toEqual(errors);
  });

  it('skips every seventh day: the failure weekday', () => {
    expect(eligibleDays(15)).toEqual([1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 15]);
  });

  it('puts a customer in its configured segment, any other in default', () => {
    const sut = new DunningPolicies([{ segment: 'enterprise', retries: 4, windowDays: 21, graceDays: 14 }], { 'c-big': 'enterprise' });
    expect(sut.forCustomer('c-big').segment).toBe('enterprise');
    expect(sut.forCustomer('c-small')).toEqual(DEFAULT_POLICY);
  });

  it('refuses a customer in a segment without a policy, and an invalid policy, at construction', () => {
    expect(() => new DunningPolicies([], { 'c-1': 'gold' })).toThrow('customer c-1 is in segment gold, which has no policy');
    expect(() => new DunningPolicies([{ segment: 'x', retries: 20, windowDays: 7, graceDays: 1 }])).toThrow('20 retries do not fit');
  });
});
