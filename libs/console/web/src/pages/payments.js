import { get, getAll } from '../api.js';
import { html } from '../html.js';
import { useRoute } from '../router.js';
import { applyFilters, DataTable, Filters, Link, Loaded, Money, useLoad } from '../ui.js';
import { cell, columnsFor, listOf, Truncated } from './common.js';

const DUNNING_STATES = ['scheduled', 'exhausted', 'recovered', 'cancelled'];

export function PaymentsPage() {
  const { params } = useRoute();
  // GET /v1/dunning filters by state and customerId, a page at a time ({items, nextCursor}).
  const server = { state: params.get('state'), customerId: params.get('customer') };
  const dunning = useLoad(() => getAll('/v1/dunning', server, { name: 'items', limit: 1000 }), JSON.stringify(server));
  const invoices = useLoad(() => get('/v1/invoices'), 'invoices');
  const disputes = useLoad(() => get('/v1/payments/dispute-events'), 'dispute-events');
  return html`<h1>Payments & dunning</h1>
    <${Filters} fields=${[{ name: 'customer', label: 'Customer' }, { name: 'state', label: 'Dunning state', options: DUNNING_STATES }]} />
    <h2>Dunning queue</h2>
    <${Loaded} state=${dunning} what="the dunning queue (GET /v1/dunning)">
      ${(loaded) => {
        // The next retry first; those with none (exhausted, recovered, cancelled) last.
        const rows = [...loaded.rows].sort((a, b) => String(a.nextAttemptAt ?? '9').localeCompare(String(b.nextAttemptAt ?? '9')));
        return html`<${Truncated} loaded=${loaded} /><${DataTable}
          id="dunning" caption="Invoices in dunning, next attempt first"
          csv="dunning.csv"
          rows=${rows}
          columns=${columnsFor(rows, [
            { key: 'invoiceId', label: 'Invoice', always: true, render: (r) => cell('invoiceId', r) },
            { key: 'customerId', label: 'Customer', always: true, render: (r) => html`<${Link} to="/payments" params=${{ customer: r.customerId }}>${r.customerId}</${Link}>` },
            { key: 'segment', label: 'Segment', always: true },
            { key: 'amountDue', label: 'Due', num: true, always: true, render: (r) => html`<${Money} amount=${r.amountDue} currency=${r.currency} />` },
            { key: 'attempt', label: 'Retries', num: true, always: true, render: (r) => `${r.attempt ?? '—'}${r.attemptsMax !== undefined ? ` of ${r.attemptsMax}` : ''}` },
            { key: 'nextAttemptAt', label: 'Next retry', always: true, render: (r) => cell('nextAttemptAt', r) },
            { key: 'state', label: 'State', always: true, render: (r) => cell('state', r) },
            { key: 'failedAt', label: 'Failed', always: true, render: (r) => cell('failedAt', r) },
            { key: 'graceEndsAt', label: 'Grace ends', always: true, render: (r) => cell('graceEndsAt', r) },
          ])}
          empty="Nothing in dunning."
        />`;
      }}
    </${Loaded}>
    <h2>Receivables</h2>
    <${Loaded} state=${invoices} what="invoices">
      ${(all) => {
        const rows = applyFilters(all.filter((i) => i.amountDue !== undefined && Number(i.amountDue) > 0 && i.status !== 'void'), params, { customer: 'customerId' });
        return html`<${DataTable}
          id="due" caption="Invoices with an amount due"
          csv="receivables.csv"
          rows=${rows}
          columns=${[
            { key: 'number', label: 'Invoice', render: (r) => html`<${Link} to=${`/invoices/${encodeURIComponent(r.invoiceId)}`}>${r.number}</${Link}>` },
            { key: 'customerId', label: 'Customer', render: (r) => cell('customerId', r) },
            { key: 'status', label: 'Status', render: (r) => cell('status', r) },
            { key: 'total', label: 'Total', num: true, render: (r) => html`<${Money} amount=${r.total} currency=${r.currency} />` },
            { key: 'amountPaid', label: 'Paid', num: true, render: (r) => html`<${Money} amount=${r.amountPaid} currency=${r.currency} />` },
            { key: 'amountDue', label: 'Due', num: true, render: (r) => html`<${Link} to=${`/invoices/${encodeURIComponent(r.invoiceId)}`} label=${`payments of ${r.number}`}><${Money} amount=${r.amountDue} currency=${r.currency} /></${Link}>` },
          ]}
          empty="Nothing is due."
        />`;
      }}
    </${Loaded}>
    <h2>Dispute and chargeback events</h2>
    <p class="muted">As the processors sent them; each dispute's lifecycle, deadline and evidence pack is on <a href="#/disputes">Disputes</a>.</p>
    <${Loaded} state=${disputes} what="dispute events">
      ${(body) => {
        const rows = applyFilters(listOf(body), params, { customer: 'customerId' });
        return html`<${DataTable} id="events" caption="Dispute events as received" csv="dispute-events.csv" rows=${rows} columns=${columnsFor(rows, [])} empty="No dispute event." />`;
      }}
    </${Loaded}>`;
}
