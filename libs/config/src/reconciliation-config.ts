import { ConfigError } from './config-error';

/**
 * The reconciliation module's section (CONTRACTS §9). Rules and fee schedules are JSON documents
 * (validated by the module); null keeps the module's defaults (libs/reconciliation/README.md).
 */
export interface ReconciliationConfig {
  /** HOURGLASS_RECON_RULES: `[{id, kind: exact|tolerance|date_lag, priority, …}]`. */
  rules: unknown[] | null;
  /** HOURGLASS_RECON_FEE_SCHEDULES: `[{provider, currency, percentage, fixed, tolerance}]`. */
  feeSchedules: unknown[] | null;
  /** HOURGLASS_RECON_SETTLEMENT_WINDOWS `stripe=2,adyen=3`: a processor's usual T+N in days. */
  settlementWindowDays: Record<string, number>;
  /** HOURGLASS_RECON_LOOKBACK_DAYS: how far before a period payments are looked for. */
  lookbackDays: number;
  /** HOURGLASS_RECON_PAYOUT_WINDOW_DAYS (default 3): days the bank has to book a payout batch. */
  payoutWindowDays: number;
  /**
   * HOURGLASS_RECON_INTERVAL_MS (default 3600000, one hour; 0 turns it off): the pause between
   * scheduled runs of the running and the previous period, under a leased job.
   */
  runIntervalMs: number;
}

type Env = Record<string, string | undefined>;

function jsonArray(env: Env, name: string): unknown[] | null {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new ConfigError(`${name} is not JSON`);
  }
  if (!Array.isArray(value)) throw new ConfigError(`${name} must be a JSON array`);
  return value;
}

export function reconciliationFrom(env: Env): ReconciliationConfig {
  const windows: Record<string, number> = { stripe: 2, adyen: 3 };
  for (const part of (env.HOURGLASS_RECON_SETTLEMENT_WINDOWS ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const [provider, days] = part.split('=');
    const n = Number(days);
    if (!provider || !Number.isInteger(n) || n < 0) throw new ConfigError(`HOURGLASS_RECON_SETTLEMENT_WINDOWS: ${part} is not provider=days`);
    windows[provider.trim()] = n;
  }
  const lookbackRaw = env.HOURGLASS_RECON_LOOKBACK_DAYS;
  const lookbackDays = lookbackRaw === undefined || lookbackRaw === '' ? 45 : Number(lookbackRaw);
  if (!Number.isInteger(lookbackDays) || lookbackDays < 0) throw new ConfigError(`HOURGLASS_RECON_LOOKBACK_DAYS=${lookbackRaw} is not a whole number >= 0`);
  const whole = (name: string, fallback: number) => {
    const raw = env[name];
    const n = raw === undefined || raw === '' ? fallback : Number(raw);
    if (!Number.isSafeInteger(n) || n < 0) throw new ConfigError(`${name}=${raw} is not a whole number >= 0`);
    return n;
  };
  return {
    payoutWindowDays: whole('HOURGLASS_RECON_PAYOUT_WINDOW_DAYS', 3),
    runIntervalMs: whole('HOURGLASS_RECON_INTERVAL_MS', 3_600_000),
    rules: jsonArray(env, 'HOURGLASS_RECON_RULES'),
    feeSchedules: jsonArray(env, 'HOURGLASS_RECON_FEE_SCHEDULES'),
    settlementWindowDays: windows,
    lookbackDays,
  };
}
