import type { CreditNoteView, InvoiceView } from '../adapters/clickhouse-invoice-query.service';
import { creditNoteDocument, invoiceDocument, type DocumentLine, type InvoiceDocument, type InvoiceDocumentOptions, type InvoiceIssuer } from './invoice-document';

type Doc = PDFKit.PDFDocument;

// A4 in points. Only the built-in Helvetica faces are used: nothing to load, nothing to embed.
const PAGE_WIDTH_PT = 595.28;
const PAGE_HEIGHT_PT = 841.89;
const MARGIN_PT = 40;
const CONTENT_WIDTH_PT = PAGE_WIDTH_PT - 2 * MARGIN_PT;
/** Space kept free at the bottom of every page for the "page n of m" line. */
const FOOTER_RESERVE_PT = 28;
const BODY_BOTTOM_PT = PAGE_HEIGHT_PT - MARGIN_PT - FOOTER_RESERVE_PT;
const CELL_PAD_X_PT = 4;
const CELL_PAD_Y_PT = 4;
const BODY_SIZE_PT = 8;
const DETAIL_SIZE_PT = 7;

const REGULAR = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const INK = '#111827';
const MUTED = '#4b5563';
const RULE = '#d1d5db';

const STAMP_COLORS: Record<NonNullable<InvoiceDocument['stamp']>, string> = {
  VOID: '#b91c1c',
  UNCOLLECTIBLE: '#b91c1c',
  PAID: '#15803d',
  DRAFT: '#6b7280',
};

interface Column {
  title: (currency: string) => string;
  widthPt: number;
  align: 'left' | 'right';
  text: (line: DocumentLine) => string;
  detail?: (line: DocumentLine) => string;
}

// Widths sum to CONTENT_WIDTH_PT. The numeric columns fit a 12-decimal quantity and a
// 10-digit amount on one line at BODY_SIZE_PT; longer ids wrap inside their cell.
const COLUMNS: Column[] = [
  { title: () => 'Kind', widthPt: 66, align: 'left', text: (l) => l.kindLabel, detail: (l) => l.kindDetail },
  { title: () => 'Rental', widthPt: 104, align: 'left', text: (l) => l.rental },
  { title: () => 'Service\nperiod', widthPt: 48, align: 'left', text: (l) => l.servicePeriod },
  { title: () => 'Price book', widthPt: 62, align: 'left', text: (l) => l.priceBook },
  { title: () => 'Quantity\n(GPU-h)', widthPt: 78, align: 'right', text: (l) => l.quantityGpuHours },
  { title: (c) => `Unit price\n(${c}/GPU-h)`, widthPt: 70, align: 'right', text: (l) => l.unitPrice },
  { title: (c) => `Amount\n(${c})`, widthPt: CONTENT_WIDTH_PT - 428, align: 'right', text: (l) => l.amount },
];

function innerWidth(column: Column): number {
  return column.widthPt - 2 * CELL_PAD_X_PT;
}

function cellHeight(doc: Doc, column: Column, line: DocumentLine): number {
  doc.font(REGULAR).fontSize(BODY_SIZE_PT);
  let height = doc.heightOfString(column.text(line) || ' ', { width: innerWidth(column) });
  const detail = column.detail?.(line);
  if (detail) height += doc.fontSize(DETAIL_SIZE_PT).heightOfString(detail, { width: innerWidth(column) });
  return height;
}

function rowHeight(doc: Doc, line: DocumentLine): number {
  return Math.max(...COLUMNS.map((c) => cellHeight(doc, c, line))) + 2 * CELL_PAD_Y_PT;
}

