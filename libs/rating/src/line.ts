import Big from 'big.js';
import { splitShare, type RoundingMode } from '@hourglass/money';
import { formatGpuHours } from './quantity';
import type { PriceBookVersion, Rental } from './types';

/** CONTRACTS §4's kinds; `credit` lines are issued by invoicing, not by rating. */
export type LineKind = 'usage' | 'reserved' | 'adjustment';

export interface InvoiceLine {
  rentalId: string;
  operatorId: string;
  priceBookId: string;
  priceBookVersion: number;
  /** 'YYYY-MM' of the usage (or committed month) the line charges for. */
  servicePeriod: string;
  kind: LineKind;
  /** The authoritative quantity; amounts are computed from it, never from quantityGpuHours. */
  gpuMs: bigint;
  /** GPU-ms / 3.6e6 for display: trailing zeros trimmed, at most QUANTITY_DP digits. */
  quantityGpuHours: string;
  /** Per GPU-hour for flat rates; null when the price depends on the group total. */
  unitPrice: string | null;
  /** Rounded once to the currency's minor units. */
  amount: Big;
  operatorShare: Big;
  platformFee: Big;
  /** The amount before its one rounding (for grouped rates, this line's share of the group's). */
  exact: Big;
}

export interface UsageLine extends InvoiceLine {
  kind: 'usage';
}

export interface LineParts<K extends LineKind> {
  kind: K;
  rental: Rental;
  version: PriceBookVersion;
  servicePeriod: string;
  gpuMs: bigint;
  unitPrice: string | null;
  amount: Big;
  exact: Big;
  currency: string;
  mode: RoundingMode;
}

export function makeLine<K extends LineKind>(p: LineParts<K>): InvoiceLine & { kind: K } {
  const { operatorShare, platformFee } = splitShare(p.amount, p.version.platformFeeRate, p.currency, p.mode);
  return {
    rentalId: p.rental.rentalId,
    operatorId: p.rental.operatorId,
    priceBookId: p.version.priceBookId,
    priceBookVersion: p.version.version,
    servicePeriod: p.servicePeriod,
    kind: p.kind,
    gpuMs: p.gpuMs,
    quantityGpuHours: formatGpuHours(p.gpuMs),
    unitPrice: p.unitPrice,
    amount: p.amount,
    operatorShare,
    platformFee,
    exact: p.exact,
  };
}

/** Deterministic order for invoices and payout statements. */
export function compareLines(a: InvoiceLine, b: InvoiceLine): number {
  return (
    a.servicePeriod.localeCompare(b.servicePeriod) ||
    (a.rentalId < b.rentalId ? -1 : a.rentalId > b.rentalId ? 1 : 0) ||
    a.priceBookVersion - b.priceBookVersion
  );
}
