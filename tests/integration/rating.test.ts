import Redis from 'ioredis';
import type { JsMsg } from 'nats';
import { customer, priceBook, rental, SUBJECT, usageEvent } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';

interface RatedRow {
  rental_id: string;
  hour: string;
  price_book_version: number;
  gpu_ms: string;
  unit_price: string | null;
  exact_amount: string;
  operator_share: string;
  platform_fee: string;
  rating_seq: string;
}

interface Alert {
  type: string;
  customerId: string;
  period: string;
  threshold: number;
  spend: string;
  creditLimit: string;
  currency: string;
  at: string;
}

const at = (day: string, hh: number, mm: number) => `2026-${day}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00.000Z`;
const interval = (rentalId: string, day: string, from: [number, number], to: [number, number]) =>
  usageEvent({ subject: `rental/${rentalId}`, data: { rentalId, intervalStart: at(day, ...from), intervalEnd: at(day, ...to) } });

describe('rating: rated_usage kept current, re-rated on a new price version, live spend and credit alerts', () => {
  let h: Harness;
  let redis: Redis;
  // October 2026 must stay within the alert window whenever this runs.
  const knobs = { HOURGLASS_RATING_INTERVAL_MS: '200', HOURGLASS_RATING_RERATE_HOURS_PER_TICK: '1', HOURGLASS_RATING_ALERT_MONTHS_BACK: '1200' };

  const status = async () => (await h.api<{ accepted: number; lag: number }>('GET', '/v1/status')).body;
  const rated = (rentalId: string, table: 'rated_usage' | 'rated_usage_versions' = 'rated_usage') =>
    h.sql<RatedRow>(
      `SELECT rental_id, toString(hour) AS hour, price_book_version, gpu_ms, unit_price,
              toString(exact_amount) AS exact_amount, toString(operator_share) AS operator_share,
              toString(platform_fee) AS platform_fee, rating_seq
       FROM ${table} WHERE rental_id = '${rentalId}' ORDER BY hour, rating_seq, price_book_version`,
    );
  const view = (rows: RatedRow[]) => rows.map((r) => [r.hour.slice(11, 16), r.price_book_version, r.gpu_ms, r.unit_price, r.exact_amount, r.operator_share, r.platform_fee]);
  const alerts = async (): Promise<Alert[]> => {
    const consumer = await h.nc.jetstream().consumers.get('BILLING', { filterSubjects: 'billing.v1.alerts' });
    const batch = await consumer.fetch({ max_messages: 100, expires: 1_000 });
    const out: Alert[] = [];
    for await (const m of batch as AsyncIterable<JsMsg>) {
      out.push(m.json<Alert>());
      if (m.info.pending === 0) break;
    }
    return out;
  };

  beforeAll(async () => {
    // One cell re-rated per tick makes the re-rating below take several ticks, resuming at its cursor.
    h = await startHarness({ ...knobs, HOURGLASS_UNKNOWN_RENTAL_GRACE_MS: '15000' });
    redis = new Redis(h.redis.url, { keyPrefix: h.config.redis.keyPrefix, lazyConnect: true });
    await redis.connect();
    const loaded = await h.api('POST', '/v1/reference', [
      customer(),
      customer({ customerId: 'c-77', name: 'Tight Budget Ltd', creditLimit: '40' }),
      priceBook(),
      rental(),
      rental({ rentalId: 'r-777', customerId: 'c-77' }),
    ]);
    expect(loaded.status).toBe(200);
  });
  afterAll(async () => {
    redis?.disconnect();
    await h?.close();
  });

  it('rates each touched hour from the union of its usage, to the digit, and a late event re-rates its hour', async () => {
    await h.publish(SUBJECT, interval('r-123', '10-05', [12, 0], [12, 30]));
    await h.publish(SUBJECT, interval('r-123', '10-05', [12, 15], [12, 45])); // overlaps: 12:00–12:45 counts once
    await h.publish(SUBJECT, interval('r-123', '10-05', [12, 50], [13, 10])); // straddles the hour
    await h.waitFor(status, (s) => s.accepted === 3 && s.lag === 0);
    const first = await h.waitFor(() => rated('r-123'), (rows) => rows.length === 2);
    expect(view(first)).toEqual([
      // 8 GPUs × 55 min = 26,400,000 GPU-ms × 2.49 / 3.6e6 = 18.26; share × 0.85 = 15.521; fee 2.739
      ['12:00', 1, '26400000', '2.49', '18.26', '15.521', '2.739'],
      // 8 GPUs × 10 min = 4,800,000 GPU-ms × 2.49 / 3.6e6 = 3.32; share 2.822; fee 0.498
      ['13:00', 1, '4800000', '2.49', '3.32', '2.822', '0.498'],
    ]);
    expect(first[0]!.rating_seq).toBe(first[1]!.rating_seq);

    await h.publish(SUBJECT, interval('r-123', '10-05', [12, 45], [12, 50])); // fills hour 12
    const second = await h.waitFor(() => rated('r-123'), (rows) => rows[0]?.exact_amount === '19.92');
    // 8 GPUs × 1 h × 2.49 = 19.92; hour 13 untouched, still its first rating
    expect(view(second)).toEqual([
      ['12:00', 1, '28800000', '2.49', '19.92', '16.932', '2.988'],
      ['13:00', 1, '4800000', '2.49', '3.32', '2.822', '0.498'],
    ]);
    expect(Number(second[0]!.rating_seq)).toBeGreaterThan(Number(first[0]!.rating_seq));
    expect(second[1]!.rating_seq).toBe(first[1]!.rating_seq);
    // The first rating of hour 12 is still a fact, superseded rather than updated.
    expect((await rated('r-123', 'rated_usage_versions')).filter((r) => r.hour.slice(11, 13) === '12')).toHaveLength(2);
  });

  it('re-rates the hours at and after a new price version, leaving earlier ones and the superseded rows as facts', async () => {
    const before = await rated('r-123');
    const published = await h.api('POST', '/v1/price-books', priceBook({
      version: 2,
      effectiveFrom: '2026-10-05T12:30:00Z',
      rates: [{ gpuModel: 'H100-SXM-80GB', pricingClass: 'on_demand', unitPrice: '2.19' }],
    }));
    expect(published.status).toBe(200);
    const expected = [
      // 8 × 0.5 h × 2.49 = 9.96 (share 8.466, fee 1.494)
      ['12:00', 1, '14400000', '2.49', '9.96', '8.466', '1.494'],
      // 8 × 0.5 h × 2.19 = 8.76 (share 7.446, fee 1.314)
      ['12:00', 2, '14400000', '2.19', '8.76', '7.446', '1.314'],
      // 8 × 10 min × 2.19 = 2.92 (share 2.482, fee 0.438)
      ['13:00', 2, '4800000', '2.19', '2.92', '2.482', '0.438'],
    ];
    const after = await h.waitFor(() => rated('r-123'), (rows) => JSON.stringify(view(rows)) === JSON.stringify(expected));
    // One cell per tick: the two hours were re-rated by two ticks, each under its own rating_seq.
    expect(Number(after[2]!.rating_seq)).toBeGreaterThan(Number(after[0]!.rating_seq));
    expect(after[0]!.rating_seq).toBe(after[1]!.rating_seq);
    expect(Number(after[0]!.rating_seq)).toBeGreaterThan(Math.max(...before.map((r) => Number(r.rating_seq))));
    const versions = await rated('r-123', 'rated_usage_versions');
    expect(versions.filter((r) => r.hour.slice(11, 13) === '13').map((r) => [r.price_book_version, r.exact_amount])).toEqual([
      [1, '3.32'],
      [2, '2.92'],
    ]);
  });

  it('keeps the month spend live in Redis and serves it', async () => {
    // 9.96 + 8.76 + 2.92 = 21.64
    const spend = await h.waitFor(
      async () => (await h.api<{ spend: string; currency: string; source: string }>('GET', '/v1/customers/c-9/spend?period=2026-10')).body,
      (s) => s.spend === '21.64',
    );
    expect(spend).toMatchObject({ currency: 'USD', source: 'live', creditLimit: null });
    expect(await redis.hgetall('spend:c-9:2026-10')).toMatchObject({ amount: '21.64', currency: 'USD' });
    expect((await h.api('GET', '/v1/customers/c-nobody/spend')).status).toBe(404);
    expect((await h.api('GET', '/v1/customers/c-9/spend?period=2026-13')).status).toBe(400);
  });

  it('publishes the 80 % and the 100 % credit-limit alerts once each', async () => {
    // Every hour after 12:30 on Oct 5 is priced by v2: 8 GPUs × 1 h × 2.19 = 17.52; limit 40.
    await h.publish(SUBJECT, interval('r-777', '10-06', [0, 0], [1, 0])); // 17.52: below 32 (80 %)
    await h.waitFor(
      async () => (await h.api<{ spend: string }>('GET', '/v1/customers/c-77/spend?period=2026-10')).body.spend,
      (s) => s === '17.52',
    );
    expect(await alerts()).toEqual([]);

    await h.publish(SUBJECT, interval('r-777', '10-06', [1, 0], [2, 0])); // 35.04 ≥ 32
    const eighty = await h.waitFor(alerts, (a) => a.length >= 1);
    expect(eighty.map((a) => [a.customerId, a.period, a.threshold, a.spend, a.creditLimit, a.currency])).toEqual([['c-77', '2026-10', 80, '35.04', '40', 'USD']]);
    expect(eighty[0]).toMatchObject({ type: 'credit_limit.threshold_crossed' });
    expect(Date.parse(eighty[0]!.at)).not.toBeNaN();

    await h.publish(SUBJECT, interval('r-777', '10-06', [2, 0], [3, 0])); // 52.56 ≥ 40
    await h.waitFor(alerts, (a) => a.length >= 2);
    await h.publish(SUBJECT, interval('r-777', '10-06', [3, 0], [4, 0])); // 70.08: nothing new
    await h.publish(SUBJECT, interval('r-777', '10-06', [2, 30], [3, 30])); // a resend-like overlap: nothing new
    await h.waitFor(
      async () => (await h.api<{ spend: string }>('GET', '/v1/customers/c-77/spend?period=2026-10')).body.spend,
      (s) => s === '70.08',
    );
    const all = await alerts();
    expect(all.map((a) => [a.customerId, a.threshold, a.spend])).toEqual([
      ['c-77', 80, '35.04'],
      ['c-77', 100, '52.56'],
    ]);
  });

  it('rates usage that metering wrote after later usage (held back for its rental) once it is written', async () => {
    // r-555 is not known yet: metering puts its event back and writes the later one first.
    await h.publish(SUBJECT, interval('r-555', '10-07', [0, 0], [1, 0]));
    await h.publish(SUBJECT, interval('r-123', '10-07', [5, 0], [6, 0]));
    await h.waitFor(() => rated('r-123'), (rows) => rows.some((r) => r.hour.startsWith('2026-10-07')));
    // The run is recorded after the rows: wait for it, then see the held-back sequence awaited.
    const gaps = async () => JSON.parse((await h.sql<{ gaps: string }>('SELECT gaps FROM rating_runs ORDER BY rating_seq DESC LIMIT 1'))[0]!.gaps) as unknown[];
    await h.waitFor(gaps, (g) => g.length === 1);
    expect(await rated('r-555')).toEqual([]);

    await h.api('POST', '/v1/rentals', rental({ rentalId: 'r-555' }));
    const late = await h.waitFor(() => rated('r-555'), (rows) => rows.length === 1);
    // 8 GPUs × 1 h × 2.19 = 17.52
    expect(view(late)).toEqual([['00:00', 2, '28800000', '2.19', '17.52', '14.892', '2.628']]);
    await h.waitFor(gaps, (g) => g.length === 0);
  });
});
