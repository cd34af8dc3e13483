import { ConfigError } from './config-error';

/** The dunning module's section (libs/dunning/README.md). Policies are validated by the module. */
export interface DunningConfig {
  /** Pause between dunning ticks; 0: the job does not run on its own (tests run it by hand). */
  intervalMs: number;
  /** Policies by segment, added to the built-in `default` (8 retries over 14 days, suspend after 7). */
  policies: Array<{ segment: string; retries: number; windowDays: number; graceDays: number }>;
  /** Which segment a customer is in; customers not named are in `default`. */
  segments: Record<string, string>;
}

type Env = Record<string, string | undefined>;

function pairs(name: string, raw: string | undefined): Array<[string, string]> {
  return (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((pair) => {
      const [k, v] = pair.split('=').map((s) => s.trim());
      if (!k || !v) throw new ConfigError(`${name}: expected key=value pairs, comma-separated (got ${pair})`);
      return [k, v];
    });
}

/**
 * HOURGLASS_DUNNING_POLICIES: `segment=retries/windowDays/graceDays,…`, e.g. `enterprise=10/21/14`;
 * HOURGLASS_DUNNING_SEGMENTS: `customerId=segment,…`; HOURGLASS_DUNNING_INTERVAL_MS (default 60000).
 */
export function dunningFrom(env: Env): DunningConfig {
  const rawInterval = env.HOURGLASS_DUNNING_INTERVAL_MS;
  const intervalMs = rawInterval === undefined || rawInterval === '' ? 60_000 : Number(rawInterval);
  if (!Number.isSafeInteger(intervalMs) || intervalMs < 0) throw new ConfigError(`HOURGLASS_DUNNING_INTERVAL_MS=${rawInterval} is not a whole number >= 0`);
  const policies = pairs('HOURGLASS_DUNNING_POLICIES', env.HOURGLASS_DUNNING_POLICIES).map(([segment, spec]) => {
    const m = /^(\d+)\/(\d+)\/(\d+)$/.exec(spec);
    if (!m) throw new ConfigError(`HOURGLASS_DUNNING_POLICIES: ${segment}=${spec} is not retries/windowDays/graceDays, e.g. 8/14/7`);
    return { segment, retries: Number(m[1]), windowDays: Number(m[2]), graceDays: Number(m[3]) };
  });
  return { intervalMs, policies, segments: Object.fromEntries(pairs('HOURGLASS_DUNNING_SEGMENTS', env.HOURGLASS_DUNNING_SEGMENTS)) };
}
