import { ConfigError } from './config-error';

/** The payouts module's section (CONTRACTS §7). */
export interface PayoutsConfig {
  /** HOURGLASS_PAYOUT_BASIS: `collected` (default: shares of what customers paid) or `earned`. */
  basis: 'collected' | 'earned';
  /** HOURGLASS_PAYOUT_RESERVE_RATE: the rolling reserve, a decimal in [0, 1) (default 0.10). */
  reserveRate: string;
  /** HOURGLASS_PAYOUT_RESERVE_DAYS: how long a reserve tranche is held (default 90). */
  reserveHoldMs: number;
  /** HOURGLASS_PAYOUT_MINIMUM: `50` for every currency, or `EUR:50,USD:50,JPY:5000` (`*:` for the rest). */
  minimum: Record<string, string>;
  /** HOURGLASS_PAYOUT_SCHEDULE: `off` (default), `weekly` (Mondays) or `monthly` (the 1st), under a leased job. */
  schedule: 'off' | 'weekly' | 'monthly';
  /** HOURGLASS_PAYOUT_DEBTOR_NAME, _IBAN, _BIC: the account payouts leave from (the pain.001 debtor). */
  debtor: { name: string; iban: string; bic: string } | null;
  /** HOURGLASS_KYC_CUSTOMER_MONTHLY_SPEND: above it a customer must be verified; unset: no threshold. */
  customerSpendLimit: string | null;
}

type Env = Record<string, string | undefined>;
const DECIMAL = /^\d+(\.\d+)?$/;
const MS_PER_DAY = 86_400_000;

export function payoutsFrom(env: Env): PayoutsConfig {
  const basis = env.HOURGLASS_PAYOUT_BASIS || 'collected';
  if (basis !== 'collected' && basis !== 'earned') throw new ConfigError(`HOURGLASS_PAYOUT_BASIS=${basis}: expected collected or earned`);
  const reserveRate = env.HOURGLASS_PAYOUT_RESERVE_RATE || '0.10';
  if (!/^0(\.\d+)?$/.test(reserveRate)) throw new ConfigError(`HOURGLASS_PAYOUT_RESERVE_RATE=${reserveRate}: expected a decimal in [0, 1) such as 0.10`);
  const daysRaw = env.HOURGLASS_PAYOUT_RESERVE_DAYS || '90';
  const days = Number(daysRaw);
  if (!Number.isSafeInteger(days) || days < 0) throw new ConfigError(`HOURGLASS_PAYOUT_RESERVE_DAYS=${daysRaw}: expected a whole number of days >= 0`);
  const minimum: Record<string, string> = {};
  for (const part of (env.HOURGLASS_PAYOUT_MINIMUM || '0').split(',').map((s) => s.trim()).filter(Boolean)) {
    const [currency, amount] = part.includes(':') ? part.split(':') : ['*', part];
    if (!/^([A-Z]{3}|\*)$/.test(currency!) || !DECIMAL.test(amount!)) throw new ConfigError(`HOURGLASS_PAYOUT_MINIMUM: ${part} is not AMOUNT or CUR:AMOUNT`);
    minimum[currency!] = amount!;
  }
  const schedule = env.HOURGLASS_PAYOUT_SCHEDULE || 'off';
  if (schedule !== 'off' && schedule !== 'weekly' && schedule !== 'monthly') throw new ConfigError(`HOURGLASS_PAYOUT_SCHEDULE=${schedule}: expected off, weekly or monthly`);
  const name = env.HOURGLASS_PAYOUT_DEBTOR_NAME;
  const iban = env.HOURGLASS_PAYOUT_DEBTOR_IBAN?.replace(/\s+/g, '').toUpperCase();
  const bic = env.HOURGLASS_PAYOUT_DEBTOR_BIC?.toUpperCase();
  const set = [name, iban, bic].filter(Boolean).length;
  if (set !== 0 && set !== 3) throw new ConfigError('HOURGLASS_PAYOUT_DEBTOR_NAME, _IBAN and _BIC go together: set all three or none');
  const limit = env.HOURGLASS_KYC_CUSTOMER_MONTHLY_SPEND || null;
  if (limit !== null && !DECIMAL.test(limit)) throw new ConfigError(`HOURGLASS_KYC_CUSTOMER_MONTHLY_SPEND=${limit}: expected a decimal amount`);
  return {
    basis,
    reserveRate,
    reserveHoldMs: days * MS_PER_DAY,
    minimum,
    schedule,
    debtor: set === 3 ? { name: name!, iban: iban!, bic: bic! } : null,
    customerSpendLimit: limit,
  };
}