function drawHeader(doc: Doc, model: InvoiceDocument): number {
  let y = MARGIN_PT;
  doc.fillColor(INK).font(BOLD).fontSize(16).text(model.issuer.name, MARGIN_PT, y, { width: CONTENT_WIDTH_PT * 0.6 });
  const nameBottom = doc.y;
  doc.font(BOLD).fontSize(22).text(model.kindName.toUpperCase(), MARGIN_PT, y, { width: CONTENT_WIDTH_PT, align: 'right', lineBreak: false });
  doc.font(REGULAR).fontSize(9).fillColor(MUTED).text(`Billing entity ${model.issuer.entity}`, MARGIN_PT, nameBottom + 2, { width: CONTENT_WIDTH_PT * 0.6 });
  y = Math.max(doc.y, y + 26) + 8;
  doc.moveTo(MARGIN_PT, y).lineTo(MARGIN_PT + CONTENT_WIDTH_PT, y).lineWidth(1.5).strokeColor(INK).stroke();
  y += 10;

  const partyWidthPt = CONTENT_WIDTH_PT / 2 - 12;
  let partiesBottom = y;
  model.parties.forEach((party, i) => {
    const x = MARGIN_PT + i * (CONTENT_WIDTH_PT / 2);
    doc.font(BOLD).fontSize(7).fillColor(MUTED).text(party.heading.toUpperCase(), x, y, { width: partyWidthPt, characterSpacing: 0.5 });
    doc.font(BOLD).fontSize(9).fillColor(INK).text(party.name, x, doc.y + 1, { width: partyWidthPt });
    for (const line of party.lines) doc.font(REGULAR).fontSize(8.5).fillColor(INK).text(line, x, doc.y, { width: partyWidthPt });
    partiesBottom = Math.max(partiesBottom, doc.y);
  });
  y = partiesBottom + 12;

  // The metadata takes the left half; the right half is left free for the status stamp.
  const labelWidthPt = 82;
  const valueWidthPt = CONTENT_WIDTH_PT / 2 - labelWidthPt;
  const meta = model.meta;
  const metaTop = y;
  for (const [label, value] of meta) {
    doc.font(REGULAR).fontSize(9).fillColor(MUTED).text(label, MARGIN_PT, y, { width: labelWidthPt });
    doc.font(BOLD).fontSize(9).fillColor(INK).text(value, MARGIN_PT + labelWidthPt, y, { width: valueWidthPt });
    y = Math.max(y + 13, doc.y + 2);
  }
  if (model.stamp) drawStamp(doc, model.stamp, MARGIN_PT + CONTENT_WIDTH_PT * 0.75, (metaTop + y) / 2);
  return y + 14;
}

function drawStamp(doc: Doc, stamp: NonNullable<InvoiceDocument['stamp']>, centerX: number, centerY: number): void {
  const color = STAMP_COLORS[stamp];
  doc.font(BOLD).fontSize(30);
  const textWidthPt = doc.widthOfString(stamp, { characterSpacing: 3 });
  const boxWidthPt = textWidthPt + 28;
  const boxHeightPt = 46;
  doc.save();
  doc.rotate(-14, { origin: [centerX, centerY] });
  doc.lineWidth(3).strokeColor(color).strokeOpacity(0.8);
  doc.roundedRect(centerX - boxWidthPt / 2, centerY - boxHeightPt / 2, boxWidthPt, boxHeightPt, 6).stroke();
  doc.fillColor(color).fillOpacity(0.8);
  doc.text(stamp, centerX - textWidthPt / 2, centerY - 11, { lineBreak: false, characterSpacing: 3 });
  doc.restore();
}

function drawTableHeader(doc: Doc, model: InvoiceDocument, y: number): number {
  doc.font(BOLD).fontSize(BODY_SIZE_PT);
  const titles = COLUMNS.map((c) => c.title(model.currency));
  const heightPt = Math.max(...COLUMNS.map((c, i) => doc.heightOfString(titles[i]!, { width: innerWidth(c) }))) + 2 * CELL_PAD_Y_PT;
  doc.rect(MARGIN_PT, y, CONTENT_WIDTH_PT, heightPt).fill('#f3f4f6');
  let x = MARGIN_PT;
  doc.fillColor(INK).font(BOLD).fontSize(BODY_SIZE_PT);
  COLUMNS.forEach((c, i) => {
    doc.text(titles[i]!, x + CELL_PAD_X_PT, y + CELL_PAD_Y_PT, { width: innerWidth(c), align: c.align });
    x += c.widthPt;
  });
  y += heightPt;
  doc.moveTo(MARGIN_PT, y).lineTo(MARGIN_PT + CONTENT_WIDTH_PT, y).lineWidth(1).strokeColor(INK).stroke();
  return y;
}

