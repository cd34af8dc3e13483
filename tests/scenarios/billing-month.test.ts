import Big from 'big.js';
import { clockStartingAt, startHarness, type Harness } from '../support/harness';

/**
 * Two whole billing months, August and September 2026, driven only through the public interfaces:
 * reference data over HTTP, usage as agents publish it on `usage.v1.<op>.<dc>`, credit grants,
 * billing runs, invoices and payout statements. Four customers in four currencies (USD, EUR, JPY with
 * no minor unit, BHD with three). Every amount is asserted to the minor unit with its arithmetic
 * beside it; "→" marks the one rounding, half away from zero (CONTRACTS §3).
 *
 * Price books (per GPU-hour):
 *   pb-usd  v1 from 2026-01-01  H100 on_demand 2.49, H100 reserved 1.99, RTX-4090 spot 0.85, fee 0.15
 *           v2 from 2026-08-16  H100 on_demand 2.19, H100 reserved 1.89, RTX-4090 spot 0.85, fee 0.15
 *   pb-eur  v1                  H100 on_demand 2.45   fee 0.20
 *   pb-jpy  v1                  H100 on_demand 375    fee 0.10
 *   pb-bhd  v1                  H100 on_demand 0.925  fee 0.125
 */

interface Line {
  kind: string;
  rentalId: string | null;
  operatorId: string | null;
  priceBookVersion: number | null;
  servicePeriod: string;
  gpuMs: string;
  quantityGpuHours: string;
  unitPrice: string | null;
  amount: string;
  operatorShare: string;
  platformFee: string;
}

interface Invoice {
  invoiceId: string;
  number: string;
  customerId: string;
  currency: string;
  periodStart: string;
  periodEnd: string;
  status: string;
  subtotal: string;
  creditsApplied: string;
  total: string;
  lines: Line[];
}

interface PayoutStatement {
  operatorId: string;
  currency: string;
  periodStart: string;
  periodEnd: string;
  gross: string;
  platformFee: string;
  net: string;
  lines: Array<{ invoiceId: string; lineId: string; kind: string; rentalId: string; servicePeriod: string; amount: string; operatorShare: string; platformFee: string }>;
}

interface Status {
  accepted: number;
  duplicate: number;
  rejected: number;
  lag: number;
}

const DAY_ONE = '2026-01-01T00:00:00Z';
const H100 = 'H100-SXM-80GB';
const RTX = 'RTX-4090';

const FEE_RATES: Record<string, string> = { 'pb-usd': '0.15', 'pb-eur': '0.20', 'pb-jpy': '0.10', 'pb-bhd': '0.125' };
const MINOR_DIGITS: Record<string, number> = { USD: 2, EUR: 2, JPY: 0, BHD: 3 };

const customers = [
  { customerId: 'c-usd', name: 'Northwind Labs', currency: 'USD', country: 'US', updatedAt: '2026-07-01T00:00:00Z' },
  { customerId: 'c-eur', name: 'Globex AI', currency: 'EUR', country: 'DE', updatedAt: '2026-07-01T00:00:00Z' },
  { customerId: 'c-jpy', name: 'Initech Research', currency: 'JPY', country: 'JP', updatedAt: '2026-07-01T00:00:00Z' },
  { customerId: 'c-bhd', name: 'Hooli Vision', currency: 'BHD', country: 'BH', updatedAt: '2026-07-01T00:00:00Z' },
];

