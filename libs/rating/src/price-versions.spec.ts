import { findRate, resolveVersion, uncoveredSpans, versionSpans } from './price-versions';
import type { PriceBookVersion } from './types';

const t = (iso: string) => Date.parse(iso);
const version = (n: number, from: string, unitPrice = '2.49'): PriceBookVersion => ({
  priceBookId: 'pb-std',
  version: n,
  effectiveFromMs: t(from),
  currency: 'USD',
  platformFeeRate: '0.15',
  rates: [
    { gpuModel: 'H100', pricingClass: 'on_demand', unitPrice, tiers: null, tierMode: null, packageGpuHours: null, minimumCharge: null },
  ],
});

const V1 = version(1, '2026-10-01T00:00:00Z', '2.49');
const V2 = version(2, '2026-11-15T00:00:00Z', '2.19');
const NOV = { startMs: t('2026-11-01T00:00:00Z'), endMs: t('2026-12-01T00:00:00Z') };

describe('resolveVersion', () => {
  it('takes the greatest effectiveFrom not after the instant', () => {
    expect(resolveVersion([V2, V1], t('2026-11-14T23:59:59.999Z'))?.version).toBe(1);
    expect(resolveVersion([V2, V1], t('2026-11-15T00:00:00Z'))?.version).toBe(2);
    expect(resolveVersion([V2, V1], t('2026-09-30T00:00:00Z'))).toBeUndefined();
  });

  it('lets a correction with the same effectiveFrom replace the version it corrects', () => {
    const V3 = version(3, '2026-11-15T00:00:00Z', '2.09');
    expect(resolveVersion([V1, V3, V2], t('2026-11-20T00:00:00Z'))?.version).toBe(3);
    expect(versionSpans([V1, V3, V2], NOV).map((s) => s.version.version)).toEqual([1, 3]);
  });

  it('refuses versions of two different books', () => {
    expect(() => resolveVersion([V1, { ...V2, priceBookId: 'pb-other' }], 0)).toThrow(/several price books/);
  });
});

describe('versionSpans', () => {
  it('cuts a window at each version change', () => {
    expect(versionSpans([V1, V2], NOV).map(({ version: v, startMs, endMs }) => [v.version, startMs, endMs])).toEqual([
      [1, NOV.startMs, t('2026-11-15T00:00:00Z')],
      [2, t('2026-11-15T00:00:00Z'), NOV.endMs],
    ]);
    expect(uncoveredSpans([V1, V2], NOV)).toEqual([]);
  });

  it('omits time before the first version and reports it apart', () => {
    expect(versionSpans([V2], NOV).map((s) => [s.version.version, s.startMs, s.endMs])).toEqual([
      [2, t('2026-11-15T00:00:00Z'), NOV.endMs],
    ]);
    expect(uncoveredSpans([V2], NOV)).toEqual([{ startMs: NOV.startMs, endMs: t('2026-11-15T00:00:00Z') }]);
    expect(uncoveredSpans([], NOV)).toEqual([NOV]);
  });
});

describe('findRate', () => {
  it('finds by model and class', () => {
    expect(findRate(V1, 'H100', 'on_demand')?.unitPrice).toBe('2.49');
    expect(findRate(V1, 'H100', 'spot')).toBeUndefined();
  });
});