function drawRow(doc: Doc, line: DocumentLine, y: number, heightPt: number): void {
  if (line.kind === 'adjustment') doc.rect(MARGIN_PT, y, CONTENT_WIDTH_PT, heightPt).fill('#fffbeb');
  let x = MARGIN_PT;
  for (const c of COLUMNS) {
    doc.font(REGULAR).fontSize(BODY_SIZE_PT).fillColor(line.kind === 'credit' ? '#1d4ed8' : INK);
    doc.text(c.text(line) || ' ', x + CELL_PAD_X_PT, y + CELL_PAD_Y_PT, { width: innerWidth(c), align: c.align });
    const detail = c.detail?.(line);
    if (detail) doc.fontSize(DETAIL_SIZE_PT).fillColor(MUTED).text(detail, x + CELL_PAD_X_PT, doc.y, { width: innerWidth(c), align: c.align });
    x += c.widthPt;
  }
  doc.moveTo(MARGIN_PT, y + heightPt).lineTo(MARGIN_PT + CONTENT_WIDTH_PT, y + heightPt).lineWidth(0.5).strokeColor(RULE).stroke();
}

function continuationHeading(doc: Doc, model: InvoiceDocument): number {
  doc.font(BOLD).fontSize(10).fillColor(INK).text(`${model.kindName} ${model.number} (continued)`, MARGIN_PT, MARGIN_PT, { width: CONTENT_WIDTH_PT });
  return doc.y + 8;
}

function drawTotals(doc: Doc, model: InvoiceDocument, y: number): number {
  const labelX = MARGIN_PT + CONTENT_WIDTH_PT - 250;
  const labelWidthPt = 120;
  const amountWidthPt = 130;
  y += 10;
  for (const t of model.totals) {
    if (t.emphasis) {
      doc.moveTo(labelX, y).lineTo(MARGIN_PT + CONTENT_WIDTH_PT, y).lineWidth(1).strokeColor(INK).stroke();
      y += 4;
    }
    const font = t.emphasis ? BOLD : REGULAR;
    doc.font(font).fontSize(9.5).fillColor(INK).text(t.label, labelX, y, { width: labelWidthPt, lineBreak: false });
    doc.font(font).fontSize(9.5).text(`${t.amount} ${model.currency}`, labelX + labelWidthPt, y, { width: amountWidthPt, align: 'right', lineBreak: false });
    y += t.emphasis ? 18 : 15;
  }
  return y;
}

function totalsHeight(model: InvoiceDocument): number {
  return 10 + model.totals.reduce((sum, t) => sum + (t.emphasis ? 22 : 15), 0);
}

function notesHeight(doc: Doc, model: InvoiceDocument): number {
  doc.font(REGULAR).fontSize(7.5);
  return 20 + model.notes.reduce((sum, n) => sum + doc.heightOfString(n, { width: CONTENT_WIDTH_PT }) + 3, 0);
}

function drawNotes(doc: Doc, model: InvoiceDocument, y: number): void {
  y += 12;
  doc.moveTo(MARGIN_PT, y).lineTo(MARGIN_PT + CONTENT_WIDTH_PT, y).lineWidth(0.5).strokeColor(RULE).stroke();
  y += 8;
  doc.font(REGULAR).fontSize(7.5).fillColor(MUTED);
  for (const note of model.notes) {
    doc.text(note, MARGIN_PT, y, { width: CONTENT_WIDTH_PT });
    y = doc.y + 3;
  }
}

/**
 * Page numbers need the page count, so they are written last into the buffered pages. The bottom
 * margin is lifted while writing: pdfkit starts a new page for text below it.
 */
