import type { CreditNoteView, InvoiceView } from '../adapters/clickhouse-invoice-query.service';
import { creditNoteDocument, invoiceDocument, type DocumentLine, type InvoiceDocument, type InvoiceDocumentOptions, type InvoiceIssuer } from './invoice-document';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Every interpolated value goes through this: customer and rental ids are caller-chosen strings. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

// Inline so the page is one self-contained file: it is saved, mailed and printed offline.
const STYLE = `
@page { size: A4; margin: 16mm 14mm; }
* { box-sizing: border-box; }
body { margin: 0; background: #f3f4f6; color: #111827; font: 13px/1.45 "Helvetica Neue", Helvetica, Arial, sans-serif;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.page { position: relative; max-width: 210mm; margin: 24px auto; padding: 18mm 14mm; background: #fff; box-shadow: 0 1px 4px rgba(0,0,0,.12); }
header.top { display: flex; justify-content: space-between; align-items: flex-start; gap: 24px; border-bottom: 2px solid #111827; padding-bottom: 12px; }
.issuer-name { font-size: 20px; font-weight: 700; margin: 0; }
.issuer-entity { margin: 2px 0 0; color: #4b5563; }
h1 { font-size: 26px; letter-spacing: .08em; margin: 0; text-align: right; }
section.summary { position: relative; margin: 14px 0 20px; min-height: 110px; }
dl.meta { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 2px 16px; margin: 0; max-width: 55%; }
dl.meta dt { color: #4b5563; }
dl.meta dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
.stamp { position: absolute; top: 50%; right: 6%; transform: translateY(-50%) rotate(-14deg); border: 4px solid currentColor; border-radius: 6px;
  padding: 4px 14px; font-size: 34px; font-weight: 800; letter-spacing: .12em; opacity: .8; pointer-events: none; }
.stamp-void, .stamp-uncollectible { color: #b91c1c; }
.stamp-paid { color: #15803d; }
.stamp-draft { color: #6b7280; }
table { width: 100%; border-collapse: collapse; }
table.lines th { text-align: left; font-size: 11px; text-transform: uppercase; letter-spacing: .04em; color: #374151; border-bottom: 1px solid #111827; padding: 6px 6px; }
table.lines td { border-bottom: 1px solid #e5e7eb; padding: 5px 6px; vertical-align: top; }
table.lines td.id { overflow-wrap: anywhere; }
table.lines td.nowrap { white-space: nowrap; }
table.lines thead { display: table-header-group; }
table.lines tr { break-inside: avoid; page-break-inside: avoid; }
.num { text-align: right !important; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
.unit { display: block; white-space: nowrap; text-transform: none; }
.detail { display: block; font-size: 11px; color: #6b7280; }
tr.credit td { color: #1d4ed8; }
tr.adjustment td { background: #fffbeb; }
td.empty { text-align: center; color: #6b7280; padding: 16px; }
table.totals { width: auto; margin: 16px 0 0 auto; min-width: 45%; }
table.totals th { text-align: left; font-weight: 400; padding: 3px 12px 3px 0; }
table.totals td { padding: 3px 0; }
table.totals tr.emphasis th, table.totals tr.emphasis td { font-weight: 700; border-top: 1px solid #111827; padding-top: 6px; }
section.parties { display: grid; grid-template-columns: 1fr 1fr; gap: 24px; margin: 14px 0 0; }
section.parties h2 { font-size: 11px; text-transform: uppercase; letter-spacing: .04em; color: #4b5563; margin: 0 0 2px; }
section.parties p { margin: 0; overflow-wrap: anywhere; }
section.parties p.party-name { font-weight: 700; }
footer { margin-top: 28px; padding-top: 10px; border-top: 1px solid #e5e7eb; color: #4b5563; font-size: 11px; }
footer p { margin: 0 0 4px; }
@media print { body { background: #fff; } .page { margin: 0; padding: 0; box-shadow: none; max-width: none; } }
`;

