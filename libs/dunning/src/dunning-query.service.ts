import { formatMoney } from '@hourglass/money';
import { DunningError, type DunningState } from './domain';
import type { DunningFactStore } from './ports';

export const DUNNING_STATES: readonly DunningState[] = ['scheduled', 'exhausted', 'recovered', 'cancelled'];
export const QUEUE_LIMIT_MAX = 1_000;

export interface DunningQueueItem {
  invoiceId: string;
  customerId: string;
  segment: string;
  currency: string;
  amountDue: string;
  /** Retries made so far. */
  attempt: number;
  attemptsMax: number;
  nextAttemptAt: string | null;
  state: DunningState;
  failedAt: string;
  graceEndsAt: string;
  updatedAt: string;
}

export interface DunningQueuePage {
  items: DunningQueueItem[];
  nextCursor: string | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The dunning queue as the API and CLI show it: every case's latest state, from facts. */
export class DunningQueryService {
  constructor(private readonly facts: DunningFactStore) {}

  async queue(input: { state?: string; customerId?: string; cursor?: string; limit?: number }): Promise<DunningQueuePage> {
    const states = (input.state ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0);
    const bad = states.filter((s) => !DUNNING_STATES.includes(s as DunningState));
    if (bad.length > 0) throw new DunningError('invalid_state', `state ${bad.join(',')}: expected one or more of ${DUNNING_STATES.join(', ')}, comma-separated`);
    const limit = input.limit ?? 100;
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > QUEUE_LIMIT_MAX) throw new DunningError('invalid_limit', `limit: a whole number from 1 to ${QUEUE_LIMIT_MAX}`);
    let after: string | undefined;
    if (input.cursor !== undefined) {
      after = Buffer.from(input.cursor, 'base64url').toString('utf8');
      if (!after.startsWith('i:')) throw new DunningError('invalid_cursor', 'cursor: pass the nextCursor of the previous page');
      after = after.slice(2);
    }
    const rows = await this.facts.queue({ states: states as DunningState[], customerId: input.customerId, afterInvoiceId: after, limit: limit + 1 });
    const page = rows.slice(0, limit);
    return {
      items: page.map((r) => ({
        invoiceId: r.invoiceId,
        customerId: r.customerId,
        segment: r.segment,
        currency: r.currency,
        amountDue: formatMoney(r.amountDue, r.currency),
        attempt: r.attempt,
        attemptsMax: r.attemptsMax,
        nextAttemptAt: r.nextAttemptAtMs === null ? null : iso(r.nextAttemptAtMs),
        state: r.state,
        failedAt: iso(r.failedAtMs),
        graceEndsAt: iso(r.graceEndsAtMs),
        updatedAt: iso(r.updatedAtMs),
      })),
      nextCursor: rows.length > limit ? Buffer.from(`i:${page[page.length - 1]!.invoiceId}`, 'utf8').toString('base64url') : null,
    };
  }
}
