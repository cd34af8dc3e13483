import { getAll, post } from '../api.js';
import { html } from '../html.js';
import { ageDays } from '../format.js';
import { useRoute } from '../router.js';
import { Action, applyFilters, DataTable, Filters, Loaded, Money, useAnnouncer, useLoad, useSession } from '../ui.js';
import { cell, columnsFor, Truncated } from './common.js';

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

/** A break's references, each linked to what it names where the console has a page for it. */
function Refs({ refs }) {
  if (!refs || typeof refs !== 'object') return '—';
  const keys = Object.keys(refs).filter((k) => refs[k] !== undefined && refs[k] !== null && refs[k] !== '');
  return html`<span class="refs">${keys.map((k, i) => html`${i ? '; ' : ''}<span class="muted">${k}</span> ${cell(k, refs)}`)}</span>`;
}

export function BreaksPage() {
  const { params } = useRoute();
  const { rights } = useSession();
  const [lastAction, announce] = useAnnouncer();
  // The server filters by status, type, period, currency and provider; the age bucket is ours.
  const server = { status: params.get('status'), type: params.get('type'), period: params.get('period'), currency: params.get('currency')?.toUpperCase(), provider: params.get('provider') };
  const state = useLoad(() => getAll('/v1/breaks', server, { name: 'breaks', limit: 1000 }), JSON.stringify(server));
  const base = (b) => `/v1/breaks/${encodeURIComponent(b.breakId)}`;
  const actions = (b) => {
    if (b.status === 'resolved' || b.status === 'written_off') return '—';
    return html`<span class="row-actions" data-testid="write-actions">
      ${rights.can('POST', '/v1/breaks/{id}/assign') ? html`<${Action} label="Assign" ask="Assign to (name or e-mail; empty: you)" run=${(assignee) => post(`${base(b)}/assign`, assignee.trim() ? { assignee: assignee.trim() } : {})} onDone=${state.reload} announce=${announce} />` : null}
      ${rights.can('POST', '/v1/breaks/{id}/resolve') ? html`<${Action} label="Resolve" ask="How was it resolved?" run=${(reason) => post(`${base(b)}/resolve`, { reason })} onDone=${state.reload} announce=${announce} />` : null}
      ${rights.can('POST', '/v1/breaks/{id}/write-off') ? html`<${Action} label="Write off" danger ask="Why write it off?" run=${(reason) => post(`${base(b)}/write-off`, { reason })} onDone=${state.reload} announce=${announce} />` : null}
    </span>`;
  };
  const canWrite = ['assign', 'resolve', 'write-off'].some((a) => rights.can('POST', `/v1/breaks/{id}/${a}`));
  return html`<h1>Reconciliation breaks</h1>
    <p class="muted">The oldest first.</p>
    ${lastAction}
    <${Filters} fields=${[{ name: 'status', label: 'Status', options: STATUSES }, { name: 'type', label: 'Type', options: TYPES }, { name: 'age', label: 'Age', options: BUCKETS }, { name: 'currency', label: 'Currency', placeholder: 'e.g. USD' }, { name: 'period', label: 'Period', type: 'month' }, { name: 'provider', label: 'Provider', options: ['stripe', 'adyen'] }]} />
    <${Loaded} state=${state} what="reconciliation breaks (GET /v1/breaks)">
      ${(loaded) => {
        const all = loaded.rows.map((b) => ({ ...b, ageDays: b.ageDays ?? ageDays(b.openedAt) ?? 0 }));
        const rows = applyFilters(all, params, { age: (r, v) => bucketOf(r.ageDays) === v }).sort((a, b) => b.ageDays - a.ageDays);
        return html`<${Truncated} loaded=${loaded} /><section class="cards" aria-label="Open breaks by age">
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
                { key: 'severity', label: 'Severity', always: true, render: (r) => cell('status', { status: r.severity }) },
                { key: 'openedAt', label: 'Opened', always: true, render: (r) => cell('openedAt', r) },
                { key: 'assignee', label: 'Assignee', always: true, render: (r) => r.assignee || '—' },
                { key: 'reason', label: 'Reason', always: true, render: (r) => r.reason || '—' },
                { key: 'refs', label: 'References', always: true, csv: 'refs', render: (r) => html`<${Refs} refs=${r.refs} />` },
              ]),
              ...(canWrite ? [{ key: 'actions', label: 'Actions', render: actions }] : []),
            ]}
            empty="No break matches."
          />`;
      }}
    </${Loaded}>`;
}
