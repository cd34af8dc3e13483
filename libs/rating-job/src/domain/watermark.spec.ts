import fc from 'fast-check';
import { advanceScan, type ScanStep } from './watermark';

const step = (over: Partial<ScanStep>): ScanStep => ({
  state: { watermark: 0, gaps: [] },
  scannedSeqs: [],
  filledSeqs: [],
  deferredSeqs: [],
  nowMs: 1_000,
  gapTimeoutMs: 60_000,
  gapsMax: 100,
  ...over,
});

describe('advanceScan', () => {
  it('moves the watermark to the highest sequence read', () => {
    expect(advanceScan(step({ scannedSeqs: [1, 2, 3] })).state).toEqual({ watermark: 3, gaps: [] });
  });

  it('remembers sequences skipped below the watermark: metering writes a held-back event later', () => {
    const { state } = advanceScan(step({ state: { watermark: 2, gaps: [] }, scannedSeqs: [3, 6, 7, 9] }));
    expect(state).toEqual({
      watermark: 9,
      gaps: [
        { fromSeq: 4, toSeq: 5, firstSeenMs: 1_000 },
        { fromSeq: 8, toSeq: 8, firstSeenMs: 1_000 },
      ],
    });
  });

  it('closes the part of a gap that filled and keeps the rest with its age', () => {
    const gaps = [{ fromSeq: 4, toSeq: 8, firstSeenMs: 500 }];
    const { state } = advanceScan(step({ state: { watermark: 9, gaps }, filledSeqs: [5, 6] }));
    expect(state.gaps).toEqual([
      { fromSeq: 4, toSeq: 4, firstSeenMs: 500 },
      { fromSeq: 7, toSeq: 8, firstSeenMs: 500 },
    ]);
  });

  it('reads a deferred sequence again, ageing from when it was first awaited', () => {
    const gaps = [{ fromSeq: 4, toSeq: 4, firstSeenMs: 500 }];
    const { state } = advanceScan(step({ state: { watermark: 9, gaps }, scannedSeqs: [10], filledSeqs: [4], deferredSeqs: [4, 10] }));
    expect(state.gaps).toEqual([
      { fromSeq: 4, toSeq: 4, firstSeenMs: 500 },
      { fromSeq: 10, toSeq: 10, firstSeenMs: 1_000 },
    ]);
  });

  it('gives a gap up after the timeout, and the oldest first beyond the bound', () => {
    const gaps = [
      { fromSeq: 1, toSeq: 1, firstSeenMs: 0 },
      { fromSeq: 3, toSeq: 3, firstSeenMs: 200 },
      { fromSeq: 5, toSeq: 5, firstSeenMs: 300 },
    ];
    const timedOut = advanceScan(step({ state: { watermark: 6, gaps }, nowMs: 60_100 }));
    expect(timedOut.expired.map((g) => g.fromSeq)).toEqual([1]);
    const bounded = advanceScan(step({ state: { watermark: 6, gaps }, gapsMax: 1 }));
    expect(bounded.state.gaps.map((g) => g.fromSeq)).toEqual([5]);
    expect(bounded.expired.map((g) => g.fromSeq)).toEqual([1, 3]);
  });

  it('accounts for every sequence up to the watermark: read, awaited or given up', () => {
    fc.assert(
      fc.property(fc.array(fc.uniqueArray(fc.integer({ min: 1, max: 60 }), { maxLength: 20 }), { maxLength: 6 }), (ticks) => {
        const written = new Set<number>();
        let state = { watermark: 0, gaps: [] as ScanStep['state']['gaps'] };
        const read = new Set<number>();
        for (const batch of ticks) {
          for (const s of batch) written.add(s);
          const scanned = [...written].filter((s) => s > state.watermark);
          const filled = [...written].filter((s) => state.gaps.some((g) => s >= g.fromSeq && s <= g.toSeq));
          const next = advanceScan(step({ state, scannedSeqs: scanned, filledSeqs: filled }));
          expect(next.expired).toEqual([]);
          for (const s of [...scanned, ...filled]) read.add(s);
          state = next.state;
        }
        for (let s = 1; s <= state.watermark; s++) {
          const awaited = state.gaps.some((g) => s >= g.fromSeq && s <= g.toSeq);
          expect(read.has(s) !== awaited).toBe(true);
        }
      }),
    );
  });
});
