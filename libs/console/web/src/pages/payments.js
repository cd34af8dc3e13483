import { get } from '../api.js';
import { html } from '../html.js';
import { useRoute } from '../router.js';
import { applyFilters, DataTable, Filters, Link, Loaded, Money, useLoad } from '../ui.js';
import { cell, columnsFor, listOf } from './common.js';

export function PaymentsPage() {
  const { params } = useRoute();
  const dunning = useLoad(() => get('/v1/dunning'), 'dunning');
  const invoices = useLoad(() => get('/v1/invoices'), 'invoices');
  const disputes = useLoad(() => get('/v1/payments/dispute-events'), 'dispute-events');
  return html`<h1>Payments & dunning</h1>
    <${Filters} fields=${[{ name: 'customer', label: 'Customer' }, { name: 'state', label: 'Dunning state' }]} />
    <h2>Dunning queue</h2>
    <${Loaded} state=${dunning} what="the dunning queue (GET /v1/dunning)">
      ${(body) => {
        const rows = applyFilters(listOf(body, 'queue'), params, { customer: 'customerId', state: 'state' }).sort((a, b) => String(a.nextAttemptAt ?? '').localeCompare(String(b.nextAttemptAt ?? '')));
        return html`<${DataTable}
          id="dunning" caption="Invoices in dunning, next attempt first"
          csv="dunning.csv"
          rows=${rows}
          columns=${columnsFor(rows, ['invoiceId', 'customerId', 'attempt', 'nextAttemptAt', 'state'].map((key) => ({ key, label: key, always: true, render: (r) => cell(key, r) })))}
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
    <${Loaded} state=${disputes} what="dispute events">
      ${(body) => {
        const rows = applyFilters(listOf(body), params, { customer: 'customerId' });
        return html`<${DataTable} id="events" caption="Dispute events as received" csv="dispute-events.csv" rows=${rows} columns=${columnsFor(rows, [])} empty="No dispute event." />`;
      }}
    </${Loaded}>`;
}
