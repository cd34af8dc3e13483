import { fixedClock, InMemoryOutbox } from '@hourglass/kernel';
import type { PartyRef } from '@hourglass/contracts';
import type { SanctionsEntry, SanctionsListVersion } from './domain/entries';
import type { Party, ReviewCase, ReviewDecisionRecord } from './domain/review';
import type { CaseFilter, LatestScreening, PartySource, SanctionsListStore, ScreeningRecord, ScreeningStore, StoredCase } from './ports';
import { SanctionsListsService } from './sanctions-lists.service';
import { ScreeningService } from './screening.service';

class MemoryLists implements SanctionsListStore {
  versions: SanctionsListVersion[] = [];
  readonly stored = new Map<string, SanctionsEntry[]>();
  async append(version: SanctionsListVersion, entries: readonly SanctionsEntry[]) {
    this.versions.push(version);
    this.stored.set(`${version.list}:${version.version}`, [...entries]);
  }
  async current() {
    const newest = new Map<string, SanctionsListVersion>();
    for (const v of this.versions) if ((newest.get(v.list)?.loadedAtMs ?? -1) <= v.loadedAtMs) newest.set(v.list, v);
    return [...newest.values()].sort((a, b) => a.list.localeCompare(b.list));
  }
  async history() {
    return [...this.versions].reverse();
  }
  async entries(list: string, version: string) {
    return this.stored.get(`${list}:${version}`) ?? [];
  }
}

class MemoryScreenings implements ScreeningStore {
  readonly screenings: ScreeningRecord[] = [];
  readonly caseMap = new Map<string, ReviewCase>();
  readonly decisions: ReviewDecisionRecord[] = [];
  async record(s: ScreeningRecord, opened: ReviewCase | null) {
    if (opened && !this.caseMap.has(opened.caseId)) this.caseMap.set(opened.caseId, opened);
    this.screenings.push(s);
  }
  async latestScreenings() {
    const out = new Map<string, LatestScreening>();
    for (const s of this.screenings) out.set(`${s.party.kind}:${s.party.id}`, { screeningId: s.screeningId, name: s.party.name, country: s.party.country });
    return out;
  }
  async latestScreening(party: PartyRef) {
    return (await this.latestScreenings()).get(`${party.kind}:${party.id}`) ?? null;
  }
  private stored(c: ReviewCase): StoredCase {
    return { ...c, decisions: this.decisions.filter((d) => d.caseId === c.caseId) };
  }
  async case(caseId: string) {
    const c = this.caseMap.get(caseId);
    return c ? this.stored(c) : null;
  }
  async cases(filter: CaseFilter) {
    return [...this.caseMap.values()].map((c) => this.stored(c)).filter((c) => filter.status !== 'pending' || c.decisions.length === 0);
  }
  async casesOf(party: PartyRef) {
    return [...this.caseMap.values()].filter((c) => c.party.kind === party.kind && c.party.id === party.id).map((c) => this.stored(c));
  }
  async appendDecision(d: ReviewDecisionRecord) {
    if (!this.decisions.some((x) => x.decisionId === d.decisionId)) this.decisions.push(d);
  }
}

class MemoryParties implements PartySource {
  constructor(
    readonly kind: 'customer' | 'operator',
    readonly parties: Party[],
  ) {}
  async all() {
    return this.parties;
  }
  async find(id: string) {
    return this.parties.find((p) => p.id === id) ?? null;
  }
}

const SDN = [
  '1,"OSTROVSKY, Viktor Pavlovich","individual","RUSSIA",-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-',
  '2,"KARAMANLI, Selim Yusuf","individual","SDGT",-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-',
].join('\n');

function setup() {
  const clock = fixedClock('2026-12-01T10:00:00Z');
  const lists = new SanctionsListsService(new MemoryLists(), clock);
  const store = new MemoryScreenings();
  const outbox = new InMemoryOutbox();
  const customers = new MemoryParties('customer', [
    { kind: 'customer', id: 'c-1', name: 'Viktor Pavlovich Ostrovsky', country: 'RU' },
    { kind: 'customer', id: 'c-2', name: 'Selim Karamanli', country: null },
    { kind: 'customer', id: 'c-3', name: 'Rhein GPU GmbH', country: 'DE' },
  ]);
  const sut = new ScreeningService(lists, store, outbox, clock, [customers]);
  return { clock, lists, store, outbox, customers, sut };
}

