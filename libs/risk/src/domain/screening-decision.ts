export type ScreeningDecision = 'block' | 'review' | 'clear';

/** Scores at or above `block` block, at or above `review` go to a reviewer; both in (0, 1], review ≤ block. */
export interface ScreeningThresholds {
  block: number;
  review: number;
}

/** Moov Watchman's documented starting points. */
export const DEFAULT_THRESHOLDS: ScreeningThresholds = { block: 0.95, review: 0.85 };

export function validateThresholds(t: ScreeningThresholds): string[] {
  const errors: string[] = [];
  if (!(t.block > 0 && t.block <= 1)) errors.push(`block threshold ${t.block} must be in (0, 1]`);
  if (!(t.review > 0 && t.review <= 1)) errors.push(`review threshold ${t.review} must be in (0, 1]`);
  if (t.review > t.block) errors.push(`review threshold ${t.review} must not exceed the block threshold ${t.block}`);
  return errors;
}

export function decide(bestScore: number, t: ScreeningThresholds): ScreeningDecision {
  if (bestScore >= t.block) return 'block';
  if (bestScore >= t.review) return 'review';
  return 'clear';
}
