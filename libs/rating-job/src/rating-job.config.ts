import { ConfigError, type HourglassConfig } from '../../config/src';

export interface RatingJobConfig {
  /** Pause between the end of one tick and the start of the next; 0 turns the job off in this process. */
  intervalMs: number;
  eventsPerTickMax: number;
  rerateCellsPerTickMax: number;
  /** How long a missing stream sequence below the watermark is waited for. */
  gapTimeoutMs: number;
  gapsMax: number;
  alertMonthsBack: number;
  /** Lease on the job across replicas; many ticks long, renewed by every tick. */
  leaseMs: number;
}

type Env = Record<string, string | undefined>;

function wholeNumber(env: Env, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min) throw new ConfigError(`${name}=${raw} is not a whole number >= ${min}; unset it to use ${fallback}`);
  return value;
}

/**
 * The rating job's settings, parsed and validated once. They belong in libs/config's
 * HourglassConfig; they live here until that module takes them, and read the same environment.
 * The default gap timeout outlasts metering's unknown-rental grace (the longest an event can
 * be held back and then written) by five minutes.
 */
export function loadRatingJobConfig(env: Env, config: Pick<HourglassConfig, 'unknownRentalGraceMs'>): RatingJobConfig {
  const intervalMs = wholeNumber(env, 'HOURGLASS_RATING_INTERVAL_MS', 5_000, 0);
  return {
    intervalMs,
    eventsPerTickMax: wholeNumber(env, 'HOURGLASS_RATING_EVENTS_PER_TICK', 50_000, 1),
    rerateCellsPerTickMax: wholeNumber(env, 'HOURGLASS_RATING_RERATE_HOURS_PER_TICK', 5_000, 1),
    gapTimeoutMs: wholeNumber(env, 'HOURGLASS_RATING_GAP_TIMEOUT_MS', config.unknownRentalGraceMs + 300_000, 0),
    gapsMax: 1_000,
    alertMonthsBack: wholeNumber(env, 'HOURGLASS_RATING_ALERT_MONTHS_BACK', 1, 0),
    leaseMs: Math.max(60_000, 10 * intervalMs),
  };
}
