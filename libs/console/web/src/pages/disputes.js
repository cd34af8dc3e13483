import { download, get, getAll, post } from '../api.js';
import { html } from '../html.js';
import { ageDays } from '../format.js';
import { useRoute } from '../router.js';
import { Action, applyFilters, DataTable, Filters, Link, Loaded, Money, Time, useLoad, useSession } from '../ui.js';
import { cell, columnsFor, Fields, Truncated } from './common.js';

const STATUSES = ['needs_response', 'under_review', 'won', 'lost'];
const ROOT_CAUSES = ['fraud', 'service_not_received', 'service_disputed', 'billing_error', 'cancelled', 'unrecognized', 'processing', 'other'];
const DEADLINES = ['overdue', 'due_24h', 'due_72h', 'later', 'none'];

function dueIn(dueBy) {
  const days = ageDays(dueBy);
  if (days === null) return '';
  return days > 0 ? `${days} d overdue` : days === 0 ? 'due today' : `in ${-days} d`;
}

export function DisputesPage() {
  const { params } = useRoute();
  // GET /v1/disputes filters by status, provider, customerId, invoiceId and rootCause and sorts by dueBy.
  const server = { status: params.get('status'), provider: params.get('provider'), customerId: params.get('customer'), invoiceId: params.get('invoice'), rootCause: params.get('rootCause') };
  const state = useLoad(() => getAll('/v1/disputes', server, { name: 'disputes' }), JSON.stringify(server));
  return html`<h1>Disputes</h1>
    <p class="muted">By response deadline, the nearest first.</p>
    <${Filters} fields=${[{ name: 'status', label: 'Status', options: STATUSES }, { name: 'provider', label: 'Provider', options: ['stripe', 'adyen'] }, { name: 'customer', label: 'Customer' }, { name: 'invoice', label: 'Invoice id' }, { name: 'rootCause', label: 'Root cause', options: ROOT_CAUSES }, { name: 'deadline', label: 'Deadline', options: DEADLINES }]} />
    <${Loaded} state=${state} what="disputes (GET /v1/disputes)">
      ${(loaded) => {
        const rows = applyFilters(loaded.rows, params, { deadline: 'deadline' });
        return html`<${Truncated} loaded=${loaded} /><${DataTable}
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
            { key: 'deadline', label: 'Deadline', always: true, render: (r) => (r.deadline && r.deadline !== 'none' ? cell('status', { status: r.deadline }) : '—') },
            { key: 'stage', label: 'Stage', always: true },
            { key: 'rootCause', label: 'Root cause', always: true },
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
  const pack = useLoad(() => get(`${path}/evidence.json`), `${id}|pack`);
  return html`<p><a href="#/disputes">‹ Disputes</a></p>
    <h1>Dispute ${id}</h1>
    <${Loaded} state=${state} what="this dispute">
      ${(d) => html`<${Fields} object=${d} keys=${['disputeId', 'provider', 'status', 'stage', 'deadline', 'dueBy', 'invoiceId', 'customerId', 'amount', 'currency', 'reason', 'rootCause', 'paymentRef', 'pspStatus', 'withdrawn', 'reinstated', 'openedAt', 'evidenceSubmittedAt', 'closedAt']} />
        <p><${Link} to=${`/invoices/${encodeURIComponent(d.invoiceId)}`} label=${`invoice of dispute ${d.disputeId}`}>The disputed invoice and its payments ›</${Link}>${' '}
          <${Link} to="/disputes" params=${{ customer: d.customerId }}>Every dispute of ${d.customerId} ›</${Link}></p>
        <h2>Evidence pack</h2>
        <${Loaded} state=${pack} what="the evidence pack">
          ${(p) => html`<ul class="evidence" aria-label="Evidence summary">${(p.summary ?? []).map((line) => html`<li>${line}</li>`)}</ul>`}
        </${Loaded}>
        <div class="toolbar" role="group" aria-label="Evidence pack">
          <button type="button" onClick=${() => download(`${path}/evidence.pdf`, `${id}-evidence.pdf`)}>Download evidence pack (PDF)</button>
          <button type="button" class="secondary" onClick=${() => download(`${path}/evidence.json`, `${id}-evidence.json`)}>Evidence (JSON)</button>
        </div>
        ${rights.can('POST', '/v1/disputes/{id}/evidence') && d.status === 'needs_response'
          ? html`<div class="toolbar" role="group" aria-label="Actions" data-testid="write-actions">
              <${Action} label="Submit evidence" confirm="Submit the evidence pack to the processor?" run=${() => post(`${path}/evidence`, { submit: true })} onDone=${state.reload} />
            </div>`
          : null}
        ${Array.isArray(d.events) ? html`<${DataTable} id="events" caption="Events, in lifecycle order" rows=${d.events.map((e) => ({ currency: d.currency, ...e }))} columns=${columnsFor(d.events, ['occurredAt', 'eventType', 'status', 'pspStatus', 'funds', 'amount', 'dueBy'].map((key) => ({ key, label: key, always: true, render: (r) => cell(key, { ...r, currency: d.currency }) })))} />` : null}`}
    </${Loaded}>`;
}
