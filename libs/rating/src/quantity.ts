import Big from 'big.js';
import { Dec } from '@hourglass/money';
import { MS_PER_HOUR_BIGINT } from '@hourglass/time';

/** The hour as a decimal, for dividing exact GPU-ms into GPU-hours without a float. */
export const MS_PER_HOUR_DEC: Big = new Dec(MS_PER_HOUR_BIGINT);

/**
 * Digits of a displayed GPU-hour quantity. GPU-ms / 3.6e6 terminates only when GPU-ms is a
 * multiple of 9 (one GPU-minute is 0.01666… h), so the displayed quantity is rounded to
 * the scale of the ClickHouse Decimal(38, 12) columns. Amounts never use it: they are
 * computed from the integer GPU-ms carried next to it.
 */
export const QUANTITY_DP = 12;

/** GPU-ms must be an exact non-negative integer; a float here would be a unit bug upstream. */
export function toGpuMs(gpuMs: number | bigint): bigint {
  if (typeof gpuMs === 'number' && !Number.isSafeInteger(gpuMs)) {
    throw new Error(`GPU-ms must be a safe integer, got ${gpuMs}`);
  }
  const value = BigInt(gpuMs);
  if (value < 0n) throw new Error(`GPU-ms must not be negative, got ${value}`);
  return value;
}

/** GPU-hours as a decimal, exact when it terminates, otherwise to EXACT_DP digits. */
export function gpuHoursOf(gpuMs: bigint): Big {
  return new Dec(gpuMs).div(MS_PER_HOUR_DEC);
}

const QUANTITY_SCALE = 10n ** BigInt(QUANTITY_DP);

/**
 * "1.5" for 5,400,000 GPU-ms; trailing zeros trimmed, at most QUANTITY_DP digits, the last one
 * rounded half up. Integer arithmetic on the exact ratio: it runs once per invoice line, and a
 * 60-digit big.js division there was the most expensive step of a billing run.
 */
export function formatGpuHours(gpuMs: bigint): string {
  if (gpuMs < 0n) throw new Error(`GPU-ms must not be negative, got ${gpuMs}`);
  const scaled = (gpuMs * QUANTITY_SCALE * 2n + MS_PER_HOUR_BIGINT) / (MS_PER_HOUR_BIGINT * 2n);
  const whole = scaled / QUANTITY_SCALE;
  const fraction = (scaled % QUANTITY_SCALE).toString().padStart(QUANTITY_DP, '0').replace(/0+$/, '');
  return fraction === '' ? whole.toString() : `${whole}.${fraction}`;
}
