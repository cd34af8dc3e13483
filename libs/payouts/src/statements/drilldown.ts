import type Big from 'big.js';
import { Dec, dec, formatMoney } from '@hourglass/money';
import { DomainError } from '@hourglass/contracts';
import type { PayoutStatementView, RentalFacts } from '../ports';

export type { RentalFacts } from '../ports';

/** Statement ids are `ps_YYYYMM_<currency>_<operatorId>` (deterministic, see payoutStatements). */
export function parseStatementId(statementId: string): { period: string; currency: string; operatorId: string } {
  const m = /^ps_(\d{4})(\d{2})_([A-Z]{3})_(.+)$/.exec(statementId);
  if (!m) throw new DomainError('not_found', `no payout statement ${statementId}: ids look like ps_202610_USD_op-42`);
  return { period: `${m[1]}-${m[2]}`, currency: m[3]!, operatorId: m[4]! };
}


/**
 * Statement → invoice lines → rentals → GPU-hours. Each invoice carries its lines (the operator's
 * share of each); each rental the GPU-hours and shares of its lines in the statement. The totals
 * add up exactly to the statement: every figure is a sum of the same lines.
 */
export interface StatementDrilldown {
  statementId: string;
  operatorId: string;
  currency: string;
  periodStart: string;
  periodEnd: string;
  gross: string;
  platformFee: string;
  net: string;
  gpuHours: string;
  invoices: Array<{
    invoiceId: string;
    invoiceNumber: string;
    customerId: string;
    amount: string;
    operatorShare: string;
    lines: PayoutStatementView['lines'];
  }>;
  rentals: Array<RentalFacts & { gpuHours: string; amount: string; operatorShare: string; lines: number }>;
}

export function drilldown(statement: PayoutStatementView, rentals: ReadonlyMap<string, RentalFacts>): StatementDrilldown {
  const money = (v: Big) => formatMoney(v, statement.currency);
  const zero = () => new Dec(0);
  const byInvoice = new Map<string, PayoutStatementView['lines']>();
  const byRental = new Map<string, { gpuHours: Big; amount: Big; share: Big; lines: number }>();
  let gpuHours = zero();
  for (const l of statement.lines) {
    byInvoice.set(l.invoiceId, [...(byInvoice.get(l.invoiceId) ?? []), l]);
    const r = byRental.get(l.rentalId) ?? { gpuHours: zero(), amount: zero(), share: zero(), lines: 0 };
    byRental.set(l.rentalId, { gpuHours: r.gpuHours.plus(dec(l.quantityGpuHours)), amount: r.amount.plus(dec(l.amount)), share: r.share.plus(dec(l.operatorShare)), lines: r.lines + 1 });
    gpuHours = gpuHours.plus(dec(l.quantityGpuHours));
  }
  return {
    statementId: statement.statementId,
    operatorId: statement.operatorId,
    currency: statement.currency,
    periodStart: statement.periodStart,
    periodEnd: statement.periodEnd,
    gross: statement.gross,
    platformFee: statement.platformFee,
    net: statement.net,
    gpuHours: gpuHours.toFixed(),
    invoices: [...byInvoice.entries()].map(([invoiceId, lines]) => ({
      invoiceId,
      invoiceNumber: lines[0]!.invoiceNumber,
      customerId: lines[0]!.customerId,
      amount: money(lines.reduce((s, l) => s.plus(dec(l.amount)), zero())),
      operatorShare: money(lines.reduce((s, l) => s.plus(dec(l.operatorShare)), zero())),
      lines,
    })),
    rentals: [...byRental.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([rentalId, r]) => ({
        ...(rentals.get(rentalId) ?? { rentalId, customerId: '', datacenterId: '', nodeId: '', gpuModel: '', gpuCount: 0 }),
        rentalId,
        gpuHours: r.gpuHours.toFixed(),
        amount: money(r.amount),
        operatorShare: money(r.share),
        lines: r.lines,
      })),
  };
}

export const DRILLDOWN_CSV_COLUMNS = [
  'statementId', 'operatorId', 'currency', 'invoiceId', 'invoiceNumber', 'customerId', 'lineId', 'kind', 'rentalId',
  'datacenterId', 'nodeId', 'gpuModel', 'gpuCount', 'servicePeriod', 'priceBookVersion', 'quantityGpuHours', 'amount', 'operatorShare', 'platformFee',
] as const;

/** One CSV row per invoice line, with its rental's facts: the finest grain a statement has. */
export function drilldownCsv(d: StatementDrilldown): string {
  const rentals = new Map(d.rentals.map((r) => [r.rentalId, r]));
  const esc = (v: unknown) => {
    const s = String(v ?? '');
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const rows = d.invoices.flatMap((inv) =>
    inv.lines.map((l) => {
      const r = rentals.get(l.rentalId);
      const row: Record<(typeof DRILLDOWN_CSV_COLUMNS)[number], unknown> = {
        statementId: d.statementId, operatorId: d.operatorId, currency: d.currency, invoiceId: inv.invoiceId, invoiceNumber: inv.invoiceNumber,
        customerId: inv.customerId, lineId: l.lineId, kind: l.kind, rentalId: l.rentalId, datacenterId: r?.datacenterId, nodeId: r?.nodeId,
        gpuModel: r?.gpuModel, gpuCount: r?.gpuCount, servicePeriod: l.servicePeriod, priceBookVersion: l.priceBookVersion,
        quantityGpuHours: l.quantityGpuHours, amount: l.amount, operatorShare: l.operatorShare, platformFee: l.platformFee,
      };
      return DRILLDOWN_CSV_COLUMNS.map((c) => esc(row[c])).join(',');
    }),
  );
  return [DRILLDOWN_CSV_COLUMNS.join(','), ...rows].join('\n') + '\n';
}
