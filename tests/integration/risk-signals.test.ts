import { insertRows } from '@hourglass/clickhouse';
import { riskFrom } from '@hourglass/config';
import { fixedClock, InMemoryOutbox } from '@hourglass/kernel';
import { ClickHouseFraudSignals, FRAUD_RULE_NAMES, FraudSignalsService, signalWindow, type FraudRule } from '@hourglass/risk';
import { freshDatabase, type TestDatabase } from '../support/chdb-database';

const HOUR = 3_600_000;
const TO = Date.parse('2026-11-27T00:00:00Z');
const FROM = TO - 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

let seq = 0;
function event(o: { rental: string; customer?: string; operator: string; node: string; gpus?: number; startMs: number; endMs: number; util?: number | null; outcome?: string; reason?: string }) {
  seq++;
  return {
    stream_seq: seq,
    outcome: o.outcome ?? 'accepted',
    reason: o.reason ?? '',
    detail: '',
    source: `agent://${o.operator}/dc-1/${o.node}`,
    id: `e-${seq}`,
    first_seq: 0,
    rental_id: o.rental,
    customer_id: o.customer ?? 'c-1',
    operator_id: o.operator,
    datacenter_id: 'dc-1',
    node_id: o.node,
    gpu_model: 'H100-SXM-80GB',
    gpu_count: o.gpus ?? 8,
    interval_start: iso(o.startMs),
    interval_end: iso(o.endMs),
    gpu_utilization_pct: o.util === undefined ? 80 : o.util,
    subject: 'usage.v1.x.dc-1',
    raw: '',
    received_at: iso(Math.min(o.endMs + 60_000, TO - 1)),
  };
}

function rental(id: string, customer: string, operator: string, node: string, startedMs: number, gpus = 8) {
  return {
    rental_id: id,
    customer_id: customer,
    operator_id: operator,
    datacenter_id: 'dc-1',
    node_id: node,
    gpu_model: 'H100-SXM-80GB',
    gpu_count: gpus,
    pricing_class: 'on_demand',
    price_book_id: 'pb-1',
    started_at: iso(startedMs),
    ended_at: null,
    updated_at: iso(startedMs),
    document: '{}',
    received_at: iso(startedMs),
  };
}

function hourly(o: Omit<Parameters<typeof event>[0], 'startMs' | 'endMs'>, fromMs: number, hours: number, util: (h: number) => number | null = () => 80) {
  return Array.from({ length: hours }, (_, h) => event({ ...o, startMs: fromMs + h * HOUR, endMs: fromMs + (h + 1) * HOUR, util: util(h) }));
}

/**
 * The usage-fraud rules as SQL against chDB: each scenario makes one subject fire and one look-alike
 * stay quiet, with the defaults documented in libs/risk/README.md.
 */
