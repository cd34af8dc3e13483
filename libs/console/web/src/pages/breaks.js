import { get, post } from '../api.js';
import { html } from '../html.js';
import { ageDays } from '../format.js';
import { useRoute } from '../router.js';
import { Action, applyFilters, DataTable, Filters, Loaded, Money, useLoad, useSession } from '../ui.js';
import { cell, columnsFor, listOf } from './common.js';

const TYPES = ['missing_in_psp', 'missing_in_ledger', 'amount_mismatch', 'fee_mismatch', 'currency_mismatch', 'duplicate', 'timing', 'accuracy_metered_rated', 'accuracy_rated_invoiced', 'accuracy_shares'];
const STATUSES = ['open', 'assigned', 'resolved', 'written_off'];
const BUCKETS = ['0-1d', '1-3d', '3-7d', '7-30d', '30d+'];

export function bucketOf(days) {
  if (days < 1) return '0-1d';
  if (days < 3) return '1-3d';
  if (days < 7) return '3-7d';
  if (days < 30) return '7-30d';
  return '30d+';
}

function Refs({ refs }) {
  if (!refs || typeof refs !== 'object') return '—';
  return html`${Object.entries(refs).map(([k, v], i) => html`${i ? ', ' : ''}${k}: ${cell(k, refs)}`)}`;
}

export function BreaksPage() {
  const { params } = useRoute();
  const { rights } = useSession();
  const state = useLoad(() => get('/v1/breaks'), 'breaks');
  const base = (b) => `/v1/breaks/${encodeURIComponent(b.breakId)}`;
  const actions = (b) => {
    if (b.status === 'resolved' || b.status === 'written_off') return '—';
    return html`<span class="row-actions" data-testid="write-actions">
      ${rights.can('POST', '/v1/breaks/{id}/assign') ? html`<${Action} label="Assign" ask="Assign to (name or e-mail)" run=${(assignee) => post(`${base(b)}/assign`, { assignee })} onDone=${state.reload} />` : null}
      ${rights.can('POST', '/v1/breaks/{id}/resolve') ? html`<${Action} label="Resolve" ask="How was it resolved?" run=${(reason) => post(`${base(b)}/resolve`, { reason })} onDone=${state.reload} />` : null}
      ${rights.can('POST', '/v1/breaks/{id}/write-off') ? html`<${Action} label="Write off" danger ask="Why write it off?" run=${(reason) => post(`${base(b)}/write-off`, { reason })} onDone=${state.reload} />` : null}
    </span>`;
  };
  const canWrite = ['assign', 'resolve', 'write-off'].some((a) => rights.can('POST', `/v1/breaks/{id}/${a}`));
  return html`<h1>Reconciliation breaks</h1>
    <p class="muted">The oldest first.</p>
    <${Filters} fields=${[{ name: 'status', label: 'Status', options: STATUSES }, { name: 'type', label: 'Type', options: TYPES }, { name: 'age', label: 'Age', options: BUCKETS }, { name: 'currency', label: 'Currency' }]} />
    <${Loaded} state=${state} what="reconciliation breaks (GET /v1/breaks)">
      ${(body) => {
        const all = listOf(body, 'breaks').map((b) => ({ ...b, ageDays: b.ageDays ?? ageDays(b.openedAt) ?? 0 }));
        const rows = applyFilters(all, params, { status: 'status', type: 'type', age: (r, v) => bucketOf(r.ageDays) === v, currency: (r, v) => r.currency === v.toUpperCase() }).sort((a, b) => b.ageDays - a.ageDays);
        return html`<section class="cards" aria-label="Open breaks by age">
            ${BUCKETS.map((k) => html`<div class="card"><h2>${k}</h2><p class="big"><a href=${`#/breaks?status=open&age=${encodeURIComponent(k)}`}>${all.filter((b) => b.status === 'open' && bucketOf(b.ageDays) === k).length}</a></p></div>`)}
          </section>
          <${DataTable}
            caption="Breaks by age"
            csv="breaks.csv"
            rows=${rows}
            columns=${[
              ...columnsFor(rows, [
                { key: 'breakId', label: 'Break', always: true },
                { key: 'ageDays', label: 'Age (days)', num: true, always: true },
                { key: 'type', label: 'Type', always: true, render: (r) => html`<code>${r.type}</code>` },
                { key: 'status', label: 'Status', always: true, render: (r) => cell('status', r) },
                { key: 'amount', label: 'Amount', num: true, always: true, render: (r) => html`<${Money} amount=${r.amount} currency=${r.currency} />` },
                { key: 'openedAt', label: 'Opened', always: true, render: (r) => cell('openedAt', r) },
                { key: 'refs', label: 'References', always: true, render: (r) => html`<${Refs} refs=${r.refs} />` },
              ]),
              ...(canWrite ? [{ key: 'actions', label: 'Actions', render: actions }] : []),
            ]}
            empty="No break matches."
          />`;
      }}
    </${Loaded}>`;
}