function lineRow(line: DocumentLine): string {
  const kind = escapeHtml(line.kindLabel) + (line.kindDetail ? `<span class="detail">${escapeHtml(line.kindDetail)}</span>` : '');
  return (
    `<tr class="${escapeHtml(line.kind)}">` +
    `<td>${kind}</td>` +
    `<td class="id">${escapeHtml(line.rental)}</td>` +
    `<td class="nowrap">${escapeHtml(line.servicePeriod)}</td>` +
    `<td class="id">${escapeHtml(line.priceBook)}</td>` +
    `<td class="num">${escapeHtml(line.quantityGpuHours)}</td>` +
    `<td class="num">${escapeHtml(line.unitPrice)}</td>` +
    `<td class="num">${escapeHtml(line.amount)}</td>` +
    '</tr>'
  );
}

/**
 * The invoice as one printable HTML page with no external assets. Pure: the same invoice and issuer
 * give the same bytes. Amounts are printed as the decimal strings they arrive as, never re-parsed.
 */
export function renderInvoiceHtml(invoice: InvoiceView, issuer: InvoiceIssuer, options: InvoiceDocumentOptions = {}): string {
  return renderDocumentHtml(invoiceDocument(invoice, issuer, options));
}

/** A credit note as its own page, drawn from the same model as invoices. */
export function renderCreditNoteHtml(note: CreditNoteView, invoice: InvoiceView, issuer: InvoiceIssuer, options: InvoiceDocumentOptions = {}): string {
  return renderDocumentHtml(creditNoteDocument(note, invoice, issuer, options));
}

/** Any document model (invoice or credit note) as one printable HTML page. */
export function renderDocumentHtml(doc: InvoiceDocument): string {
  const currency = escapeHtml(doc.currency);
  const meta = doc.meta;
  const rows = doc.lines.length > 0 ? doc.lines.map(lineRow).join('\n') : '<tr><td class="empty" colspan="7">No charges in this period.</td></tr>';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.kindName)} ${escapeHtml(doc.number)}</title>
<style>${STYLE}</style>
</head>
<body>
<main class="page">
<header class="top">
<div><p class="issuer-name">${escapeHtml(doc.issuer.name)}</p><p class="issuer-entity">Billing entity ${escapeHtml(doc.issuer.entity)}</p></div>
<h1>${escapeHtml(doc.kindName.toUpperCase())}</h1>
</header>
<section class="parties">
${doc.parties
  .map((p) => `<div><h2>${escapeHtml(p.heading)}</h2><p class="party-name">${escapeHtml(p.name)}</p>${p.lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('')}</div>`)
  .join('\n')}
</section>
<section class="summary">
<dl class="meta">
${meta.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('\n')}
</dl>
${doc.stamp ? `<div class="stamp stamp-${escapeHtml(doc.status)}" role="note" aria-label="Invoice status">${escapeHtml(doc.stamp)}</div>` : ''}
</section>
<table class="lines">
<colgroup><col style="width:13%"><col style="width:21%"><col style="width:10%"><col style="width:12%"><col style="width:16%"><col style="width:12%"><col style="width:16%"></colgroup>
<thead><tr><th>Kind</th><th>Rental</th><th>Service period</th><th>Price book</th><th class="num">Quantity <span class="unit">(GPU-h)</span></th><th class="num">Unit price <span class="unit">(${currency}/GPU-h)</span></th><th class="num">Amount <span class="unit">(${currency})</span></th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<table class="totals">
<tbody>
${doc.totals
  .map((t) => `<tr${t.emphasis ? ' class="emphasis"' : ''}><th>${escapeHtml(t.label)}</th><td class="num">${escapeHtml(t.amount)} ${currency}</td></tr>`)
  .join('\n')}
</tbody>
</table>
<footer>
${doc.notes.map((n) => `<p>${escapeHtml(n)}</p>`).join('\n')}
</footer>
</main>
</body>
</html>
`;
}
