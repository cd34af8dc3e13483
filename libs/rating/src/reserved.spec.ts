import { reservedChargeForMonth, reservedLines, reservedTermSpans, upgradeProration } from './reserved';
import { Period } from '@hourglass/time';
import type { PriceBookVersion, Rental } from './types';

const t = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

const reserved = (over: Partial<Rental> = {}): Rental => ({
  rentalId: 'r-res',
  customerId: 'c-9',
  operatorId: 'op-42',
  datacenterId: 'dc-fra-1',
  nodeId: 'node-17',
  gpuModel: 'H100',
  gpuCount: 2,
  pricingClass: 'reserved',
  priceBookId: 'pb-std',
  startedAtMs: t('2026-11-10T00:00:00Z'),
  endedAtMs: null,
  commitment: { termMonths: 3, autoRenew: true },
  updatedAtMs: t('2026-11-10T00:00:00Z'),
  ...over,
});
const terms = (r: Rental, until: string) => reservedTermSpans(r, t(until)).map((s) => `${iso(s.startMs)}..${iso(s.endMs)}`);
const charge = (r: Rental, month: string, currency = 'USD', price = '1.80') => {
  const c = reservedChargeForMonth(r, price, Period.parse(month).span, currency);
  return [c.chargedMs / 3_600_000, c.amount.toString()];
};

describe('reservedTermSpans', () => {
  it('renews term after term while autoRenew', () => {
    expect(terms(reserved(), '2027-06-01T00:00:00Z')).toEqual(['2026-11-10..2027-02-10', '2027-02-10..2027-05-10', '2027-05-10..2027-08-10']);
  });

  it('stops after the first term without autoRenew', () => {
    const r = reserved({ commitment: { termMonths: 3, autoRenew: false } });
    expect(terms(r, '2027-06-01T00:00:00Z')).toEqual(['2026-11-10..2027-02-10']);
  });

  it('keeps terms entered before autoRenew was switched off', () => {
    const r = reserved({ commitment: { termMonths: 3, autoRenew: false }, updatedAtMs: t('2027-03-01T00:00:00Z') });
    expect(terms(r, '2027-12-01T00:00:00Z')).toEqual(['2026-11-10..2027-02-10', '2027-02-10..2027-05-10']);
  });

  it('runs an ended rental to the end of the term containing endedAt, and no further', () => {
    const r = reserved({ endedAtMs: t('2027-03-01T00:00:00Z') });
    expect(terms(r, '2027-12-01T00:00:00Z')).toEqual(['2026-11-10..2027-02-10', '2027-02-10..2027-05-10']);
    const atBoundary = reserved({ endedAtMs: t('2027-02-10T00:00:00Z') });
    expect(terms(atBoundary, '2027-12-01T00:00:00Z')).toEqual(['2026-11-10..2027-02-10']);
  });

  it('clamps to the end of shorter months without drifting', () => {
    const r = reserved({ startedAtMs: t('2027-01-31T00:00:00Z'), commitment: { termMonths: 1, autoRenew: true } });
    expect(terms(r, '2027-05-01T00:00:00Z')).toEqual([
      '2027-01-31..2027-02-28',
      '2027-02-28..2027-03-31',
      '2027-03-31..2027-04-30',
      '2027-04-30..2027-05-31',
    ]);
  });

  it('refuses a reserved rental without a commitment', () => {
    expect(() => reservedTermSpans(reserved({ commitment: null }), t('2027-01-01T00:00:00Z'))).toThrow(/no commitment/);
  });
});

