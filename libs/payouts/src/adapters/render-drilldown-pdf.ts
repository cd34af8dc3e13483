import PDFDocument from 'pdfkit';
import type { StatementDrilldown } from '../statements/drilldown';

const MARGIN_PT = 40;

/** The drill-down as a PDF: the statement, its rentals with GPU-hours, then every invoice line. */
export function renderDrilldownPdf(d: StatementDrilldown): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // A fixed creation date: the same statement renders to the same bytes.
    const doc = new PDFDocument({ size: 'A4', margin: MARGIN_PT, info: { Title: `Payout statement ${d.statementId}`, CreationDate: new Date(d.periodEnd) } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.font('Helvetica-Bold').fontSize(14).text(`Payout statement ${d.statementId}`);
    doc.font('Helvetica').fontSize(9).moveDown(0.5);
    doc.text(`Operator ${d.operatorId}   Currency ${d.currency}   Period ${d.periodStart.slice(0, 10)} to ${d.periodEnd.slice(0, 10)}`);
    doc.text(`Gross ${d.gross}   Platform fee ${d.platformFee}   Net ${d.net}   GPU-hours ${d.gpuHours}`);
    doc.moveDown().font('Helvetica-Bold').text('Rentals');
    doc.font('Helvetica').fontSize(8);
    for (const r of d.rentals) doc.text(`${r.rentalId}  ${r.customerId}  ${r.datacenterId}/${r.nodeId}  ${r.gpuModel} x${r.gpuCount}  ${r.gpuHours} GPU-h  amount ${r.amount}  share ${r.operatorShare}`);
    doc.moveDown().font('Helvetica-Bold').fontSize(9).text('Invoice lines');
    doc.font('Helvetica').fontSize(8);
    for (const inv of d.invoices) {
      doc.font('Helvetica-Bold').text(`${inv.invoiceNumber} (${inv.invoiceId}) customer ${inv.customerId}: amount ${inv.amount}, share ${inv.operatorShare}`).font('Helvetica');
      for (const l of inv.lines) doc.text(`   ${l.lineId}  ${l.kind}  ${l.rentalId}  v${l.priceBookVersion}  ${l.servicePeriod}  ${l.quantityGpuHours} GPU-h  ${l.amount}  share ${l.operatorShare}  fee ${l.platformFee}`);
    }
    doc.end();
  });
}
