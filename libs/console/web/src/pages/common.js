import { html } from '../html.js';
import { Money, Time, Badge, Link } from '../ui.js';

/** Columns for rows whose exact shape a module decides: the known names first, then whatever else is there. */
export function columnsFor(rows, known) {
  const seen = new Set(known.map((c) => c.key));
  const extra = [];
  for (const row of rows.slice(0, 50)) {
    for (const [k, v] of Object.entries(row)) {
      if (!seen.has(k) && (v === null || typeof v !== 'object')) {
        seen.add(k);
        extra.push({ key: k, label: k, render: (r) => cell(k, r) });
      }
    }
  }
  return [...known.filter((c) => rows.length === 0 || c.always || rows.some((r) => r[c.key] !== undefined)), ...extra];
}

const TIME_KEYS = /(At|By|Date|Time|Start|End)$/;

export function cell(key, row) {
  const v = row[key];
  if (v === undefined || v === null || v === '') return '—';
  if (TIME_KEYS.test(key) && typeof v === 'string' && !Number.isNaN(Date.parse(v))) return html`<${Time} value=${v} />`;
  if (key === 'status' || key === 'state' || key === 'decision') return html`<${Badge} value=${v} />`;
  if (key === 'invoiceId') return html`<${Link} to=${`/invoices/${encodeURIComponent(v)}`}>${v}</${Link}>`;
  if (key === 'customerId') return html`<${Link} to="/invoices" params=${{ customer: v }}>${v}</${Link}>`;
  if (key === 'invoiceIds' && Array.isArray(v)) return html`${v.map((id, i) => html`${i ? ', ' : ''}<${Link} to=${`/invoices/${encodeURIComponent(id)}`}>${id}</${Link}>`)}`;
  if (key === 'operatorId') return html`<${Link} to="/payouts" params=${{ operator: v }}>${v}</${Link}>`;
  if (Array.isArray(v)) return v.join(', ');
  if (key === 'rentalId') return html`<${Link} to="/usage" params=${{ rental: v, groupBy: 'rental' }}>${v}</${Link}>`;
  if (/^(amount|total|gross|net|platformFee|amountDue|amountPaid)$/.test(key) && row.currency) return html`<${Money} amount=${v} currency=${row.currency} />`;
  return String(v);
}

/** Said above a list the server had more of than the console fetched. */
export function Truncated({ loaded }) {
  return loaded?.truncated ? html`<p class="notice" role="status">Showing the first ${loaded.rows.length.toLocaleString()} rows: narrow the filters to see the rest.</p>` : null;
}

export function Fields({ object, keys }) {
  const entries = (keys ?? Object.keys(object)).filter((k) => object[k] !== undefined && (object[k] === null || typeof object[k] !== 'object'));
  return html`<dl class="fields">${entries.map((k) => html`<div><dt>${k}</dt><dd>${cell(k, object)}</dd></div>`)}</dl>`;
}

/** Lists come as arrays or as {items|rows|data|…: […]}; either way, the array. */
export function listOf(body, ...names) {
  if (Array.isArray(body)) return body;
  for (const n of [...names, 'items', 'rows', 'data', 'results']) if (Array.isArray(body?.[n])) return body[n];
  return [];
}

export function firstOfLastMonth() {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1)).toISOString().slice(0, 10);
}
export function firstOfThisMonth() {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)).toISOString().slice(0, 10);
}