describe('ScreeningService', () => {
  it('screens nobody before a list is loaded, then everyone once, then only who changed', async () => {
    const { lists, store, customers, sut } = setup();
    expect(await sut.sweep()).toEqual({ parties: 0, screened: 0, blocked: 0, review: 0 });
    await lists.load({ ofac: { sdn: SDN }, source: 'test' });
    expect(await sut.sweep()).toEqual({ parties: 3, screened: 3, blocked: 1, review: 1 });
    expect(await sut.sweep()).toMatchObject({ screened: 0 });
    customers.parties[2] = { ...customers.parties[2]!, name: 'Selim Yusuf Karamanli' };
    expect(await sut.sweep()).toMatchObject({ screened: 1, blocked: 1 });
    expect(store.screenings.at(-1)).toMatchObject({ trigger: 'changed', party: { id: 'c-3' } });
  });

  it('rescreens everyone when a list changes, keeping the cases that match the same entries', async () => {
    const { lists, store, sut } = setup();
    await lists.load({ ofac: { sdn: SDN }, source: 'v1' });
    await sut.sweep();
    const casesBefore = store.caseMap.size;
    await lists.load({ ofac: { sdn: `${SDN}\n3,"ELSEWHERE, Someone","individual","SDGT",-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-` }, source: 'v2' });
    expect(await sut.sweep()).toMatchObject({ screened: 3 });
    expect(store.screenings.slice(-3).map((s) => s.trigger)).toEqual(['refresh', 'refresh', 'refresh']);
    expect(store.caseMap.size).toBe(casesBefore);
  });

  it('blocks at the gate until a reviewer clears, and announces suspend and reinstate once each', async () => {
    const { lists, outbox, sut } = setup();
    await lists.load({ ofac: { sdn: SDN }, source: 'test' });
    // The gate screens a party it has not seen under these lists, without waiting for the sweep.
    expect(await sut.isBlocked({ kind: 'customer', id: 'c-1' })).toBe(true);
    expect(await sut.isBlocked({ kind: 'customer', id: 'c-2' })).toBe(false);
    expect(await sut.isBlocked({ kind: 'operator', id: 'op-1' })).toBe(false);
    const theCase = (await sut.reviews({ status: 'pending' })).find((c) => c.party.id === 'c-1')!;
    expect(theCase).toMatchObject({ autoDecision: 'block', standing: 'blocked' });
    await sut.sweep();
    expect(outbox.rows.map((m) => JSON.parse(m.payload).action)).toEqual(['suspend']);

    const decide = () => sut.decide({ caseId: theCase.caseId, decision: 'clear', reason: 'another person', actor: 'reviewer-1', idempotencyKey: 'k1' });
    expect(await decide()).toMatchObject({ standing: 'cleared', decisions: [{ decision: 'clear', actor: 'reviewer-1', reason: 'another person' }] });
    expect((await decide()).decisions).toHaveLength(1);
    expect(await sut.isBlocked({ kind: 'customer', id: 'c-1' })).toBe(false);
    expect(outbox.rows.map((m) => JSON.parse(m.payload).action)).toEqual(['suspend', 'reinstate']);
    await expect(sut.decide({ caseId: theCase.caseId, decision: 'maybe', reason: 'x', actor: 'a', idempotencyKey: null })).rejects.toMatchObject({ reason: 'invalid_screening_request' });
    await expect(sut.decide({ caseId: 'case_none', decision: 'clear', reason: 'x', actor: 'a', idempotencyKey: null })).rejects.toMatchObject({ reason: 'screening_case_not_found' });
  });

  it('refuses a name that is empty or too long and a country that is not a code', () => {
    const { sut } = setup();
    expect(() => sut.screenName('')).toThrow(/name is required/);
    expect(() => sut.screenName('x'.repeat(301))).toThrow(/longer/);
    expect(() => sut.screenName('Anna', 'Germany')).toThrow(/ISO 3166/);
    expect(sut.screenName('Anna', 'de')).toEqual({ decision: 'clear', matches: [] });
  });
});