describe('usage-fraud signals (SQL over ClickHouse)', () => {
  let t: TestDatabase;
  let fired: Record<FraudRule, Array<{ subjectId: string; value: number }>>;
  const thresholds = (() => {
    const { intervalMs: _i, windowMs: _w, ...rest } = riskFrom({}).signals;
    return rest;
  })();

  beforeAll(async () => {
    t = await freshDatabase('risk_signals');
    const rentals = [
      // node_overcommit: two 8-GPU rentals on one node, both reporting the whole day.
      rental('r-1', 'c-1', 'op-a', 'n-1', FROM - 48 * HOUR),
      rental('r-2', 'c-1', 'op-a', 'n-1', FROM - 48 * HOUR),
      rental('r-3', 'c-1', 'op-a', 'n-2', FROM - 48 * HOUR),
      // overlapping_resends
      rental('r-4', 'c-1', 'op-b', 'n-4', FROM - 48 * HOUR, 1),
      // zero_utilization
      rental('r-5', 'c-2', 'op-d', 'n-5', FROM - 48 * HOUR),
      rental('r-6', 'c-2', 'op-d', 'n-6', FROM - 48 * HOUR),
      // outside_rental_window, partly: the rental ended at FROM + 10 h, its agent kept reporting.
      { ...rental('r-7', 'c-2', 'op-f', 'n-7', FROM - 48 * HOUR), ended_at: iso(FROM + 10 * HOUR) },
      // rental_velocity: c-fast starts 12 rentals in the window after none; c-steady 12 as usual.
      ...Array.from({ length: 12 }, (_, i) => rental(`r-fast-${i}`, 'c-fast', 'op-e', `n-f${i}`, FROM + i * HOUR)),
      ...Array.from({ length: 12 * 8 }, (_, i) => rental(`r-steady-${i}`, 'c-steady', 'op-e', `n-s${i}`, FROM - 7 * 24 * HOUR + i * 2 * HOUR)),
    ];
    await insertRows(t.client, `${t.db}.rental_versions`, rentals);
    const events = [
      ...hourly({ rental: 'r-1', operator: 'op-a', node: 'n-1' }, FROM, 24),
      ...hourly({ rental: 'r-2', operator: 'op-a', node: 'n-1' }, FROM, 24),
      ...hourly({ rental: 'r-3', operator: 'op-a', node: 'n-2' }, FROM, 24),
      // Every 10 minutes an hour-long report: each overlaps the one before.
      ...Array.from({ length: 60 }, (_, i) => event({ rental: 'r-4', operator: 'op-b', node: 'n-4', gpus: 1, startMs: FROM + i * 600_000, endMs: FROM + i * 600_000 + HOUR })),
      // 12 events wholly outside their rental's window, rejected.
      ...Array.from({ length: 12 }, (_, i) => event({ rental: 'r-x', operator: 'op-c', node: 'n-x', startMs: FROM + i * HOUR, endMs: FROM + (i + 1) * HOUR, outcome: 'rejected', reason: 'outside_rental_window' })),
      // Ten reports that each run 30 minutes past the end of the rental (in 1-hour steps after it).
      ...Array.from({ length: 10 }, (_, i) => event({ rental: 'r-7', operator: 'op-f', node: 'n-7', startMs: FROM + (9 + i) * HOUR + 30 * 60_000, endMs: FROM + (10 + i) * HOUR + 30 * 60_000 })),
      // 8 h at 0 % in one stretch; 3 h, busy, 3 h.
      ...hourly({ rental: 'r-5', customer: 'c-2', operator: 'op-d', node: 'n-5' }, FROM, 8, () => 0),
      ...hourly({ rental: 'r-6', customer: 'c-2', operator: 'op-d', node: 'n-6' }, FROM, 7, (h) => (h === 3 ? 40 : 0)),
    ];
    await insertRows(t.client, `${t.db}.usage_outcomes`, events);
    const rated = (customer: string, hourMs: number, amount: string) => ({
      rental_id: `r-${customer}`,
      customer_id: customer,
      operator_id: 'op-e',
      hour: iso(hourMs),
      price_book_id: 'pb-1',
      price_book_version: 1,
      currency: 'EUR',
      gpu_ms: 3_600_000,
      unit_price: '1',
      exact_amount: amount,
      operator_share: '0',
      platform_fee: '0',
      rating_seq: 1,
      rated_at: iso(hourMs),
    });
    await insertRows(t.client, `${t.db}.rated_usage_versions`, [
      // c-fast: 100 a day for a week, then 2000 in the window (×20); c-steady: 2000 a day throughout.
      ...Array.from({ length: 7 }, (_, d) => rated('c-fast', FROM - (d + 1) * 24 * HOUR, '100')),
      rated('c-fast', FROM + HOUR, '2000'),
      ...Array.from({ length: 7 }, (_, d) => rated('c-steady', FROM - (d + 1) * 24 * HOUR, '2000')),
      rated('c-steady', FROM + HOUR, '2000'),
    ]);
    const store = new ClickHouseFraudSignals(t.client, t.name);
    fired = {} as typeof fired;
    for (const rule of FRAUD_RULE_NAMES) fired[rule] = (await store.evaluate(rule, { fromMs: FROM, toMs: TO }, thresholds)).map((f) => ({ subjectId: f.subjectId, value: f.value }));
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('node_overcommit: a node whose rentals cover twice its GPU-time fires; a node rented once does not', () => {
    // (8 + 8 GPUs) × 24 h covered against 8 GPUs × 24 h of wall-clock = 2.
    expect(fired.node_overcommit).toEqual([{ subjectId: 'op-a/n-1', value: 2 }]);
  });

  it('overlapping_resends: an operator whose every report overlaps the last fires', () => {
    // 59 of 60 reports start before the previous one ended.
    expect(fired.overlapping_resends.map((f) => f.subjectId)).toEqual(['op-b']);
    expect(fired.overlapping_resends[0]!.value).toBeCloseTo(59 / 60, 6);
  });

  it('outside_rental_window: twelve rejected reports, or ten partly after the rental ended, fire at the minimum of ten', () => {
    expect(fired.outside_rental_window).toEqual([
      { subjectId: 'op-c', value: 12 },
      { subjectId: 'op-f', value: 10 },
    ]);
  });

  it('zero_utilization: eight idle hours in a row fire; two stretches of three do not', () => {
    expect(fired.zero_utilization).toEqual([{ subjectId: 'r-5', value: 8 * HOUR }]);
  });

  it('rental_velocity and spend_jump: the customer whose rentals and spend jump fires, the steady one does not', () => {
    expect(fired.rental_velocity.map((f) => f.subjectId)).toEqual(['c-fast']);
    // 2000 against a mean of 100 a window.
    expect(fired.spend_jump).toEqual([{ subjectId: 'c-fast/EUR', value: 20 }]);
  });

  it('records each signal once per window, with an event on risk.v1.signals, however often the window is evaluated', async () => {
    const outbox = new InMemoryOutbox();
    const counted: Record<string, number> = {};
    const service = new FraudSignalsService(new ClickHouseFraudSignals(t.client, t.name), outbox, fixedClock(TO + 20 * 60_000), thresholds, 24 * HOUR, {
      fired: (rule, n) => (counted[rule] = (counted[rule] ?? 0) + n),
    });
    expect(signalWindow(TO + 20 * 60_000, 24 * HOUR)).toEqual({ fromMs: FROM, toMs: TO });
    await service.tick();
    expect(await service.tick()).toBeNull();
    await service.evaluate({ fromMs: FROM, toMs: TO });
    const stored = await service.list({});
    expect(stored.map((s) => s.rule).sort()).toEqual(['node_overcommit', 'outside_rental_window', 'outside_rental_window', 'overlapping_resends', 'rental_velocity', 'spend_jump', 'zero_utilization']);
    expect(new Set(outbox.rows.map((m) => m.id)).size).toBe(7);
    expect(outbox.rows.every((m) => m.subject === 'risk.v1.signals')).toBe(true);
    expect(JSON.parse(outbox.rows[0]!.payload)).toMatchObject({ windowEnd: '2026-11-27T00:00:00.000Z' });
    expect(counted.node_overcommit).toBe(2);
  });
});
