/**
 * How a customer segment is dunned: how many retries, spread over how many days after the failure,
 * and after how many days of dunning the customer is suspended. Pure data, validated once when the
 * module starts (HOURGLASS_DUNNING_POLICIES), so a bad policy stops the start instead of a retry.
 */
export interface DunningPolicy {
  segment: string;
  /** Retries after the failed payment that started dunning. */
  retries: number;
  /** The retries fall on days 1..windowDays after the failure's day (UTC). */
  windowDays: number;
  /** Days from the failure after which a customer still owing the invoice is suspended. */
  graceDays: number;
}

export const DEFAULT_SEGMENT = 'default';

/** 8 retries over 14 days, suspension after 7: the example, and a common SaaS setting. */
export const DEFAULT_POLICY: DunningPolicy = { segment: DEFAULT_SEGMENT, retries: 8, windowDays: 14, graceDays: 7 };

/** Bounds on every policy: a retry a day at most, for two months at most. */
export const RETRIES_MAX = 40;
export const WINDOW_DAYS_MAX = 60;
export const GRACE_DAYS_MAX = 90;

/** Days 1..windowDays after the failure's day that fall on another weekday than the failure's. */
export function eligibleDays(windowDays: number): number[] {
  const days: number[] = [];
  for (let d = 1; d <= windowDays; d += 1) if (d % 7 !== 0) days.push(d);
  return days;
}

/** Every problem of a policy, not just the first. */
export function validatePolicy(p: DunningPolicy): string[] {
  const errors: string[] = [];
  const whole = (name: string, v: number, min: number, max: number) => {
    if (!Number.isSafeInteger(v) || v < min || v > max) errors.push(`${p.segment}: ${name} ${v} is not a whole number from ${min} to ${max}`);
  };
  if (!/^[a-z0-9][a-z0-9_-]{0,63}$/.test(p.segment)) errors.push(`segment ${JSON.stringify(p.segment)}: lower-case letters, digits, _ or -`);
  whole('retries', p.retries, 1, RETRIES_MAX);
  whole('windowDays', p.windowDays, 1, WINDOW_DAYS_MAX);
  whole('graceDays', p.graceDays, 0, GRACE_DAYS_MAX);
  if (errors.length === 0 && eligibleDays(p.windowDays).length < p.retries) {
    errors.push(`${p.segment}: ${p.retries} retries do not fit in ${p.windowDays} days at one a day away from the failure's weekday (at most ${eligibleDays(p.windowDays).length})`);
  }
  return errors;
}

/** The policies of every segment, and which segment a customer is in (unknown: `default`). */
export class DunningPolicies {
  private readonly bySegment: ReadonlyMap<string, DunningPolicy>;

  constructor(
    policies: readonly DunningPolicy[],
    private readonly segmentOfCustomer: Readonly<Record<string, string>> = {},
  ) {
    const map = new Map<string, DunningPolicy>([[DEFAULT_SEGMENT, DEFAULT_POLICY]]);
    for (const p of policies) map.set(p.segment, p);
    const errors = [...map.values()].flatMap(validatePolicy);
    for (const [customer, segment] of Object.entries(segmentOfCustomer)) {
      if (!map.has(segment)) errors.push(`customer ${customer} is in segment ${segment}, which has no policy`);
    }
    if (errors.length > 0) throw new Error(`dunning policies: ${errors.join('; ')}`);
    this.bySegment = map;
  }

  forCustomer(customerId: string): DunningPolicy {
    return this.bySegment.get(this.segmentOfCustomer[customerId] ?? DEFAULT_SEGMENT) ?? DEFAULT_POLICY;
  }

  all(): DunningPolicy[] {
    return [...this.bySegment.values()];
  }
}
