import type { PayoutStatement } from './domain/payout-statements';

/** An earned statement as CONTRACTS §4 prints it (`hourglass payouts --json`): decimal strings in minor units. */
export interface PayoutStatementView {
  statementId: string;
  operatorId: string;
  currency: string;
  periodStart: string;
  periodEnd: string;
  gross: string;
  platformFee: string;
  net: string;
  lines: PayoutStatementLineView[];
}

export interface PayoutStatementLineView {
  invoiceId: string;
  invoiceNumber: string;
  customerId: string;
  lineId: string;
  kind: string;
  rentalId: string;
  priceBookVersion: number;
  servicePeriod: string;
  quantityGpuHours: string;
  amount: string;
  operatorShare: string;
  platformFee: string;
}

export interface PayoutStatementRepository {
  /** Appends a run's statements; the same run written again (a resumed run) keeps one copy. */
  write(statements: readonly PayoutStatement[], runId: string, issuedAtMs: number): Promise<void>;
  /** A period's statements by operator and currency, each with the invoice lines it sums. */
  statements(filter: { period: string; operatorId?: string }): Promise<PayoutStatementView[]>;
}
