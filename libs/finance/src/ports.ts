import type { Readable } from 'node:stream';
import type { ReceivablesRow } from './domain/dso';
import type { ClosePackFormat, DatasetSummary } from './domain/close-pack';

export interface Clock {
  nowMs(): number;
}

export interface InvoiceTotalsRow {
  currency: string;
  status: string;
  invoices: number;
  /** Sum of invoice `total`, major units, decimal text. */
  amount: string;
}

export interface PayoutTotalsRow {
  currency: string;
  gross: string;
  platformFee: string;
  net: string;
}

/** What the finance gauges show, read from ClickHouse in one go (never from process memory). */
export interface FinanceSnapshot {
  receivables: ReceivablesRow[];
  invoices: InvoiceTotalsRow[];
  payouts: PayoutTotalsRow[];
}

export interface FinanceSnapshotSource {
  /** `windowStartMs`..`nowMs` (exclusive) is the DSO window. */
  read(nowMs: number, windowStartMs: number): Promise<FinanceSnapshot>;
}

export interface PeriodWindow {
  period: string;
  startMs: number;
  endMs: number;
  asOfMs: number;
}

export interface ClosePackSource {
  datasets(): ReadonlyArray<{ name: string; description: string }>;
  summarize(window: PeriodWindow): Promise<DatasetSummary[]>;
  /** The dataset's rows as a file in `format`, in a fixed order: same window, same bytes. Streamed, never whole in memory (with a server). */
  export(window: PeriodWindow, dataset: string, format: ClosePackFormat): Promise<Readable>;
}
