import { ConfigError } from './config-error';

/**
 * The risk module's section (libs/risk): sanctions screening and usage-fraud signals. Every threshold
 * is here, with the default the README documents beside its rule.
 */
export interface RiskConfig {
  sanctions: {
    /** A match scoring at or above this blocks the party until a reviewer clears it. */
    blockThreshold: number;
    /** A match scoring at or above this (and below block) goes to the review queue. */
    reviewThreshold: number;
    /** Published list files to refresh from; null: lists come only from `hourglass sanctions load`. */
    urls: { ofacSdn: string | null; ofacAlt: string | null; ofacAdd: string | null; eu: string | null };
    /** How often the configured URLs are fetched (when any is set). */
    refreshMs: number;
    /** Pause between sweeps that screen new and changed parties, and everyone after a list refresh; 0: off. */
    sweepIntervalMs: number;
  };
  signals: {
    /** Pause between evaluations of the fraud rules; 0: off (POST-free: the job only). */
    intervalMs: number;
    /** The window each evaluation looks at, ending at the last whole hour. */
    windowMs: number;
    /** Covered GPU-time of a node over its wall-clock × largest rented GPU count. */
    nodeOvercommitRatio: number;
    /** Share of an operator's accepted events that overlap an earlier one of the same rental, or are resends. */
    overlapResendRatio: number;
    /** …and at least this many such events in the window. */
    overlapResendMin: number;
    /** Events of an operator outside their rental's window (rejected, or partly outside). */
    outsideWindowMin: number;
    /** Longest stretch of one rental's billed time reported at 0 % utilisation. */
    zeroUtilizationMs: number;
    /** New rentals of a customer in the window over the mean of the baseline windows before it. */
    rentalVelocityFactor: number;
    rentalVelocityMin: number;
    /** Rated spend of a customer in the window over the mean of the baseline windows, per currency. */
    spendJumpFactor: number;
    /** …and at least this much spend in the window (major units of its currency). */
    spendJumpMin: number;
    /** Windows before the evaluated one whose mean is the baseline. */
    baselineWindows: number;
  };
}

type Env = Record<string, string | undefined>;

function numberFrom(env: Env, name: string, fallback: number, min: number, max = Number.POSITIVE_INFINITY): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) throw new ConfigError(`${name}=${raw} is not a number in [${min}, ${max}]; unset it to use ${fallback}`);
  return value;
}

function url(env: Env, name: string): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  try {
    const parsed = new URL(raw);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:' && parsed.protocol !== 'file:') throw new Error('protocol');
  } catch {
    throw new ConfigError(`${name}=${raw} is not an http(s) or file URL`);
  }
  return raw;
}

const HOUR_MS = 3_600_000;

export function riskFrom(env: Env): RiskConfig {
  const blockThreshold = numberFrom(env, 'HOURGLASS_SANCTIONS_BLOCK_THRESHOLD', 0.95, 0.01, 1);
  const reviewThreshold = numberFrom(env, 'HOURGLASS_SANCTIONS_REVIEW_THRESHOLD', 0.85, 0.01, 1);
  if (reviewThreshold > blockThreshold) throw new ConfigError(`HOURGLASS_SANCTIONS_REVIEW_THRESHOLD=${reviewThreshold} is above the block threshold ${blockThreshold}`);
  return {
    sanctions: {
      blockThreshold,
      reviewThreshold,
      urls: {
        ofacSdn: url(env, 'HOURGLASS_SANCTIONS_OFAC_SDN_URL'),
        ofacAlt: url(env, 'HOURGLASS_SANCTIONS_OFAC_ALT_URL'),
        ofacAdd: url(env, 'HOURGLASS_SANCTIONS_OFAC_ADD_URL'),
        eu: url(env, 'HOURGLASS_SANCTIONS_EU_URL'),
      },
      refreshMs: numberFrom(env, 'HOURGLASS_SANCTIONS_REFRESH_HOURS', 24, 1) * HOUR_MS,
      sweepIntervalMs: numberFrom(env, 'HOURGLASS_SCREENING_SWEEP_MS', 10_000, 0),
    },
    signals: {
      intervalMs: numberFrom(env, 'HOURGLASS_RISK_SIGNALS_INTERVAL_MS', 300_000, 0),
      windowMs: numberFrom(env, 'HOURGLASS_RISK_SIGNALS_WINDOW_HOURS', 24, 1) * HOUR_MS,
      nodeOvercommitRatio: numberFrom(env, 'HOURGLASS_RISK_NODE_OVERCOMMIT_RATIO', 1.05, 0),
      overlapResendRatio: numberFrom(env, 'HOURGLASS_RISK_OVERLAP_RESEND_RATIO', 0.2, 0, 1),
      overlapResendMin: numberFrom(env, 'HOURGLASS_RISK_OVERLAP_RESEND_MIN', 50, 0),
      outsideWindowMin: numberFrom(env, 'HOURGLASS_RISK_OUTSIDE_WINDOW_MIN', 10, 0),
      zeroUtilizationMs: numberFrom(env, 'HOURGLASS_RISK_ZERO_UTILIZATION_HOURS', 6, 0) * HOUR_MS,
      rentalVelocityFactor: numberFrom(env, 'HOURGLASS_RISK_RENTAL_VELOCITY_FACTOR', 3, 0),
      rentalVelocityMin: numberFrom(env, 'HOURGLASS_RISK_RENTAL_VELOCITY_MIN', 10, 0),
      spendJumpFactor: numberFrom(env, 'HOURGLASS_RISK_SPEND_JUMP_FACTOR', 3, 0),
      spendJumpMin: numberFrom(env, 'HOURGLASS_RISK_SPEND_JUMP_MIN', 1000, 0),
      baselineWindows: numberFrom(env, 'HOURGLASS_RISK_BASELINE_WINDOWS', 7, 1, 90),
    },
  };
}