const priceBooks = [
  {
    priceBookId: 'pb-usd', version: 1, effectiveFrom: DAY_ONE, currency: 'USD', platformFeeRate: '0.15',
    rates: [
      { gpuModel: H100, pricingClass: 'on_demand', unitPrice: '2.49' },
      { gpuModel: H100, pricingClass: 'reserved', unitPrice: '1.99' },
      { gpuModel: RTX, pricingClass: 'spot', unitPrice: '0.85' },
    ],
  },
  {
    priceBookId: 'pb-usd', version: 2, effectiveFrom: '2026-08-16T00:00:00Z', currency: 'USD', platformFeeRate: '0.15',
    rates: [
      { gpuModel: H100, pricingClass: 'on_demand', unitPrice: '2.19' },
      { gpuModel: H100, pricingClass: 'reserved', unitPrice: '1.89' },
      { gpuModel: RTX, pricingClass: 'spot', unitPrice: '0.85' },
    ],
  },
  { priceBookId: 'pb-eur', version: 1, effectiveFrom: DAY_ONE, currency: 'EUR', platformFeeRate: '0.20', rates: [{ gpuModel: H100, pricingClass: 'on_demand', unitPrice: '2.45' }] },
  { priceBookId: 'pb-jpy', version: 1, effectiveFrom: DAY_ONE, currency: 'JPY', platformFeeRate: '0.10', rates: [{ gpuModel: H100, pricingClass: 'on_demand', unitPrice: '375' }] },
  { priceBookId: 'pb-bhd', version: 1, effectiveFrom: DAY_ONE, currency: 'BHD', platformFeeRate: '0.125', rates: [{ gpuModel: H100, pricingClass: 'on_demand', unitPrice: '0.925' }] },
];

interface RentalDoc {
  rentalId: string;
  customerId: string;
  operatorId: string;
  datacenterId: string;
  nodeId: string;
  gpuModel: string;
  gpuCount: number;
  pricingClass: 'on_demand' | 'spot' | 'reserved';
  priceBookId: string;
  startedAt: string;
  endedAt: string | null;
  commitment: { termMonths: number; autoRenew: boolean } | null;
  updatedAt: string;
}

const rental = (r: Pick<RentalDoc, 'rentalId' | 'customerId' | 'operatorId' | 'nodeId' | 'gpuModel' | 'gpuCount' | 'pricingClass' | 'priceBookId'> & Partial<RentalDoc>): RentalDoc => ({
  datacenterId: r.operatorId === 'op-a' ? 'dc-a1' : 'dc-b1',
  startedAt: '2026-08-01T00:00:00Z',
  endedAt: null,
  commitment: null,
  updatedAt: r.startedAt ?? '2026-08-01T00:00:00Z',
  ...r,
});

const rentals: Record<string, RentalDoc> = Object.fromEntries(
  [
    rental({ rentalId: 'r-usd-1', customerId: 'c-usd', operatorId: 'op-a', nodeId: 'n1', gpuModel: H100, gpuCount: 8, pricingClass: 'on_demand', priceBookId: 'pb-usd' }),
    rental({ rentalId: 'r-usd-2', customerId: 'c-usd', operatorId: 'op-b', nodeId: 'n1', gpuModel: RTX, gpuCount: 2, pricingClass: 'spot', priceBookId: 'pb-usd' }),
    // Reserved from mid-August, to the millisecond: charged for its 3-month term whether used or not.
    rental({
      rentalId: 'r-usd-res', customerId: 'c-usd', operatorId: 'op-a', nodeId: 'n2', gpuModel: H100, gpuCount: 4, pricingClass: 'reserved', priceBookId: 'pb-usd',
      startedAt: '2026-08-20T06:00:00.250Z', commitment: { termMonths: 3, autoRenew: true },
    }),
    rental({ rentalId: 'r-eur-1', customerId: 'c-eur', operatorId: 'op-b', nodeId: 'n2', gpuModel: H100, gpuCount: 1, pricingClass: 'on_demand', priceBookId: 'pb-eur' }),
    rental({ rentalId: 'r-jpy-1', customerId: 'c-jpy', operatorId: 'op-a', nodeId: 'n3', gpuModel: H100, gpuCount: 2, pricingClass: 'on_demand', priceBookId: 'pb-jpy' }),
    rental({ rentalId: 'r-bhd-1', customerId: 'c-bhd', operatorId: 'op-b', nodeId: 'n3', gpuModel: H100, gpuCount: 1, pricingClass: 'on_demand', priceBookId: 'pb-bhd' }),
    // Thirty minutes long: usage reported around it is clipped to [startedAt, endedAt).
    rental({
      rentalId: 'r-bhd-2', customerId: 'c-bhd', operatorId: 'op-a', nodeId: 'n4', gpuModel: H100, gpuCount: 1, pricingClass: 'on_demand', priceBookId: 'pb-bhd',
      startedAt: '2026-08-03T00:10:00Z', endedAt: '2026-08-03T00:40:00Z', updatedAt: '2026-08-03T00:40:00Z',
    }),
  ].map((r) => [r.rentalId, r]),
);

