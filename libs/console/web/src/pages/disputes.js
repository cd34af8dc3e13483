import { download, get, post } from '../api.js';
import { html } from '../html.js';
import { ageDays } from '../format.js';
import { useRoute } from '../router.js';
import { Action, applyFilters, DataTable, Filters, Link, Loaded, Money, Time, useLoad, useSession } from '../ui.js';
import { cell, columnsFor, Fields, listOf } from './common.js';

const STATUSES = ['needs_response', 'under_review', 'won', 'lost'];

function dueIn(dueBy) {
  const days = ageDays(dueBy);
  if (days === null) return '';
  return days > 0 ? `${days} d overdue` : days === 0 ? 'due today' : `in ${-days} d`;
}

export function DisputesPage() {
  const { params } = useRoute();
  const state = useLoad(() => get('/v1/disputes'), 'disputes');
  return html`<h1>Disputes</h1>
    <p class="muted">By response deadline, the nearest first.</p>
    <${Filters} fields=${[{ name: 'status', label: 'Status', options: STATUSES }, { name: 'provider', label: 'Provider', options: ['stripe', 'adyen'] }, { name: 'customer', label: 'Customer' }]} />
    <${Loaded} state=${state} what="disputes (GET /v1/disputes)">
      ${(body) => {
        const rows = applyFilters(listOf(body, 'disputes'), params, { status: 'status', provider: 'provider', customer: 'customerId' }).sort((a, b) => String(a.dueBy ?? '9').localeCompare(String(b.dueBy ?? '9')));
        return html`<${DataTable}
          caption="Disputes by response deadline"
          csv="disputes.csv"
          rows=${rows}
          columns=${columnsFor(rows, [
            { key: 'disputeId', label: 'Dispute', always: true, render: (r) => html`<${Link} to=${`/disputes/${encodeURIComponent(r.disputeId)}`}>${r.disputeId}</${Link}>` },
            { key: 'dueBy', label: 'Respond by', always: true, render: (r) => html`<${Time} value=${r.dueBy} /> <span class="muted">${r.status === 'needs_response' ? dueIn(r.dueBy) : ''}</span>` },
            { key: 'status', label: 'Status', always: true, render: (r) => cell('status', r) },
            { key: 'invoiceId', label: 'Invoice', always: true, render: (r) => cell('invoiceId', r) },
            { key: 'customerId', label: 'Customer', always: true, render: (r) => cell('customerId', r) },
            { key: 'amount', label: 'Amount', num: true, always: true, render: (r) => html`<${Money} amount=${r.amount} currency=${r.currency} />` },
            { key: 'reason', label: 'Reason', always: true },
            { key: 'provider', label: 'Provider', always: true },
            { key: 'openedAt', label: 'Opened', always: true, render: (r) => html`<${Time} value=${r.openedAt} />` },
          ])}
          empty="No dispute."
        />`;
      }}
    </${Loaded}>`;
}

export function DisputePage({ params: { id } }) {
  const { rights } = useSession();
  const path = `/v1/disputes/${encodeURIComponent(id)}`;
  const state = useLoad(() => get(path), id);
  return html`<p><a href="#/disputes">‹ Disputes</a></p>
    <h1>Dispute ${id}</h1>
    <${Loaded} state=${state} what="this dispute">
      ${(d) => html`<${Fields} object=${d} />
        <div class="toolbar" role="group" aria-label="Evidence pack">
          <button type="button" onClick=${() => download(`${path}/evidence.pdf`, `${id}-evidence.pdf`)}>Download evidence pack (PDF)</button>
          <button type="button" class="secondary" onClick=${() => download(`${path}/evidence.json`, `${id}-evidence.json`)}>Evidence (JSON)</button>
        </div>
        ${rights.can('POST', '/v1/disputes/{id}/evidence') && d.status === 'needs_response'
          ? html`<div class="toolbar" role="group" aria-label="Actions" data-testid="write-actions">
              <${Action} label="Submit evidence" confirm="Submit the evidence pack to the processor?" run=${() => post(`${path}/evidence`, {})} onDone=${state.reload} />
            </div>`
          : null}
        ${Array.isArray(d.events) ? html`<${DataTable} caption="Events" rows=${d.events} columns=${columnsFor(d.events, [])} />` : null}`}
    </${Loaded}>`;
}