function drawPageFooters(doc: Doc, model: InvoiceDocument): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font(REGULAR)
      .fontSize(7.5)
      .fillColor(MUTED)
      .text(`${model.issuer.name} \u00b7 ${model.kindName} ${model.number} \u00b7 Page ${i + 1} of ${range.count}`, MARGIN_PT, PAGE_HEIGHT_PT - MARGIN_PT - 10, {
        width: CONTENT_WIDTH_PT,
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
}

function draw(doc: Doc, model: InvoiceDocument): void {
  let y = drawHeader(doc, model);
  y = drawTableHeader(doc, model, y);
  const newPage = () => {
    doc.addPage();
    return continuationHeading(doc, model);
  };
  if (model.lines.length === 0) {
    doc.font(REGULAR).fontSize(BODY_SIZE_PT).fillColor(MUTED).text('No charges in this period.', MARGIN_PT, y + 8, { width: CONTENT_WIDTH_PT, align: 'center' });
    y = doc.y + 4;
  }
  for (const line of model.lines) {
    const heightPt = rowHeight(doc, line);
    if (y + heightPt > BODY_BOTTOM_PT) y = drawTableHeader(doc, model, newPage());
    drawRow(doc, line, y, heightPt);
    y += heightPt;
  }
  if (y + totalsHeight(model) > BODY_BOTTOM_PT) y = newPage();
  y = drawTotals(doc, model, y);
  if (y + notesHeight(doc, model) > BODY_BOTTOM_PT) y = newPage();
  drawNotes(doc, model, y);
  drawPageFooters(doc, model);
}

/**
 * The invoice as an A4 PDF. The same invoice renders to the same bytes: the creation date is the
 * invoice's issue time rather than the clock, and pdfkit derives the document /ID from the info
 * dictionary, so a re-download can be compared with, or de-duplicated against, an archived copy.
 */
export function renderInvoicePdf(invoice: InvoiceView, issuer: InvoiceIssuer, options: InvoiceDocumentOptions & PdfOptions = {}): Promise<Buffer> {
  const issuedAt = new Date(invoice.issuedAt);
  if (Number.isNaN(issuedAt.getTime())) throw new Error(`invoice ${invoice.invoiceId} has no valid issuedAt: ${invoice.issuedAt}`);
  return renderDocumentPdf(invoiceDocument(invoice, issuer, options), issuedAt, options);
}

/** The credit note as an A4 PDF; its creation date is the note's issue time (same bytes on every download). */
export function renderCreditNotePdf(
  note: CreditNoteView,
  invoice: InvoiceView,
  issuer: InvoiceIssuer,
  options: InvoiceDocumentOptions & PdfOptions = {},
): Promise<Buffer> {
  const issuedAt = new Date(note.issuedAt);
  if (Number.isNaN(issuedAt.getTime())) throw new Error(`credit note ${note.creditNoteId} has no valid issuedAt: ${note.issuedAt}`);
  return renderDocumentPdf(creditNoteDocument(note, invoice, issuer, options), issuedAt, options);
}

export interface PdfOptions {
  /** Deflate the page streams (default). Off, the text is readable in the file: tests check figures in it. */
  compress?: boolean;
}

/** Any document model as an A4 PDF. */
export function renderDocumentPdf(model: InvoiceDocument, createdAt: Date, options: PdfOptions = {}): Promise<Buffer> {
  const issuer = model.issuer;
  return new Promise<Buffer>((resolve, reject) => {
    // pdfkit (and its fonts) is loaded with the first PDF, not at start-up: ~120 ms of every
    // `hourglass serve` start before the usage consumer's first fetch, for a document seldom asked for.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const PDFDocument = require('pdfkit') as typeof import('pdfkit');
    const doc = new PDFDocument({
      size: 'A4',
      margin: MARGIN_PT,
      bufferPages: true,
      compress: options.compress ?? true,
      font: REGULAR,
      info: {
        Title: `${model.kindName} ${model.number}`,
        Author: issuer.name,
        Subject: `${model.kindName} ${model.number} for customer ${model.customerId}, ${model.periodFrom} to ${model.periodTo}`,
        Creator: 'Hourglass',
        Producer: 'PDFKit',
        CreationDate: createdAt,
      },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    draw(doc, model);
    doc.end();
  });
}
