import type { ClickHouseClient } from '@clickhouse/client';
import { insertRows, queryRows } from '@hourglass/clickhouse';
import { Period } from '@hourglass/time';
import type { PayoutStatement } from '../domain/payout-statements';
import type { PayoutStatementRepository, PayoutStatementView } from '../ports';
import { statementToRow, statementViewFromRow } from './mapping';

type Row = Record<string, string>;

/**
 * Adapter only. Statement headers are payouts' own facts (`payout_statements`); their lines are the
 * invoice lines invoicing stored, read from its tables rather than copied, so a statement can never
 * disagree with the invoices it sums.
 */
export class ClickHousePayoutStatementRepository implements PayoutStatementRepository {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
  ) {}

  private get db(): string {
    return '`' + this.database + '`';
  }

  async write(statements: readonly PayoutStatement[], runId: string, issuedAtMs: number): Promise<void> {
    if (statements.length === 0) return;
    const { startMs, endMs } = Period.parse(statements[0]!.period);
    await insertRows(
      this.client,
      `${this.database}.payout_statements`,
      statements.map((s) => statementToRow(s, runId, startMs, endMs, issuedAtMs)),
      `${runId}:payouts`,
    );
  }

  async statements(filter: { period: string; operatorId?: string }): Promise<PayoutStatementView[]> {
    const statements = await queryRows<Row>(
      this.client,
      `SELECT * FROM ${this.db}.payout_statements FINAL
       WHERE period = {period:String} AND ({operatorId:String} = '' OR operator_id = {operatorId:String})
       ORDER BY operator_id, currency`,
      { period: filter.period, operatorId: filter.operatorId ?? '' },
    );
    if (statements.length === 0) return [];
    const lines = await queryRows<Row>(
      this.client,
      `SELECT l.invoice_id AS invoice_id, l.customer_id AS customer_id, l.line_id AS line_id, l.kind AS kind,
              l.rental_id AS rental_id, l.operator_id AS operator_id, l.currency AS currency,
              l.price_book_version AS price_book_version, l.service_period AS service_period,
              l.quantity_gpu_hours AS quantity_gpu_hours, l.amount AS amount, l.operator_share AS operator_share,
              l.platform_fee AS platform_fee, i.number AS invoice_number FROM ${this.db}.invoice_lines AS l FINAL
       INNER JOIN (SELECT invoice_id, number FROM ${this.db}.invoices FINAL WHERE period = {period:String}) AS i ON i.invoice_id = l.invoice_id
       WHERE l.period = {period:String} AND l.operator_id != ''
       ORDER BY l.operator_id, l.currency, l.line_id`,
      { period: filter.period },
    );
    const linesByStatement = new Map<string, Row[]>();
    for (const l of lines) {
      const key = `${l.operator_id}\u0000${l.currency}`;
      const list = linesByStatement.get(key);
      if (list) list.push(l);
      else linesByStatement.set(key, [l]);
    }
    return statements.map((s) => statementViewFromRow(s, linesByStatement.get(`${s.operator_id}\u0000${s.currency}`) ?? []));
  }
}
