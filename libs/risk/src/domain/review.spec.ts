import { caseId, caseStanding, screeningId, type ReviewDecisionRecord } from './review';

const party = { kind: 'customer' as const, id: 'c-9', name: 'Viktor Ostrovsky', country: 'RU' };
const decided = (decision: 'clear' | 'block', atMs: number): ReviewDecisionRecord => ({ decisionId: `d${atMs}`, caseId: 'x', decision, reason: 'r', actor: 'a', decidedAtMs: atMs });

describe('review cases', () => {
  it.each([
    ['block', [], 'blocked'],
    ['review', [], 'pending'],
    ['block', [decided('clear', 1)], 'cleared'],
    ['review', [decided('block', 1)], 'blocked'],
    ['block', [decided('clear', 1), decided('block', 2)], 'blocked'],
    ['review', [decided('block', 2), decided('clear', 1)], 'blocked'],
  ] as const)('a %s case with decisions %j stands %s', (auto, decisions, standing) => {
    expect(caseStanding(auto, decisions)).toBe(standing);
  });

  it('names a case by party, name and matched entries, not by scores or their order', () => {
    const a = caseId(party, [{ list: 'ofac_sdn', entryId: '1', name: 'x', score: 0.97 }, { list: 'eu', entryId: '7', name: 'y', score: 0.9 }]);
    const b = caseId({ ...party, name: 'viktor  OSTROVSKY' }, [{ list: 'eu', entryId: '7', name: 'y', score: 0.88 }, { list: 'ofac_sdn', entryId: '1', name: 'x', score: 0.99 }]);
    expect(a).toBe(b);
    expect(caseId(party, [{ list: 'ofac_sdn', entryId: '2', name: 'x', score: 0.97 }])).not.toBe(a);
  });

  it('names a screening by party, name, country and lists', () => {
    expect(screeningId(party, 'ofac_sdn:a')).toBe(screeningId(party, 'ofac_sdn:a'));
    expect(screeningId(party, 'ofac_sdn:b')).not.toBe(screeningId(party, 'ofac_sdn:a'));
    expect(screeningId({ ...party, country: 'DE' }, 'ofac_sdn:a')).not.toBe(screeningId(party, 'ofac_sdn:a'));
  });
});
