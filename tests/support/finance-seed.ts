import { insertRows } from '@hourglass/clickhouse';
import type { ClickHouseClient } from '@hourglass/clickhouse';

/**
 * A closed October 2026, written straight into the tables finance reads (no pipeline): two customers,
 * two operators, three invoices (one voided), a credit note, payments, payout statements, ledger
 * entries of the issue of invoice 1. The arithmetic of each figure is beside it.
 */
export const OCT = { issuedAt: '2026-11-01 06:00:00.000', start: '2026-10-01 00:00:00.000', end: '2026-11-01 00:00:00.000' };

/** `name`: the database, unquoted. */
export async function seedOctober(t: { client: ClickHouseClient; name: string }): Promise<void> {
  const T = (name: string) => `${t.name}.${name}`;
  await insertRows(t.client, T('customer_versions'), [
    { customer_id: 'c-1', name: 'Acme Compute', currency: 'USD', country: 'US', credit_limit: null, updated_at: '2026-09-01 00:00:00.000', document: '{}', received_at: '2026-09-01 00:00:00.000' },
    { customer_id: 'c-2', name: 'Beta Labs', currency: 'EUR', country: 'DE', credit_limit: null, updated_at: '2026-09-01 00:00:00.000', document: '{}', received_at: '2026-09-01 00:00:00.000' },
  ]);
  const rental = (id: string, customer: string, op: string, dc: string, model: string, gpus: number) => ({
    rental_id: id, customer_id: customer, operator_id: op, datacenter_id: dc, node_id: 'n-1', gpu_model: model, gpu_count: gpus, pricing_class: 'on_demand',
    price_book_id: 'pb', started_at: '2026-10-01 00:00:00.000', ended_at: null, commitment_term_months: null, commitment_auto_renew: null,
    updated_at: '2026-09-01 00:00:00.000', document: '{}', received_at: '2026-09-01 00:00:00.000',
  });
  await insertRows(t.client, T('rental_versions'), [rental('r-1', 'c-1', 'op-1', 'dc-east', 'H100', 8), rental('r-2', 'c-2', 'op-2', 'dc-west', 'A100', 4)]);
  const invoice = (id: string, number: string, customer: string, currency: string, total: string) => ({
    invoice_id: id, number, number_year: 2026, number_seq: Number(number.slice(-6)), billing_entity: 'HG', customer_id: customer, currency, period: '2026-10',
    period_start: OCT.start, period_end: OCT.end, run_id: 'run-1', issued_at: OCT.issuedAt, subtotal: total, credits_applied: '0', total,
  });
  await insertRows(t.client, T('invoices'), [
    invoice('in-1', 'HG-2026-000001', 'c-1', 'USD', '1792.80'), // 8 GPUs × 90 h × 2.49 = 1792.80
    invoice('in-2', 'HG-2026-000002', 'c-2', 'EUR', '500.00'), // 4 GPUs × 50 h × 2.50 = 500.00
    invoice('in-3', 'HG-2026-000003', 'c-1', 'USD', '100.00'), // voided
  ]);
  const line = (invoice: string, customer: string, currency: string, rentalId: string, op: string, gpus: number, hours: number, price: string, amount: string, share: string, fee: string) => ({
    invoice_id: invoice, line_id: `${invoice}-1`, line_no: 1, run_id: 'run-1', customer_id: customer, currency, period: '2026-10', kind: 'usage', rental_id: rentalId,
    operator_id: op, price_book_id: 'pb', price_book_version: 1, service_period: '2026-10', gpu_count: gpus, gpu_ms: String(gpus * hours * 3_600_000),
    quantity_gpu_hours: String(gpus * hours), unit_price: price, unit_price_text: price, amount, operator_share: share, platform_fee: fee, exact_amount: amount, credit_grant_id: '', description: 'GPU time',
  });
  await insertRows(t.client, T('invoice_lines'), [
    line('in-1', 'c-1', 'USD', 'r-1', 'op-1', 8, 90, '2.49', '1792.80', '1613.52', '179.28'), // fee 10 %: 179.28
    line('in-2', 'c-2', 'EUR', 'r-2', 'op-2', 4, 50, '2.50', '500.00', '450.00', '50.00'),
    line('in-3', 'c-1', 'USD', 'r-1', 'op-1', 8, 5, '2.50', '100.00', '90.00', '10.00'),
  ]);
  const status = (invoice: string, s: string, n: number) => ({ invoice_id: invoice, status: s, at: OCT.issuedAt.replace('00.000', `0${n}.000`), reason: 'seed', event_id: `${invoice}:${n}:${s}` });
  await insertRows(t.client, T('invoice_status_events'), [
    status('in-1', 'draft', 0), status('in-1', 'finalized', 1),
    status('in-2', 'draft', 0), status('in-2', 'finalized', 1),
    status('in-3', 'draft', 0), status('in-3', 'finalized', 1), status('in-3', 'void', 2),
  ]);
  await insertRows(t.client, T('credit_notes'), [
    { credit_note_id: 'cn-1', number: 'HG-CN-2026-000001', invoice_id: 'in-1', customer_id: 'c-1', currency: 'USD', amount: '92.80', reason: 'goodwill', voids_invoice: false, issued_at: '2026-11-03 00:00:00.000' },
    { credit_note_id: 'cn-2', number: 'HG-CN-2026-000002', invoice_id: 'in-3', customer_id: 'c-1', currency: 'USD', amount: '100.00', reason: 'void', voids_invoice: true, issued_at: '2026-11-02 00:00:00.000' },
  ]);
  const payment = (id: string, invoice: string, customer: string, currency: string, amount: string, at: string) => ({
    fact_id: id, kind: 'captured', provider: 'stripe', invoice_id: invoice, customer_id: customer, currency, amount, cumulative_key: '', payment_ref: `pi_${id}`,
    psp_reference: `ch_${id}`, occurred_at: at, recorded_at: at, source: 'seed',
  });
  await insertRows(t.client, T('payment_facts'), [
    payment('p-1', 'in-1', 'c-1', 'USD', '1000.00', '2026-10-31 12:00:00.000'), // due: 1792.80 − 92.80 − 1000.00 = 700.00
    payment('p-2', 'in-2', 'c-2', 'EUR', '500.00', '2026-11-05 00:00:00.000'), // paid in full, in November
  ]);
  const statement = (op: string, currency: string, gross: string, fee: string, net: string) => ({
    statement_id: `ps-${op}-${currency}`, operator_id: op, currency, period: '2026-10', period_start: OCT.start, period_end: OCT.end, run_id: 'run-1', gross, platform_fee: fee, net, lines: 1, issued_at: OCT.issuedAt,
  });
  await insertRows(t.client, T('payout_statements'), [statement('op-1', 'USD', '1792.80', '179.28', '1613.52'), statement('op-2', 'EUR', '500.00', '50.00', '450.00')]);
  const posting = (n: number, account: string, cls: string, debit: string, credit: string) => ({
    txn_id: 'inv-finalized:in-1', posting_no: n, account, account_class: cls, currency: 'USD', debit, credit, caused_by: 'invoices:in-1', occurred_at: '2026-10-31 23:00:00.000', recorded_at: OCT.issuedAt,
  });
  await insertRows(t.client, T('ledger_entries'), [
    posting(0, 'receivable:c-1', 'asset', '1792.80', '0'),
    posting(1, 'operator_payable:op-1', 'liability', '0', '1613.52'),
    posting(2, 'platform_fees', 'revenue', '0', '179.28'),
  ]);
  // Reconciliation: two breaks of October, one still open, one resolved (not in recon_break_aging).
  const brk = (id: string, type: string, amount: string, openedAt: string) => ({
    break_id: id, type, period: '2026-10', provider: 'stripe', currency: 'USD', amount, delta_gpu_ms: 0, opened_at: openedAt, refs: '{}',
  });
  await insertRows(t.client, T('recon_breaks'), [brk('brk-1', 'fee_mismatch', '0.50', '2026-10-16 12:00:00.000'), brk('brk-2', 'missing_in_psp', '25.00', '2026-10-20 00:00:00.000')]);
  const event = (id: string, eventId: string, status: string, rank: number, at: string) => ({ break_id: id, event_id: eventId, status, status_rank: rank, actor: 'system:recon', assignee: '', reason: 'seed', at });
  await insertRows(t.client, T('recon_break_events'), [
    event('brk-1', 'open', 'open', 0, '2026-11-01 00:00:00.000'),
    event('brk-2', 'open', 'open', 0, '2026-11-01 00:00:00.000'),
    event('brk-2', 'evt-r', 'resolved', 2, '2026-11-02 00:00:00.000'),
  ]);
}
