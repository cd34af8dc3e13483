import { get, query } from '../api.js';
import { html } from '../html.js';
import { useRoute } from '../router.js';
import { applyFilters, DataTable, Filters, Link, Loaded, Money, useLoad } from '../ui.js';
import { cell, columnsFor, Fields, firstOfLastMonth, listOf } from './common.js';

const ITEM_STATUSES = ['scheduled', 'held', 'paid', 'failed', 'returned'];
const HOLD_REASONS = ['kyc', 'sanctions', 'below_minimum', 'negative_balance'];

function itemColumns(rows) {
  return columnsFor(rows, [
    { key: 'operatorId', label: 'Operator', always: true },
    { key: 'status', label: 'Status', always: true, render: (r) => cell('status', r) },
    { key: 'holdReason', label: 'Hold reason', always: true, render: (r) => r.holdReason ?? '—' },
    { key: 'amount', label: 'Amount', num: true, always: true, render: (r) => html`<${Money} amount=${r.amount} currency=${r.currency} />` },
    { key: 'currency', label: 'Currency', always: true },
  ]);
}

export function PayoutsPage() {
  const { params } = useRoute();
  // Statements are per period; the last one that has ended is the one people look at first.
  const period = params.get('period') || firstOfLastMonth().slice(0, 7);
  const batches = useLoad(() => get('/v1/payouts/batches'), 'batches');
  const statements = useLoad(() => get(`/v1/payout-statements${query({ period })}`), period);
  return html`<h1>Payouts</h1>
    <${Filters} fields=${[{ name: 'period', label: 'Period', type: 'month', default: firstOfLastMonth().slice(0, 7) }, { name: 'operator', label: 'Operator' }, { name: 'status', label: 'Item status', options: ITEM_STATUSES }, { name: 'hold', label: 'Hold reason', options: HOLD_REASONS }]} />
    <h2>Batches</h2>
    <${Loaded} state=${batches} what="payout batches (GET /v1/payouts/batches)">
      ${(body) => {
        const list = listOf(body, 'batches').filter((b) => !params.get('period') || String(b.period ?? b.periodStart ?? '').startsWith(period));
        const rows = list.map((b) => {
          const items = b.items ?? [];
          return { ...b, itemCount: b.itemCount ?? items.length, held: items.filter((i) => i.status === 'held').length };
        });
        return html`<${DataTable}
          id="batches" caption="Payout batches"
          csv="payout-batches.csv"
          rows=${rows}
          columns=${columnsFor(rows, [
            { key: 'batchId', label: 'Batch', always: true, render: (r) => html`<${Link} to=${`/payouts/${encodeURIComponent(r.batchId)}`}>${r.batchId}</${Link}>` },
            { key: 'itemCount', label: 'Items', num: true, always: true },
            { key: 'held', label: 'Held', num: true, always: true, render: (r) => html`<${Link} to=${`/payouts/${encodeURIComponent(r.batchId)}`} params=${{ status: 'held' }}>${r.held}</${Link}>` },
          ])}
          empty="No payout batch yet."
        />`;
      }}
    </${Loaded}>
    <h2>Payout statements</h2>
    <${Loaded} state=${statements} what="payout statements">
      ${(body) => {
        const rows = applyFilters(listOf(body), params, { operator: 'operatorId' });
        return html`<${DataTable}
          id="statements" caption=${`Operator statements${period ? ` of ${period}` : ''}`}
          csv="payout-statements.csv"
          rows=${rows}
          columns=${[
            { key: 'operatorId', label: 'Operator', render: (r) => html`<${Link} to="/usage" params=${{ operator: r.operatorId, groupBy: 'operator', from: String(r.periodStart ?? '').slice(0, 10), to: String(r.periodEnd ?? '').slice(0, 10) }}>${r.operatorId}</${Link}>` },
            { key: 'periodStart', label: 'Period', render: (r) => cell('periodStart', r) },
            { key: 'gross', label: 'Gross', num: true, render: (r) => html`<${Money} amount=${r.gross} currency=${r.currency} />` },
            { key: 'platformFee', label: 'Platform fee', num: true, render: (r) => html`<${Money} amount=${r.platformFee} currency=${r.currency} />` },
            { key: 'net', label: 'Net', num: true, render: (r) => html`<${Money} amount=${r.net} currency=${r.currency} />` },
          ]}
          empty="No statement."
        />`;
      }}
    </${Loaded}>`;
}

export function PayoutBatchPage({ params: { id } }) {
  const { params } = useRoute();
  const state = useLoad(() => get(`/v1/payouts/batches/${encodeURIComponent(id)}`), id);
  return html`<p><a href="#/payouts">‹ Payouts</a></p>
    <h1>Payout batch ${id}</h1>
    <${Filters} fields=${[{ name: 'status', label: 'Item status', options: ITEM_STATUSES }, { name: 'hold', label: 'Hold reason', options: HOLD_REASONS }, { name: 'operator', label: 'Operator' }]} />
    <${Loaded} state=${state} what="this payout batch">
      ${(b) => {
        const rows = applyFilters(listOf(b, 'items'), params, { status: 'status', hold: 'holdReason', operator: 'operatorId' });
        return html`<${Fields} object=${b} /><${DataTable} caption="Items" csv=${`${id}.csv`} rows=${rows} columns=${itemColumns(rows)} empty="No item matches." />`;
      }}
    </${Loaded}>`;
}
