import { formatMoney } from '@hourglass/money';
import type { InvoiceLifecycleRepository } from '../ports';

export interface CreditBalanceView {
  grantId: string;
  currency: string;
  amount: string;
  applied: string;
  remaining: string;
  expiresAt: string | null;
  priority: number;
}

/** A customer's prepaid grants with what invoices drew from them, amounts in minor units. */
export class CreditBalances {
  constructor(private readonly repository: InvoiceLifecycleRepository) {}

  async execute(customerId: string): Promise<CreditBalanceView[]> {
    return (await this.repository.creditBalances(customerId)).map((b) => ({
      grantId: b.grantId,
      currency: b.currency,
      amount: formatMoney(b.amount, b.currency),
      applied: formatMoney(b.applied, b.currency),
      remaining: formatMoney(b.amount.minus(b.applied), b.currency),
      expiresAt: b.expiresAtMs === null ? null : new Date(b.expiresAtMs).toISOString(),
      priority: b.priority,
    }));
  }
}