interface UsageEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: 'gpu.usage.v1';
  time: string;
  subject: string;
  datacontenttype: 'application/json';
  data: Record<string, unknown>;
}

/** A usage event exactly as an agent on the rental's node would publish it. */
function usage(id: string, rentalId: string, from: string, to: string): UsageEvent {
  const r = rentals[rentalId]!;
  return {
    specversion: '1.0',
    id,
    source: `agent://${r.operatorId}/${r.datacenterId}/${r.nodeId}`,
    type: 'gpu.usage.v1',
    time: to,
    subject: `rental/${r.rentalId}`,
    datacontenttype: 'application/json',
    data: {
      rentalId: r.rentalId,
      operatorId: r.operatorId,
      datacenterId: r.datacenterId,
      nodeId: r.nodeId,
      gpuModel: r.gpuModel,
      gpuCount: r.gpuCount,
      intervalStart: from,
      intervalEnd: to,
      gpuUtilizationPct: 91.5,
    },
  };
}

const subjectOf = (e: UsageEvent) => `usage.v1.${e.data.operatorId as string}.${e.data.datacenterId as string}`;

/** What a line looks like in these tests: the contract's fields plus the split. */
const shape = (l: Line) => [l.kind, l.servicePeriod, l.rentalId, l.priceBookVersion, l.quantityGpuHours, l.unitPrice, l.amount, l.operatorShare, l.platformFee];

/** An independent check of CONTRACTS §3's split, with big.js rather than the code under test. */
function shareOf(amount: string, priceBookId: string, currency: string): string {
  const share = new Big(amount).times(new Big(1).minus(FEE_RATES[priceBookId]!));
  return share.round(MINOR_DIGITS[currency]!, Big.roundHalfUp).toFixed(MINOR_DIGITS[currency]!);
}

