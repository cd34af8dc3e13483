import { DomainError } from '@hourglass/contracts';
import { Dec } from '@hourglass/money';
import { Period, periodOf } from '@hourglass/time';
import type { Clock, RatingRepository, ReferenceLookup, SpendStore } from './ports';

export class SpendQueryError extends DomainError {
  constructor(
    override readonly reason: 'customer_not_found' | 'invalid_period',
    message: string,
  ) {
    super(reason, message);
  }
}

export interface CustomerSpend {
  customerId: string;
  period: string;
  currency: string;
  /** Exact, unrounded: the sum of the newest hourly ratings of the month. Not an invoice amount. */
  spend: string;
  creditLimit: string | null;
  /** `live`: the copy the rating job keeps in Redis; `rated_usage`: computed now because none was kept. */
  source: 'live' | 'rated_usage';
  ratingSeq: number | null;
  updatedAt: string | null;
}

/** GET /v1/customers/:id/spend: the live copy when there is one, otherwise the same sum from ClickHouse. */
export class SpendQueryService {
  constructor(
    private readonly store: SpendStore,
    private readonly repository: RatingRepository,
    private readonly reference: ReferenceLookup,
    private readonly clock: Clock,
  ) {}

  async spend(customerId: string, period?: string): Promise<CustomerSpend> {
    const customer = this.reference.customer(customerId);
    if (!customer) throw new SpendQueryError('customer_not_found', `no customer ${customerId}`);
    const month = period ?? periodOf(this.clock.nowMs());
    if (!Period.isPeriod(month)) throw new SpendQueryError('invalid_period', `period "${month}" is not YYYY-MM`);
    const base = { customerId, period: month, currency: customer.currency, creditLimit: customer.creditLimit };
    const live = await this.store.read(customerId, month);
    if (live && live.currency === customer.currency) {
      return { ...base, spend: live.amount, source: 'live', ratingSeq: live.ratingSeq, updatedAt: new Date(live.updatedAtMs).toISOString() };
    }
    const totals = await this.repository.spend([customerId], month);
    const amount = totals.find((t) => t.currency === customer.currency)?.amount ?? new Dec(0n);
    return { ...base, spend: amount.toFixed(), source: 'rated_usage', ratingSeq: null, updatedAt: null };
  }
}
