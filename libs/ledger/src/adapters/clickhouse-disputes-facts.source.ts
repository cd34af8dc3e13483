import type { ClickHouseClient } from '@clickhouse/client';
import { parseChDateTime, queryRows } from '@hourglass/clickhouse';
import { dec } from '@hourglass/money';
import { TXN_PREFIX } from '../domain/txn-ids';
import type { DisputeLossFact, DisputeLossReversalFact, DisputesFacts } from '../ports';
import { disputeLossesSql, disputeLossReversalsSql } from './disputes-facts.sql';

interface Row {
  dispute_id: string;
  provider: string;
  currency: string;
  amount: string;
  clawback_operators: string[];
  clawback_amounts: string[];
  occurred_at: string;
}

const lossOf = (r: Row): DisputeLossFact => ({
  disputeId: r.dispute_id,
  provider: r.provider,
  currency: r.currency,
  amount: dec(r.amount),
  clawbacks: r.clawback_operators.map((operatorId, i) => ({ operatorId, amount: dec(String(r.clawback_amounts[i])) })),
  occurredAtMs: parseChDateTime(r.occurred_at),
});

/** The disputes module's loss facts and their reversals as the ledger's feeds take them; maps rows, decides nothing. */
export class ClickHouseDisputesFacts implements DisputesFacts {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
  ) {}

  async losses(afterTxnId: string, limit: number): Promise<DisputeLossFact[]> {
    const rows = await queryRows<Row>(this.client, disputeLossesSql('`' + this.database + '`'), { prefix: TXN_PREFIX.disputeLost, after: afterTxnId, limit });
    return rows.map(lossOf);
  }

  async lossReversals(afterTxnId: string, limit: number): Promise<DisputeLossReversalFact[]> {
    const rows = await queryRows<Row & { reversed_at: string }>(this.client, disputeLossReversalsSql('`' + this.database + '`'), {
      prefix: TXN_PREFIX.reversal + TXN_PREFIX.disputeLost,
      lostPrefix: TXN_PREFIX.disputeLost,
      after: afterTxnId,
      limit,
    });
    return rows.map((r) => ({ loss: lossOf(r), occurredAtMs: parseChDateTime(r.reversed_at) }));
  }
}
