import PDFDocument from 'pdfkit';
import type { EvidencePack } from '../domain/evidence';

type Doc = PDFKit.PDFDocument;

// A4 in points and the built-in Helvetica faces, as invoicing's documents: nothing to load or embed.
const MARGIN_PT = 40;
const CONTENT_WIDTH_PT = 595.28 - 2 * MARGIN_PT;
const REGULAR = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const MONO = 'Courier';
const INK = '#111827';
const MUTED = '#4b5563';
/** A timeline longer than this is summarised per node only: the JSON keeps every day. */
const DAILY_ROWS_MAX = 400;

function heading(doc: Doc, text: string): void {
  doc.moveDown(0.6).font(BOLD).fontSize(11).fillColor(INK).text(text, { width: CONTENT_WIDTH_PT });
  doc.moveDown(0.2);
}

function kv(doc: Doc, rows: Array<[string, string | null | undefined]>): void {
  for (const [k, v] of rows) {
    doc.font(BOLD).fontSize(8.5).fillColor(MUTED).text(`${k}: `, { continued: true }).font(REGULAR).fillColor(INK).text(v ?? '-');
  }
}

function table(doc: Doc, header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  doc.font(MONO).fontSize(7).fillColor(MUTED).text(line(header), { width: CONTENT_WIDTH_PT, lineBreak: true });
  doc.fillColor(INK);
  for (const r of rows) doc.text(line(r), { width: CONTENT_WIDTH_PT });
}

function draw(doc: Doc, p: EvidencePack): void {
  doc.font(BOLD).fontSize(16).fillColor(INK).text(`Dispute evidence ${p.disputeId}`);
  doc.font(REGULAR).fontSize(9).fillColor(MUTED).text(`${p.issuer} - compiled from Hourglass metering, billing and payment records`);
  heading(doc, 'Summary');
  doc.font(REGULAR).fontSize(9).fillColor(INK);
  for (const s of p.summary) doc.text(s, { width: CONTENT_WIDTH_PT }).moveDown(0.2);
  heading(doc, 'Dispute');
  kv(doc, [
    ['Processor', p.provider],
    ['Status', `${p.dispute.status} (${p.dispute.stage})`],
    ['Reason', `${p.dispute.reason || '-'} (${p.dispute.rootCause})`],
    ['Amount', `${p.dispute.amount} ${p.dispute.currency}`],
    ['Opened', p.dispute.openedAt],
    ['Respond by', p.dispute.dueBy],
    ['Payment', p.dispute.paymentRef],
  ]);
  heading(doc, 'Customer');
  kv(doc, [
    ['Customer', p.customer ? `${p.customer.name} (${p.customer.customerId})` : null],
    ['Country', p.customer?.country],
  ]);
  heading(doc, 'Rental terms');
  if (p.rentals.length === 0) doc.font(REGULAR).fontSize(9).text('No rental on the invoice.');
  for (const r of p.rentals) {
    kv(doc, [
      ['Rental', r.rentalId],
      ['Node', `${r.nodeId} in ${r.datacenterId}`],
      ['GPUs', `${r.gpuCount} x ${r.gpuModel}`],
      ['Pricing', `${r.pricingClass}, price book ${r.priceBookId}${r.commitment ? `, ${r.commitment.termMonths}-month commitment${r.commitment.autoRenew ? ' (auto-renew)' : ''}` : ''}`],
      ['Period', `${r.startedAt} to ${r.endedAt ?? 'open'}`],
    ]);
    doc.moveDown(0.3);
  }
  heading(doc, 'Invoice');
  if (!p.invoice) doc.font(REGULAR).fontSize(9).text('No invoice linked to the disputed payment.');
  else {
    kv(doc, [
      ['Invoice', `${p.invoice.number} (${p.invoice.invoiceId})`],
      ['Period', `${p.invoice.period}: ${p.invoice.periodStart} to ${p.invoice.periodEnd}`],
      ['Issued', p.invoice.issuedAt],
      ['Total', `${p.invoice.total} ${p.invoice.currency} (${p.invoice.status})`],
    ]);
    doc.moveDown(0.3);
    table(
      doc,
      ['#', 'kind', 'rental', 'service', 'GPU-hours', 'unit price', `amount ${p.invoice.currency}`],
      p.invoice.lines.map((l) => [String(l.lineNo), l.kind, l.rentalId, l.servicePeriod, l.quantityGpuHours, l.unitPrice, l.amount]),
    );
  }
  heading(doc, 'Usage per node');
  table(
    doc,
    ['rental', 'node', 'covered h', 'GPU-hours', 'util %', 'energy kWh', 'first day', 'last day'],
    p.usage.perNode.map((n) => [n.rentalId, n.nodeId, n.coveredHours, n.gpuHours, n.avgUtilizationPct ?? 'n/a', n.energyKwh ?? 'n/a', n.firstDay, n.lastDay]),
  );
  heading(doc, 'Usage timeline (per node and UTC day)');
  const daily = p.usage.daily.slice(0, DAILY_ROWS_MAX);
  table(
    doc,
    ['day', 'rental', 'node', 'covered h', 'GPU-hours', 'util %', 'energy kWh'],
    daily.map((u) => [u.day, u.rentalId, u.nodeId, u.coveredHours, u.gpuHours, u.avgUtilizationPct ?? 'n/a', u.energyKwh ?? 'n/a']),
  );
  if (p.usage.daily.length > daily.length) doc.font(REGULAR).fontSize(8).fillColor(MUTED).text(`${p.usage.daily.length - daily.length} more day(s) in the JSON pack.`);
  heading(doc, 'Payments');
  table(
    doc,
    ['kind', 'processor', 'amount', 'currency', 'reference', 'at'],
    p.payments.map((x) => [x.kind, x.provider, x.amount, x.currency, x.paymentRef, x.occurredAt]),
  );
  heading(doc, 'Earlier disputes of the customer');
  if (p.earlierDisputes.length === 0) doc.font(REGULAR).fontSize(9).fillColor(INK).text('None.');
  else table(doc, ['dispute', 'processor', 'invoice', 'status', 'amount', 'opened'], p.earlierDisputes.map((x) => [x.disputeId, x.provider, x.invoiceId, x.status, `${x.amount} ${x.currency}`, x.openedAt]));
}

/**
 * The evidence pack as an A4 PDF. The same pack renders to the same bytes: the creation date is the
 * dispute's opening time, not the clock (pdfkit derives the document /ID from the info dictionary).
 */
export function renderEvidencePdf(pack: EvidencePack): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: MARGIN_PT,
      compress: true,
      font: REGULAR,
      info: { Title: `Dispute evidence ${pack.disputeId}`, Author: pack.issuer, Subject: `Evidence for dispute ${pack.disputeId}`, Creator: 'Hourglass', Producer: 'PDFKit', CreationDate: new Date(pack.dispute.openedAt) },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    draw(doc, pack);
    doc.end();
  });
}
