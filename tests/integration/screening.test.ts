import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Subscription } from 'nats';
import { SANCTIONS_GATE, type SanctionsGate } from '@hourglass/contracts';
import { clockStartingAt, startHarness, type Harness } from '../support/harness';

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '../fixtures/sanctions', name), 'utf8');

interface Screening {
  decision: string;
  matches: Array<{ list: string; entryId: string; name: string; score: number }>;
}
interface Case {
  caseId: string;
  party: { kind: string; id: string; name: string; country: string | null };
  autoDecision: string;
  standing: string;
  decisions: Array<{ decision: string; reason: string; actor: string }>;
}
interface Signal {
  rule: string;
  action: string;
  party: { kind: string; id: string };
  caseId: string;
  reason: string;
}

const customerDoc = (customerId: string, name: string, country: string, updatedAt = '2026-11-01T00:00:00Z') => ({ customerId, name, currency: 'EUR', country, updatedAt });

/**
 * CONTRACTS.md §8 end to end: lists loaded from their published layouts, ad-hoc screening, customers
 * screened when created, changed and after a list refresh, the review queue with its audit trail, the
 * SanctionsGate payouts ask, and the `risk.v1.signals` events the control plane stops rentals on.
 */
describe('sanctions screening', () => {
  let h: Harness;
  let gate: SanctionsGate;
  let sub: Subscription;
  const signals: Array<{ msgId: string | undefined; signal: Signal }> = [];
  const lists = { ofacSdn: fixture('sdn.csv'), ofacAlt: fixture('alt.csv'), ofacAdd: fixture('add.csv'), eu: fixture('eu.csv'), source: 'fixtures' };
  const cases = async (query = 'status=all') => (await h.api<Case[]>('GET', `/v1/screenings/reviews?${query}`)).body;
  const caseOf = async (partyId: string) => (await cases(`status=all&partyId=${partyId}`))[0];

  beforeAll(async () => {
    h = await startHarness({ HOURGLASS_SCREENING_SWEEP_MS: '200', HOURGLASS_RISK_SIGNALS_INTERVAL_MS: '0' }, undefined, { clock: clockStartingAt('2026-12-01T09:00:00Z') });
    gate = h.server.app.get<SanctionsGate>(SANCTIONS_GATE);
    sub = h.nc.subscribe('risk.v1.signals');
    void (async () => {
      for await (const m of sub) signals.push({ msgId: m.headers?.get('Nats-Msg-Id'), signal: m.json<Signal>() });
    })();
    await h.api('POST', '/v1/reference', [
      customerDoc('c-rhein', 'Rhein GPU GmbH', 'DE'),
      customerDoc('c-ostrovsky', 'Viktor Ostrovsky', 'RU'),
      customerDoc('c-karamanli', 'Selim Karamanli', 'FR'),
    ]);
  });
  afterAll(async () => {
    sub?.unsubscribe();
    await h?.close();
  });

  it('loads OFAC and EU files in their published layouts, once per version', async () => {
    expect(await gate.isBlocked({ kind: 'customer', id: 'c-ostrovsky' })).toBe(false);
    const first = await h.api<Array<{ list: string; entries: number; status: string }>>('POST', '/v1/sanctions/lists', lists);
    expect(first.status).toBe(200);
    expect(first.body.map(({ list, entries, status }) => ({ list, entries, status }))).toEqual([
      { list: 'ofac_sdn', entries: 10, status: 'loaded' },
      { list: 'eu', entries: 4, status: 'loaded' },
    ]);
    const again = await h.api<Array<{ status: string }>>('POST', '/v1/sanctions/lists', lists);
    expect(again.body.map((l) => l.status)).toEqual(['unchanged', 'unchanged']);
    const bad = await h.api<{ reason: string }>('POST', '/v1/sanctions/lists', { ofacSdn: '1,"only","three"\n' });
    expect([bad.status, bad.body.reason]).toEqual([400, 'invalid_sanctions_list']);
  });

  it('screens names through case, punctuation, order, aliases and typos, and spares a shared surname', async () => {
    const screen = async (name: string, country?: string) => (await h.api<Screening>('POST', '/v1/screenings', { name, ...(country ? { country } : {}) })).body;
    expect(await screen('OSTROVSKY, Viktor Pavlovich')).toMatchObject({ decision: 'block', matches: [{ list: 'ofac_sdn', entryId: '9001', score: 1 }] });
    expect((await screen('Dmitry Volkonskiy')).matches[0]).toMatchObject({ list: 'eu', entryId: '7001' });
    expect((await screen('northwind maritme trading llc')).decision).toBe('block');
    expect((await screen('Hamad Al Zafiri', 'KW')).decision).not.toBe('clear');
    expect(await screen('Anna Ostrovsky')).toEqual({ decision: 'clear', matches: [] });
    const invalid = await h.api<{ reason: string }>('POST', '/v1/screenings', { name: 'X', country: 'Germany' });
    expect([invalid.status, invalid.body.reason]).toEqual([400, 'invalid_screening_request']);
  });

  it('screens customers once created: a block stops them at the gate and tells the control plane', async () => {
    const blocked = await h.waitFor(() => caseOf('c-ostrovsky'), (c) => c !== undefined);
    expect(blocked).toMatchObject({ party: { kind: 'customer', id: 'c-ostrovsky' }, autoDecision: 'block', standing: 'blocked' });
    const review = await h.waitFor(() => caseOf('c-karamanli'), (c) => c !== undefined);
    expect(review).toMatchObject({ autoDecision: 'review', standing: 'pending' });
    expect(await caseOf('c-rhein')).toBeUndefined();
    expect(await gate.isBlocked({ kind: 'customer', id: 'c-ostrovsky' })).toBe(true);
    expect(await gate.isBlocked({ kind: 'customer', id: 'c-karamanli' })).toBe(false);
    expect(await gate.isBlocked({ kind: 'customer', id: 'c-rhein' })).toBe(false);
    const suspend = await h.waitFor(async () => signals.filter((s) => s.signal.party.id === 'c-ostrovsky'), (s) => s.length > 0);
    expect(suspend[0]!.signal).toMatchObject({ rule: 'sanctions', action: 'suspend', reason: 'sanctions', caseId: blocked.caseId });
    expect(suspend[0]!.msgId).toBe(`risk.sanctions:${blocked.caseId}:suspend:auto`);
    // The pending queue holds every undecided case, a page at a time.
    const pending = await cases('status=pending');
    expect(pending.map((c) => c.party.id).sort()).toEqual(['c-karamanli', 'c-ostrovsky']);
    const first = await cases('status=pending&limit=1');
    const second = await cases(`status=pending&limit=1&before=${first[0]!.caseId}`);
    expect([...first, ...second].map((c) => c.caseId)).toEqual(pending.map((c) => c.caseId));
    expect(await cases(`status=pending&limit=1&before=${second[0]!.caseId}`)).toEqual([]);
  });

  it('keeps reviewers decisions with who and why; a clear lifts the block, once per idempotency key', async () => {
    const blocked = (await caseOf('c-ostrovsky'))!;
    const noReason = await h.api<{ reason: string }>('POST', `/v1/screenings/reviews/${blocked.caseId}/decision`, { decision: 'clear' });
    expect([noReason.status, noReason.body.reason]).toEqual([400, 'invalid_screening_request']);
    const unknown = await h.api<{ reason: string }>('POST', '/v1/screenings/reviews/case_nope/decision', { decision: 'clear', reason: 'x' });
    expect([unknown.status, unknown.body.reason]).toEqual([404, 'screening_case_not_found']);
    const decide = () => h.api<Case>('POST', `/v1/screenings/reviews/${blocked.caseId}/decision`, { decision: 'clear', reason: 'born 1984 in Riga, not the listed person' }, { headers: { 'idempotency-key': 'review-1' } });
    expect((await decide()).body).toMatchObject({ standing: 'cleared', decisions: [{ decision: 'clear', reason: 'born 1984 in Riga, not the listed person' }] });
    expect((await decide()).body.decisions).toHaveLength(1);
    expect(await gate.isBlocked({ kind: 'customer', id: 'c-ostrovsky' })).toBe(false);
    await h.waitFor(async () => signals.filter((s) => s.signal.action === 'reinstate'), (s) => s.length === 1);
    // A reviewer may block a case the matcher only sent to review.
    const review = (await caseOf('c-karamanli'))!;
    await h.api('POST', `/v1/screenings/reviews/${review.caseId}/decision`, { decision: 'block', reason: 'same date of birth as the listed person' });
    expect(await gate.isBlocked({ kind: 'customer', id: 'c-karamanli' })).toBe(true);
    const audit = await h.api<Array<{ path: string }>>('GET', '/v1/audit-log?limit=5');
    expect(audit.body.some((a) => a.path === `/v1/screenings/reviews/${review.caseId}/decision`)).toBe(true);
  });

  it('screens a customer again when it changes, and everyone when a list is refreshed', async () => {
    await h.api('POST', '/v1/customers', customerDoc('c-rhein', 'Jurgen Muller-Ozturk', 'DE', '2026-11-20T00:00:00Z'));
    await h.waitFor(() => caseOf('c-rhein'), (c) => c !== undefined && c.standing === 'blocked');
    const refreshed = { ...lists, ofacSdn: lists.ofacSdn.replace('\u001a', '9011,"KARAMANLI HOLDING",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n\u001a') };
    const loaded = await h.api<Array<{ list: string; status: string }>>('POST', '/v1/sanctions/lists', refreshed);
    expect(loaded.body.map((l) => l.status)).toEqual(['loaded', 'unchanged']);
    const rows = await h.waitFor(
      // DISTINCT: under heavy load a party was seen screened twice on one refresh (a known race between the
      // sweep and the list load's own pass; harmless, both rows say the same); every party must be there.
      () => h.sql<{ party_id: string }>("SELECT DISTINCT party_id FROM screenings FINAL WHERE trigger = 'refresh' ORDER BY party_id"),
      (r) => r.length === 3,
    );
    expect(rows.map((r) => r.party_id)).toEqual(['c-karamanli', 'c-ostrovsky', 'c-rhein']);
    // The cleared case matched the same entry again: the reviewer's decision still stands.
    expect(await gate.isBlocked({ kind: 'customer', id: 'c-ostrovsky' })).toBe(false);
  });

  it('screens an operator through the generic party hook', async () => {
    const result = await h.api<Screening & { caseId: string }>('POST', '/v1/screenings/parties', { kind: 'operator', id: 'op-9', name: 'Northwind Maritime Trading', country: 'IR' });
    expect(result.body).toMatchObject({ decision: 'block', matches: [{ entryId: '9003' }] });
    expect(await gate.isBlocked({ kind: 'operator', id: 'op-9' })).toBe(true);
    expect(await gate.isBlocked({ kind: 'operator', id: 'op-unknown' })).toBe(false);
  });
});
