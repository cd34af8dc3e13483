/**
 * The datasets of the period close pack. Adding one (matches and breaks, when reconciliation's tables
 * land) is one line here. Each `select` returns the period's rows recorded before `{asOf}`, in an
 * order that makes the file reproducible; `totals` are the amount columns summed per currency in the
 * manifest. Parameters: `{period:String}`, `{start}`, `{end}` (exclusive) and `{asOf}`, all
 * DateTime64(3, 'UTC') but the period.
 */
export interface CloseDataset {
  name: string;
  description: string;
  select(db: string): string;
  totals: readonly string[];
}

const T = (name: string) => `{${name}:DateTime64(3, 'UTC')}`;
const inPeriod = (column: string) => `${column} >= ${T('start')} AND ${column} < ${T('end')}`;

export const CLOSE_DATASETS: readonly CloseDataset[] = [
  { name: 'invoices', description: 'invoices of the period (headers)', totals: ['subtotal', 'credits_applied', 'total'], select: (db) => `SELECT * FROM ${db}.invoices FINAL WHERE period = {period:String} AND issued_at < ${T('asOf')} ORDER BY number, invoice_id` },
  { name: 'invoice_lines', description: 'lines of the invoices of the period', totals: ['amount', 'operator_share', 'platform_fee'], select: (db) => `SELECT l.* FROM ${db}.invoice_lines AS l FINAL WHERE l.invoice_id IN (SELECT invoice_id FROM ${db}.invoices FINAL WHERE period = {period:String} AND issued_at < ${T('asOf')}) ORDER BY l.invoice_id, l.line_no, l.line_id` },
  { name: 'credit_notes', description: 'credit notes issued in the period', totals: ['amount'], select: (db) => `SELECT * FROM ${db}.credit_notes FINAL WHERE ${inPeriod('issued_at')} AND issued_at < ${T('asOf')} ORDER BY number, credit_note_id` },
  { name: 'payments', description: 'payment facts that occurred in the period (captured, recorded, refunded, failed)', totals: ['amount'], select: (db) => `SELECT * FROM ${db}.payment_facts_resolved WHERE ${inPeriod('occurred_at')} AND recorded_at < ${T('asOf')} ORDER BY occurred_at, fact_id` },
  { name: 'payouts', description: 'earned payout statements of the period', totals: ['gross', 'platform_fee', 'net'], select: (db) => `SELECT * FROM ${db}.payout_statements FINAL WHERE period = {period:String} AND issued_at < ${T('asOf')} ORDER BY operator_id, currency, statement_id` },
  { name: 'ledger_entries', description: 'ledger postings of business events in the period', totals: ['debit', 'credit'], select: (db) => `SELECT * FROM ${db}.ledger_entries FINAL WHERE ${inPeriod('occurred_at')} AND recorded_at < ${T('asOf')} ORDER BY occurred_at, txn_id, posting_no` },
  // Reconciliation (issue #12.1-3) adds here, once its tables exist:
  // { name: 'matches', …, select: (db) => `SELECT * FROM ${db}.recon_matches … ORDER BY …` },
  // { name: 'breaks', …, select: (db) => `SELECT * FROM ${db}.recon_breaks … ORDER BY …` },
];

export function countSql(dataset: CloseDataset, db: string): string {
  return `SELECT toUInt64(count()) AS rows FROM (${dataset.select(db)})`;
}

export function totalsSql(dataset: CloseDataset, db: string): string {
  const sums = dataset.totals.map((c) => `toString(sum(\`${c}\`)) AS \`${c}\``).join(', ');
  return `SELECT currency, ${sums} FROM (${dataset.select(db)}) GROUP BY currency ORDER BY currency`;
}

/** CSVWithNames: a header line, then RFC 4180 rows; Parquet: ClickHouse's own writer, Decimal kept as Decimal. */
export function exportSql(dataset: CloseDataset, db: string, format: 'csv' | 'parquet'): string {
  return `${dataset.select(db)} FORMAT ${format === 'csv' ? 'CSVWithNames' : 'Parquet'}`;
}
