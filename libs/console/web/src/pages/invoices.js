import { download, get, openDocument, post, query } from '../api.js';
import { html } from '../html.js';
import { gpuHours, periodLabel } from '../format.js';
import { useRoute } from '../router.js';
import { Action, applyFilters, Badge, DataTable, Filters, Link, Loaded, Money, useLoad, useSession } from '../ui.js';
import { cell, columnsFor, Fields, listOf } from './common.js';

const STATUSES = ['draft', 'open', 'finalized', 'paid', 'void', 'uncollectible'];

export function InvoicesPage() {
  const { params } = useRoute();
  const period = params.get('period') || undefined;
  const customer = params.get('customer') || undefined;
  const state = useLoad(() => get(`/v1/invoices${query({ period, customerId: customer })}`), `${period}|${customer}`);
  return html`<h1>Invoices</h1>
    <${Filters}
      fields=${[
        { name: 'period', label: 'Period', type: 'month' },
        { name: 'status', label: 'Status', options: STATUSES },
        { name: 'customer', label: 'Customer' },
        { name: 'currency', label: 'Currency', placeholder: 'e.g. EUR' },
        { name: 'number', label: 'Number contains' },
      ]}
    />
    <${Loaded} state=${state} what="invoices">
      ${(invoices) => {
        const rows = applyFilters(invoices, params, {
          status: 'status',
          currency: (r, v) => r.currency === v.toUpperCase(),
          number: (r, v) => String(r.number ?? '').toLowerCase().includes(v.toLowerCase()),
        });
        return html`<${DataTable}
          caption=${`Invoices${period ? ` of ${period}` : ''}`}
          csv="invoices.csv"
          rowKey="invoiceId"
          rows=${rows}
          columns=${[
            { key: 'number', label: 'Number', render: (r) => html`<${Link} to=${`/invoices/${encodeURIComponent(r.invoiceId)}`}>${r.number || r.invoiceId}</${Link}>` },
            { key: 'customerId', label: 'Customer', render: (r) => html`<${Link} to="/invoices" params=${{ customer: r.customerId, period }}>${r.customerId}</${Link}>` },
            { key: 'periodStart', label: 'Period', render: (r) => html`<span title=${`${r.periodStart} – ${r.periodEnd} (UTC, end exclusive)`}>${periodLabel(r.periodStart)}</span>` },
            { key: 'status', label: 'Status', render: (r) => html`<${Badge} value=${r.status} />` },
            { key: 'total', label: 'Total', num: true, render: (r) => html`<${Link} to=${`/invoices/${encodeURIComponent(r.invoiceId)}`} label=${`lines of ${r.number}`}><${Money} amount=${r.total} currency=${r.currency} /></${Link}>` },
            { key: 'amountDue', label: 'Due', num: true, render: (r) => html`<${Money} amount=${r.amountDue} currency=${r.currency} />` },
            { key: 'currency', label: 'Currency' },
          ]}
          empty="No invoice matches."
        />`;
      }}
    </${Loaded}>`;
}

export function InvoicePage({ params: { id } }) {
  const { rights } = useSession();
  const state = useLoad(() => get(`/v1/invoices/${encodeURIComponent(id)}`), id);
  const payments = useLoad(() => get(`/v1/payments${query({ invoiceId: id })}`), id);
  const path = `/v1/invoices/${encodeURIComponent(id)}`;
  const may = (template) => rights.can('POST', template);
  return html`<p><a href="#/invoices">‹ Invoices</a></p>
    <${Loaded} state=${state} what="this invoice">
      ${(inv) => html`
        <h1>Invoice ${inv.number || inv.invoiceId}</h1>
        <${Fields} object=${inv} keys=${['invoiceId', 'number', 'customerId', 'status', 'currency', 'periodStart', 'periodEnd', 'total', 'amountPaid', 'amountRefunded', 'amountDue']} />
        <div class="toolbar" role="group" aria-label="Document">
          <button type="button" onClick=${() => openDocument(`${path}/html`)}>Open document</button>
          <button type="button" class="secondary" onClick=${() => download(`${path}/pdf`, `${inv.number || inv.invoiceId}.pdf`)}>Download PDF</button>
        </div>
        ${may('/v1/invoices/{id}/void')
          ? html`<div class="toolbar" role="group" aria-label="Lifecycle actions" data-testid="write-actions">
              <${Action} label="Mark paid" confirm=${`Mark ${inv.number} paid?`} run=${() => post(`${path}/pay`, {})} onDone=${state.reload} />
              <${Action} label="Mark uncollectible" ask="Why is it uncollectible?" run=${(reason) => post(`${path}/mark-uncollectible`, { reason })} onDone=${state.reload} />
              <${Action} label="Void" danger ask=${`Void ${inv.number}: reason?`} run=${(reason) => post(`${path}/void`, { reason })} onDone=${state.reload} />
              <${Action} label="Credit note" ask="Amount to credit (decimal, e.g. 10.00)" run=${(amount) => post(`${path}/credit-notes`, { amount, reason: 'console' })} onDone=${state.reload} />
            </div>`
          : null}
        <${DataTable}
          id="lines" caption="Lines"
          csv=${`${inv.number || inv.invoiceId}-lines.csv`}
          rows=${inv.lines ?? []}
          columns=${[
            { key: 'rentalId', label: 'Rental', render: (l) => (l.rentalId ? html`<${Link} to="/usage" params=${{ rental: l.rentalId, groupBy: 'rental', from: String(inv.periodStart).slice(0, 10), to: String(inv.periodEnd).slice(0, 10), window: 'day', tz: 'UTC' }} label=${`usage chart of rental ${l.rentalId}`}>${l.rentalId}</${Link}>` : '—') },
            { key: 'kind', label: 'Kind' },
            { key: 'servicePeriod', label: 'Service period' },
            { key: 'priceBookVersion', label: 'Price book' },
            { key: 'quantityGpuHours', label: 'GPU-hours', num: true, render: (l) => gpuHours(l.quantityGpuHours) },
            { key: 'unitPrice', label: 'Unit price', num: true, render: (l) => html`<${Money} amount=${l.unitPrice} currency=${inv.currency} />` },
            { key: 'amount', label: 'Amount', num: true, render: (l) => html`<${Money} amount=${l.amount} currency=${inv.currency} />` },
          ]}
        />
        <h2>Payments</h2>
        <${Loaded} state=${payments} what="payments">
          ${(p) => {
            const list = listOf(p, 'payments');
            return html`${!Array.isArray(p) ? html`<${Fields} object=${p} />` : null}
              <${DataTable} id="payments" caption="Payments and refunds" rows=${list.map((x) => ({ currency: inv.currency, ...x }))} columns=${columnsFor(list, [])} empty="No payment recorded." />`;
          }}
        </${Loaded}>`}
    </${Loaded}>`;
}

export { cell };
