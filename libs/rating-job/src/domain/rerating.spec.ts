import type { PriceBookVersion } from '@hourglass/rating';
import { advanceRerating, initialMarks, planRerating, versionFingerprint, type BookMarks } from './rerating';

const v = (version: number, effectiveFromMs: number): PriceBookVersion => ({
  priceBookId: 'pb',
  version,
  effectiveFromMs,
  currency: 'USD',
  platformFeeRate: '0.15',
  rates: [],
});

describe('planRerating', () => {
  const rated: BookMarks = { pb: { rated: versionFingerprint([v(1, 100)]), pending: null } };

  it('changes nothing while the versions are those rated with', () => {
    expect(planRerating(new Map([['pb', [v(1, 100)]]]), rated)).toEqual(rated);
  });

  it('re-rates from the effectiveFrom of a new version', () => {
    const next = planRerating(new Map([['pb', [v(1, 100), v(2, 5_000)]]]), rated);
    expect(next.pb!.pending).toEqual({ target: ['1@100', '2@5000'], fromMs: 5_000, cursor: null });
    expect(next.pb!.rated).toEqual(['1@100']);
  });

  it('backfills a book never rated from its first version', () => {
    expect(planRerating(new Map([['pb', [v(2, 900), v(1, 100)]]]), {}).pb!.pending?.fromMs).toBe(100);
  });

  it('restarts a re-rating in progress from the earlier of both changes', () => {
    const inProgress: BookMarks = { pb: { rated: ['1@100'], pending: { target: ['1@100', '2@5000'], fromMs: 5_000, cursor: { rentalId: 'r-9', hourStartMs: 0 } } } };
    const next = planRerating(new Map([['pb', [v(1, 100), v(2, 5_000), v(3, 7_000)]]]), inProgress);
    expect(next.pb!.pending).toEqual({ target: ['1@100', '2@5000', '3@7000'], fromMs: 5_000, cursor: null });
  });
});

describe('advanceRerating', () => {
  const mark = { rated: ['1@100'], pending: { target: ['1@100', '2@5000'], fromMs: 5_000, cursor: null } };

  it('moves the cursor while cells remain, and adopts the target when done', () => {
    expect(advanceRerating(mark, { rentalId: 'r-1', hourStartMs: 7_200_000 }, false).pending?.cursor).toEqual({ rentalId: 'r-1', hourStartMs: 7_200_000 });
    expect(advanceRerating(mark, null, true)).toEqual({ rated: ['1@100', '2@5000'], pending: null });
  });
});

describe('initialMarks', () => {
  it('takes the current versions as rated: a first run reads all usage from the first sequence anyway', () => {
    expect(initialMarks(new Map([['pb', [v(1, 100)]]]))).toEqual({ pb: { rated: ['1@100'], pending: null } });
  });
});