describe('reservedChargeForMonth', () => {
  it('prorates a rental starting mid-month by the millisecond', () => {
    // Nov 10 → Dec 1 = 21 days = 504 h; 2 GPUs × 504 h × 1.80 = 1814.40
    expect(charge(reserved(), '2026-11')).toEqual([504, '1814.4']);
  });

  it('charges a whole month whether used or not', () => {
    // 31 days = 744 h; 2 GPUs × 744 h × 1.80 = 2678.40
    expect(charge(reserved(), '2026-12')).toEqual([744, '2678.4']);
  });

  it('charges the month of a renewal in full, and only up to the term end without one', () => {
    // Feb 2027 has 28 days = 672 h; 2 × 672 × 1.80 = 2419.20
    expect(charge(reserved(), '2027-02')).toEqual([672, '2419.2']);
    // no renewal: Feb 1 → Feb 10 = 216 h; 2 × 216 × 1.80 = 777.60; March nothing
    const once = reserved({ commitment: { termMonths: 3, autoRenew: false } });
    expect(charge(once, '2027-02')).toEqual([216, '777.6']);
    expect(charge(once, '2027-03')).toEqual([0, '0']);
  });

  it('charges nothing before the rental starts', () => {
    expect(charge(reserved(), '2026-10')).toEqual([0, '0']);
  });

  it('rounds once in JPY and BHD', () => {
    // 2 × 504 h × 255.5 = 257544
    expect(charge(reserved(), '2026-11', 'JPY', '255.5')).toEqual([504, '257544']);
    // 2 × 744 h × 0.6805 = 1012.584
    expect(charge(reserved(), '2026-12', 'BHD', '0.6805')).toEqual([744, '1012.584']);
    // 1 GPU × 30 min × 0.001 = 0.0005 BHD → 0.001 (half away from zero)
    const half = reserved({ gpuCount: 1, startedAtMs: t('2026-11-30T23:30:00Z') });
    expect(charge(half, '2026-11', 'BHD', '0.001')).toEqual([0.5, '0.001']);
  });
});

describe('upgradeProration', () => {
  it('charges the added GPUs for the rest of the month already billed', () => {
    // 2 → 4 GPUs on Dec 16: Dec 16 → Jan 1 = 16 days = 384 h; 2 extra × 384 h × 1.80 = 1382.40
    const before = reserved();
    const after = reserved({ gpuCount: 4, updatedAtMs: t('2026-12-16T00:00:00Z') });
    const p = upgradeProration(before, after, '1.80', Period.parse('2026-12').span, 'USD');
    expect([p.remainingMs / 3_600_000, p.gpuMsDelta, p.amount.toString()]).toEqual([384, 2n * 384n * 3_600_000n, '1382.4']);
    // the next month is billed at the new count: 4 × 744 h × 1.80 = 5356.80
    expect(charge(after, '2027-01')).toEqual([744, '5356.8']);
  });

  it('credits a downgrade symmetrically', () => {
    const before = reserved({ gpuCount: 4 });
    const after = reserved({ gpuCount: 2, updatedAtMs: t('2026-12-16T00:00:00Z') });
    expect(upgradeProration(before, after, '1.80', Period.parse('2026-12').span, 'USD').amount.toString()).toBe('-1382.4');
  });

  it('stops at the end of a term that does not renew', () => {
    // 1 → 2 GPUs on Feb 1 with the term ending Feb 10: 216 h × 1 × 1.80 = 388.80
    const before = reserved({ gpuCount: 1, commitment: { termMonths: 3, autoRenew: false } });
    const after = { ...before, gpuCount: 2, updatedAtMs: t('2027-02-01T00:00:00Z') };
    expect(upgradeProration(before, after, '1.80', Period.parse('2027-02').span, 'USD').amount.toString()).toBe('388.8');
  });
});

describe('reservedLines', () => {
  const version = (n: number, from: string, price: string): PriceBookVersion => ({
    priceBookId: 'pb-std',
    version: n,
    effectiveFromMs: t(from),
    currency: 'USD',
    platformFeeRate: '0.15',
    rates: [{ gpuModel: 'H100', pricingClass: 'reserved', unitPrice: price, tiers: null, tierMode: null, packageGpuHours: null, minimumCharge: null }],
  });
  const versions = [version(1, '2026-01-01T00:00:00Z', '1.80'), version(2, '2026-12-15T00:00:00Z', '1.50')];

  it('keeps the price of the term start until the renewal', () => {
    // Jan 2027 is inside the first term (from Nov 10): 2 × 744 h × 1.80 = 2678.40
    // share 2678.40 × 0.85 = 2276.64, fee 401.76
    const [line] = reservedLines(reserved(), versions, Period.parse('2027-01').span, 'USD');
    expect([line.kind, line.priceBookVersion, line.amount.toString(), line.operatorShare.toString(), line.platformFee.toString()]).toEqual([
      'reserved', 1, '2678.4', '2276.64', '401.76',
    ]);
  });

  it('splits a month at a renewal that re-prices', () => {
    // Feb 1 → Feb 10 at v1: 2 × 216 h × 1.80 = 777.60; Feb 10 → Mar 1 at v2: 2 × 456 h × 1.50 = 1368.00
    const lines = reservedLines(reserved(), versions, Period.parse('2027-02').span, 'USD');
    expect(lines.map((l) => [l.priceBookVersion, l.quantityGpuHours, l.amount.toString()])).toEqual([
      [1, '432', '777.6'],
      [2, '912', '1368'],
    ]);
  });
});