describe('scenario: two billing months in USD, EUR, JPY and BHD through the public interfaces', () => {
  let h: Harness;
  let published = 0;
  const status = async () => (await h.api<Status>('GET', '/v1/status')).body;
  const invoices = async (period: string) => {
    const r = await h.api<Invoice[]>('GET', `/v1/invoices?period=${period}`);
    expect(r.status).toBe(200);
    return r.body;
  };
  const invoiceOf = (list: Invoice[], customerId: string): Invoice => {
    const found = list.find((i) => i.customerId === customerId);
    if (!found) throw new Error(`no invoice for ${customerId} in ${JSON.stringify(list.map((i) => i.customerId))}`);
    return found;
  };
  const payouts = async (period: string) => {
    const r = await h.api<PayoutStatement[]>('GET', `/v1/payout-statements?period=${period}`);
    expect(r.status).toBe(200);
    return r.body;
  };
  const bill = async (period: string) => {
    const r = await h.api<{ invoices: number; alreadyCompleted: boolean; failures: unknown[] }>('POST', '/v1/billing-runs', { period });
    expect(r.status).toBe(200);
    expect(r.body.failures).toEqual([]);
    return r.body;
  };
  const grant = async (body: Record<string, unknown>) => {
    const r = await h.api<{ grantId: string }>('POST', '/v1/credit-grants', body);
    expect(r.status).toBe(201);
  };

  /** Publishes keyed as agents do (`Nats-Msg-Id: <source>|<id>`); returns JetStream's duplicate flag. */
  async function publish(event: UsageEvent, options: { keyed?: boolean } = {}): Promise<boolean> {
    const js = h.nc.jetstream();
    const ack = await js.publish(subjectOf(event), JSON.stringify(event), options.keyed === false ? {} : { msgID: `${event.source}|${event.id}` });
    if (!ack.duplicate) published += 1;
    return ack.duplicate;
  }

  async function drained(expected: Partial<Status>): Promise<void> {
    await h.waitFor(status, (s) => s.lag === 0 && s.accepted + s.duplicate + s.rejected === published && Object.entries(expected).every(([k, v]) => s[k as keyof Status] === v));
  }

  /** CONTRACTS §3 for every statement: gross = Σ amounts, net = Σ round(amount × (1 − fee)), fee = gross − net. */
  function expectStatementsAddUp(statements: PayoutStatement[], invoiceList: Invoice[]): void {
    for (const s of statements) {
      const digits = MINOR_DIGITS[s.currency]!;
      const gross = s.lines.reduce((sum, l) => sum.plus(l.amount), new Big(0));
      const net = s.lines.reduce((sum, l) => sum.plus(shareOf(l.amount, rentals[l.rentalId]!.priceBookId, s.currency)), new Big(0));
      expect([s.operatorId, s.currency, s.gross, s.net, s.platformFee]).toEqual([s.operatorId, s.currency, gross.toFixed(digits), net.toFixed(digits), gross.minus(net).toFixed(digits)]);
      for (const l of s.lines) {
        expect(l.operatorShare).toBe(shareOf(l.amount, rentals[l.rentalId]!.priceBookId, s.currency));
        expect(new Big(l.operatorShare).plus(l.platformFee).eq(l.amount)).toBe(true);
      }
    }
    // Every operator line of the period's invoices is on exactly one statement, and nothing else is.
    const invoiced = invoiceList.flatMap((inv) => inv.lines.filter((l) => l.operatorId !== null).map((l) => `${inv.invoiceId}|${l.amount}`));
    const stated = statements.flatMap((s) => s.lines.map((l) => `${l.invoiceId}|${l.amount}`));
    expect(stated.sort()).toEqual(invoiced.sort());
  }

  let august: Invoice[];

  beforeAll(async () => {
    // November 2026 is still running for this scenario on whatever day it runs.
    h = await startHarness({}, undefined, { clock: clockStartingAt('2026-11-20T00:00:00Z') });
    const loaded = await h.api<{ results: Array<{ outcome: string }> }>('POST', '/v1/reference', [...customers, ...priceBooks, ...Object.values(rentals)]);
    expect(loaded.status).toBe(200);
    expect(loaded.body.results.map((r) => r.outcome).filter((o) => o !== 'applied')).toEqual([]);
  });
  afterAll(() => h?.close());

  it('refuses to bill a period that has not ended', async () => {
    const r = await h.api<{ reason: string }>('POST', '/v1/billing-runs', { period: '2026-11' });
    expect(r.status).toBe(422);
    expect(r.body.reason).toBe('period_not_ended');
  });

  it('bills August: price change mid-month, overlaps and resends once, reserved in advance, half-way rounding, credits', async () => {
    const a1 = usage('a1', 'r-usd-1', '2026-08-10T00:00:00Z', '2026-08-10T01:00:00Z');
    const augustUsage = [
      a1,
      usage('a2', 'r-usd-1', '2026-08-10T00:30:00Z', '2026-08-10T01:30:00Z'), // overlaps a1 by 30 min
      usage('a3', 'r-usd-1', '2026-08-10T00:00:00Z', '2026-08-10T01:00:00Z'), // a1's interval again, a new id
      usage('a4', 'r-usd-1', '2026-08-15T23:30:00Z', '2026-08-16T00:30:00Z'), // straddles v2's effectiveFrom
      usage('a5', 'r-usd-1', '2026-08-20T00:00:00Z', '2026-08-20T01:00:00Z'),
      usage('b1', 'r-usd-2', '2026-08-05T10:00:00Z', '2026-08-05T11:00:00Z'),
      usage('b2', 'r-usd-2', '2026-08-05T11:00:00Z', '2026-08-05T11:15:00Z'),
      usage('res1', 'r-usd-res', '2026-08-21T00:00:00Z', '2026-08-21T01:00:00Z'), // metered, already paid by the commitment
      usage('e1', 'r-eur-1', '2026-08-07T09:00:00Z', '2026-08-07T09:30:00Z'),
      usage('j1', 'r-jpy-1', '2026-08-12T03:00:00Z', '2026-08-12T03:03:00Z'),
      usage('j2', 'r-jpy-1', '2026-08-12T04:00:00Z', '2026-08-12T05:00:00Z'),
      usage('h1', 'r-bhd-1', '2026-08-03T00:00:00.000+00:00', '2026-08-03T03:30:00.000+03:00'), // an offset, normalised to UTC 00:30
      usage('h2', 'r-bhd-2', '2026-08-03T00:00:00Z', '2026-08-03T01:00:00Z'), // an hour around a 30-minute rental
    ];
    for (const e of augustUsage) expect(await publish(e)).toBe(false);
    // Exact resends of a1: keyed, JetStream's duplicate window drops it; unkeyed, Hourglass's (source, id) dedup does.
    expect(await publish(a1)).toBe(true);
    expect(await publish(a1, { keyed: false })).toBe(false);
    await drained({ accepted: 13, duplicate: 1, rejected: 0 });

    await grant({ grantId: 'g-usd-1', customerId: 'c-usd', currency: 'USD', amount: '100.00', description: 'welcome credit' });
    await grant({ grantId: 'g-eur-1', customerId: 'c-eur', currency: 'EUR', amount: '5.00' });
    await grant({ grantId: 'g-jpy-1', customerId: 'c-jpy', currency: 'JPY', amount: '500' });

    const run = await bill('2026-08');
    expect(run.invoices).toBe(4);
    expect(run.alreadyCompleted).toBe(false);

    august = await invoices('2026-08');
    // One invoice per customer and currency, numbered gap-free in the order of (customer, currency).
    expect(august.map((i) => [i.number, i.customerId, i.currency, i.status, i.periodStart, i.periodEnd])).toEqual([
      ['HG-2026-000001', 'c-bhd', 'BHD', 'finalized', '2026-08-01T00:00:00.000Z', '2026-09-01T00:00:00.000Z'],
      ['HG-2026-000002', 'c-eur', 'EUR', 'finalized', '2026-08-01T00:00:00.000Z', '2026-09-01T00:00:00.000Z'],
      ['HG-2026-000003', 'c-jpy', 'JPY', 'finalized', '2026-08-01T00:00:00.000Z', '2026-09-01T00:00:00.000Z'],
      ['HG-2026-000004', 'c-usd', 'USD', 'finalized', '2026-08-01T00:00:00.000Z', '2026-09-01T00:00:00.000Z'],
    ]);

    const usd = invoiceOf(august, 'c-usd');
    expect(usd.lines.map(shape)).toEqual([
      // v1 until 08-16: 1.5 h on 08-10 (a1 ∪ a2 ∪ a3 = 00:00–01:30) + 0.5 h of a4 = 2 h
      // 8 GPUs × 2 h × 2.49 = 39.84; share 39.84 × 0.85 = 33.864 → 33.86; fee 5.98
      ['usage', '2026-08', 'r-usd-1', 1, '16', '2.49', '39.84', '33.86', '5.98'],
      // v2 from 08-16: 0.5 h of a4 + 1 h of a5 = 1.5 h
      // 8 GPUs × 1.5 h × 2.19 = 26.28; share 26.28 × 0.85 = 22.338 → 22.34; fee 3.94
      ['usage', '2026-08', 'r-usd-1', 2, '12', '2.19', '26.28', '22.34', '3.94'],
      // 1 h + 15 min: 2 GPUs × 1.25 h × 0.85 = 2.125 → 2.13 (half a cent, away from zero)
      // share 2.13 × 0.85 = 1.8105 → 1.81; fee 0.32
      ['usage', '2026-08', 'r-usd-2', 1, '2.5', '0.85', '2.13', '1.81', '0.32'],
      // Reserved, priced by the version in effect when its term began (v2), its metered hour not charged again.
      // August from 08-20T06:00:00.250Z: 282 h − 0.25 s = 1,015,199,750 ms
      // 4 GPUs × 1,015,199,750 ms / 3.6e6 = 1127.999722… GPU-h × 1.89 = 2131.919475 → 2131.92
      // share 2131.92 × 0.85 = 1812.132 → 1812.13; fee 319.79
      ['reserved', '2026-08', 'r-usd-res', 2, '1127.999722222222', '1.89', '2131.92', '1812.13', '319.79'],
      // September in advance: 4 GPUs × 720 h × 1.89 = 5443.20; share × 0.85 = 4626.72; fee 816.48
      ['reserved', '2026-09', 'r-usd-res', 2, '2880', '1.89', '5443.20', '4626.72', '816.48'],
      // the platform bears the credit: no operator share
      ['credit', '2026-08', null, null, '0', null, '-100.00', '0.00', '-100.00'],
    ]);
    // 39.84 + 26.28 + 2.13 + 2131.92 + 5443.20 = 7643.37; − 100.00 credit = 7543.37
    expect([usd.subtotal, usd.creditsApplied, usd.total]).toEqual(['7643.37', '100.00', '7543.37']);

    const eur = invoiceOf(august, 'c-eur');
    expect(eur.lines.map(shape)).toEqual([
      // 1 GPU × 0.5 h × 2.45 = 1.225 → 1.23 (half a cent); share 1.23 × 0.80 = 0.984 → 0.98; fee 0.25
      ['usage', '2026-08', 'r-eur-1', 1, '0.5', '2.45', '1.23', '0.98', '0.25'],
      // the 5.00 grant covers the whole invoice and keeps 3.77 for later
      ['credit', '2026-08', null, null, '0', null, '-1.23', '0.00', '-1.23'],
    ]);
    expect([eur.subtotal, eur.creditsApplied, eur.total]).toEqual(['1.23', '1.23', '0.00']);

    const jpy = invoiceOf(august, 'c-jpy');
    expect(jpy.lines.map(shape)).toEqual([
      // 3 min + 1 h = 1.05 h: 2 GPUs × 1.05 h × 375 = 787.5 → 788 (half a yen)
      // share 788 × 0.90 = 709.2 → 709; fee 79
      ['usage', '2026-08', 'r-jpy-1', 1, '2.1', '375', '788', '709', '79'],
      ['credit', '2026-08', null, null, '0', null, '-500', '0', '-500'],
    ]);
    // 788 − 500 = 288
    expect([jpy.subtotal, jpy.creditsApplied, jpy.total]).toEqual(['788', '500', '288']);

    const bhd = invoiceOf(august, 'c-bhd');
    expect(bhd.lines.map(shape)).toEqual([
      // 1 GPU × 0.5 h × 0.925 = 0.4625 → 0.463 (half a fils); share 0.463 × 0.875 = 0.405125 → 0.405; fee 0.058
      ['usage', '2026-08', 'r-bhd-1', 1, '0.5', '0.925', '0.463', '0.405', '0.058'],
      // h2's hour clipped to the rental's 00:10–00:40: 1 GPU × 0.5 h × 0.925 = 0.4625 → 0.463, rounded on its own line
      ['usage', '2026-08', 'r-bhd-2', 1, '0.5', '0.925', '0.463', '0.405', '0.058'],
    ]);
    // 0.463 + 0.463 = 0.926: two (rental, version) lines, each rounded once (their exact sum would be 0.925)
    expect([bhd.subtotal, bhd.creditsApplied, bhd.total]).toEqual(['0.926', '0.000', '0.926']);

    const statements = await payouts('2026-08');
    expect(statements.map((s) => [s.operatorId, s.currency, s.gross, s.platformFee, s.net])).toEqual([
      // r-bhd-2: 0.463 gross; net 0.405; fee 0.058
      ['op-a', 'BHD', '0.463', '0.058', '0.405'],
      // 788 gross; net 709; fee 79
      ['op-a', 'JPY', '788', '79', '709'],
      // gross 39.84 + 26.28 + 2131.92 + 5443.20 = 7641.24
      // net 33.86 + 22.34 + 1812.13 + 4626.72 = 6495.05; fee 7641.24 − 6495.05 = 1146.19
      ['op-a', 'USD', '7641.24', '1146.19', '6495.05'],
      // 0.463 gross; net 0.405; fee 0.058
      ['op-b', 'BHD', '0.463', '0.058', '0.405'],
      // 1.23 gross; net 0.98; fee 0.25 (the credit is the platform's, not the operator's)
      ['op-b', 'EUR', '1.23', '0.25', '0.98'],
      // 2.13 gross; net 1.81; fee 0.32
      ['op-b', 'USD', '2.13', '0.32', '1.81'],
    ]);
    expectStatementsAddUp(statements, august);

    const again = await bill('2026-08');
    expect(again.alreadyCompleted).toBe(true);
    expect(await invoices('2026-08')).toEqual(august);
  });

  it('bills September: late August usage as adjustments naming 2026-08, the next reserved month, leftover and new credits', async () => {
    const late = [
      // 00:30–01:30 on 08-20 overlaps the billed 00:00–01:00 (a5): only 01:00–01:30 is new
      usage('L1', 'r-usd-1', '2026-08-20T00:30:00Z', '2026-08-20T01:30:00Z'),
      // crosses the month boundary: 45 min late for August, 15 min of ordinary September usage
      usage('L2', 'r-jpy-1', '2026-08-31T23:15:00Z', '2026-09-01T00:15:00Z'),
      // late, but wholly inside time August already charged: nothing new to bill
      usage('L3', 'r-usd-1', '2026-08-10T00:15:00Z', '2026-08-10T01:15:00Z'),
    ];
    const september = [
      usage('s1', 'r-usd-1', '2026-09-02T10:00:00Z', '2026-09-02T11:00:00Z'),
      usage('s2', 'r-usd-2', '2026-09-03T10:00:00Z', '2026-09-03T11:00:00Z'),
      usage('s3', 'r-eur-1', '2026-09-04T00:00:00Z', '2026-09-04T01:00:00Z'),
      usage('s4', 'r-eur-1', '2026-09-04T01:00:00Z', '2026-09-04T02:00:00Z'),
      usage('s5', 'r-bhd-1', '2026-09-05T00:00:00Z', '2026-09-05T01:00:00Z'),
      usage('s6', 'r-usd-res', '2026-09-06T00:00:00Z', '2026-09-06T01:00:00Z'),
      usage('s7', 'r-jpy-1', '2026-09-10T00:00:00Z', '2026-09-10T00:15:00Z'),
    ];
    for (const e of [...late, ...september]) expect(await publish(e)).toBe(false);
    await drained({ accepted: 23, duplicate: 1, rejected: 0 });
    await grant({ grantId: 'g-usd-2', customerId: 'c-usd', currency: 'USD', amount: '20.00', priority: 1 });

    const run = await bill('2026-09');
    expect(run.invoices).toBe(4);
    const sep = await invoices('2026-09');
    expect(sep.map((i) => [i.number, i.customerId, i.currency, i.status])).toEqual([
      ['HG-2026-000005', 'c-bhd', 'BHD', 'finalized'],
      ['HG-2026-000006', 'c-eur', 'EUR', 'finalized'],
      ['HG-2026-000007', 'c-jpy', 'JPY', 'finalized'],
      ['HG-2026-000008', 'c-usd', 'USD', 'finalized'],
    ]);

    const usd = invoiceOf(sep, 'c-usd');
    expect(usd.lines.map(shape)).toEqual([
      // 8 GPUs × 1 h × 2.19 = 17.52; share 17.52 × 0.85 = 14.892 → 14.89; fee 2.63
      ['usage', '2026-09', 'r-usd-1', 2, '8', '2.19', '17.52', '14.89', '2.63'],
      // 2 GPUs × 1 h × 0.85 = 1.70; share 1.70 × 0.85 = 1.445 → 1.45 (half a cent); fee 0.25
      ['usage', '2026-09', 'r-usd-2', 2, '2', '0.85', '1.70', '1.45', '0.25'],
      // October in advance (September was charged on August's invoice): 4 GPUs × 744 h × 1.89 = 5624.64
      // share 5624.64 × 0.85 = 4780.944 → 4780.94; fee 843.70
      ['reserved', '2026-10', 'r-usd-res', 2, '2976', '1.89', '5624.64', '4780.94', '843.70'],
      // late August usage: only the newly covered 30 min, at the version that governed it
      // 8 GPUs × 0.5 h × 2.19 = 8.76; share 8.76 × 0.85 = 7.446 → 7.45; fee 1.31
      ['adjustment', '2026-08', 'r-usd-1', 2, '4', '2.19', '8.76', '7.45', '1.31'],
      // g-usd-1 is used up; g-usd-2 (20.00) applies
      ['credit', '2026-09', null, null, '0', null, '-20.00', '0.00', '-20.00'],
    ]);
    // 17.52 + 1.70 + 5624.64 + 8.76 = 5652.62; − 20.00 = 5632.62
    expect([usd.subtotal, usd.creditsApplied, usd.total]).toEqual(['5652.62', '20.00', '5632.62']);

    const eur = invoiceOf(sep, 'c-eur');
    expect(eur.lines.map(shape)).toEqual([
      // 1 GPU × 2 h × 2.45 = 4.90; share 4.90 × 0.80 = 3.92; fee 0.98
      ['usage', '2026-09', 'r-eur-1', 1, '2', '2.45', '4.90', '3.92', '0.98'],
      // what is left of g-eur-1: 5.00 − 1.23 = 3.77
      ['credit', '2026-09', null, null, '0', null, '-3.77', '0.00', '-3.77'],
    ]);
    // 4.90 − 3.77 = 1.13
    expect([eur.subtotal, eur.creditsApplied, eur.total]).toEqual(['4.90', '3.77', '1.13']);

    const jpy = invoiceOf(sep, 'c-jpy');
    expect(jpy.lines.map(shape)).toEqual([
      // L2's September 15 min + s7's 15 min: 2 GPUs × 0.5 h × 375 = 375
      // share 375 × 0.90 = 337.5 → 338 (half a yen); fee 37
      ['usage', '2026-09', 'r-jpy-1', 1, '1', '375', '375', '338', '37'],
      // L2's August 45 min: 2 GPUs × 0.75 h × 375 = 562.5 → 563 (half a yen, rounded on its own)
      // share 563 × 0.90 = 506.7 → 507; fee 56
      ['adjustment', '2026-08', 'r-jpy-1', 1, '1.5', '375', '563', '507', '56'],
    ]);
    // 375 + 563 = 938; g-jpy-1 has nothing left (500 of 500 used in August)
    expect([jpy.subtotal, jpy.creditsApplied, jpy.total]).toEqual(['938', '0', '938']);

    const bhd = invoiceOf(sep, 'c-bhd');
    expect(bhd.lines.map(shape)).toEqual([
      // 1 GPU × 1 h × 0.925 = 0.925; share 0.925 × 0.875 = 0.809375 → 0.809; fee 0.116
      ['usage', '2026-09', 'r-bhd-1', 1, '1', '0.925', '0.925', '0.809', '0.116'],
    ]);
    expect(bhd.total).toBe('0.925');

    const statements = await payouts('2026-09');
    expect(statements.map((s) => [s.operatorId, s.currency, s.gross, s.platformFee, s.net])).toEqual([
      // 375 + 563 = 938; net 338 + 507 = 845; fee 93
      ['op-a', 'JPY', '938', '93', '845'],
      // 17.52 + 5624.64 + 8.76 = 5650.92; net 14.89 + 4780.94 + 7.45 = 4803.28; fee 847.64
      ['op-a', 'USD', '5650.92', '847.64', '4803.28'],
      // 0.925; net 0.809; fee 0.116
      ['op-b', 'BHD', '0.925', '0.116', '0.809'],
      // 4.90; net 3.92; fee 0.98
      ['op-b', 'EUR', '4.90', '0.98', '3.92'],
      // 1.70; net 1.45; fee 0.25
      ['op-b', 'USD', '1.70', '0.25', '1.45'],
    ]);
    expectStatementsAddUp(statements, sep);
    // Adjustments are paid out in the period that invoiced them.
    expect(statements.find((s) => s.operatorId === 'op-a' && s.currency === 'JPY')!.lines.map((l) => [l.kind, l.servicePeriod, l.amount])).toEqual([
      ['usage', '2026-09', '375'],
      ['adjustment', '2026-08', '563'],
    ]);

    // August's invoices are facts: late usage changed the next invoice, not them.
    expect(await invoices('2026-08')).toEqual(august);
  });

  it('bills the late usage once: a later period has no second adjustment for it', async () => {
    const run = await bill('2026-10');
    const october = await invoices('2026-10');
    expect(run.invoices).toBe(1);
    const usd = invoiceOf(october, 'c-usd');
    expect(usd.number).toBe('HG-2026-000009');
    expect(usd.lines.map(shape)).toEqual([
      // November in advance, the rest of the first term, which renews on 11-20T06:00:00.250Z into a
      // second term priced by the version then in effect (still v2): 30 days × 24 h × 4 GPUs × 1.89 = 5443.20
      ['reserved', '2026-11', 'r-usd-res', 2, '2880', '1.89', '5443.20', '4626.72', '816.48'],
    ]);
    expect(usd.total).toBe('5443.20');
  });
});
