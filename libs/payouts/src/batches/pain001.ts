import { create } from 'xmlbuilder2';
import type Big from 'big.js';
import { Dec, formatMoney } from '@hourglass/money';
import type { PayoutBatch, PayoutItem } from './payout-batch';

export const PAIN_001_NAMESPACE = 'urn:iso:std:iso:20022:tech:xsd:pain.001.001.09';

export interface Debtor {
  name: string;
  iban: string;
  bic: string;
}

/** The items a bank file carries: scheduled transfers of a positive amount. */
export function transferable(batch: PayoutBatch): PayoutItem[] {
  return batch.items.filter((i) => i.status === 'scheduled' && i.amount.gt(0));
}

/** Max140Text / Max70Text: ISO 20022 bounds names; a longer one would fail the schema. */
const text = (s: string, max: number) => s.slice(0, max);

/**
 * ISO 20022 pain.001.001.09 (customer credit transfer initiation) for a batch's scheduled items: one
 * group header, one PmtInf per debtor account (we have one), one CdtTrfTxInf per item. NbOfTxs and
 * CtrlSum are computed from the transfers written, at both levels, so they cannot disagree with them.
 * All-EUR batches carry the SEPA service level; a batch with other currencies is a plain transfer.
 */
export function pain001(batch: PayoutBatch, debtor: Debtor, createdAtMs: number, executionDate: string): string {
  const items = transferable(batch);
  const ctrlSum = items.reduce<Big>((s, i) => s.plus(i.amount), new Dec(0));
  const sepa = items.every((i) => i.currency === 'EUR');
  const creDtTm = new Date(createdAtMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const doc = create({ version: '1.0', encoding: 'UTF-8' }).ele(PAIN_001_NAMESPACE, 'Document').ele('CstmrCdtTrfInitn');
  const hdr = doc.ele('GrpHdr');
  hdr.ele('MsgId').txt(text(batch.batchId, 35));
  hdr.ele('CreDtTm').txt(creDtTm);
  hdr.ele('NbOfTxs').txt(String(items.length));
  hdr.ele('CtrlSum').txt(ctrlSum.toFixed());
  hdr.ele('InitgPty').ele('Nm').txt(text(debtor.name, 140));

  const pmt = doc.ele('PmtInf');
  pmt.ele('PmtInfId').txt(text(`${batch.batchId}-1`, 35));
  pmt.ele('PmtMtd').txt('TRF');
  pmt.ele('NbOfTxs').txt(String(items.length));
  pmt.ele('CtrlSum').txt(ctrlSum.toFixed());
  if (sepa) pmt.ele('PmtTpInf').ele('SvcLvl').ele('Cd').txt('SEPA');
  pmt.ele('ReqdExctnDt').ele('Dt').txt(executionDate);
  pmt.ele('Dbtr').ele('Nm').txt(text(debtor.name, 140));
  pmt.ele('DbtrAcct').ele('Id').ele('IBAN').txt(debtor.iban);
  pmt.ele('DbtrAgt').ele('FinInstnId').ele('BICFI').txt(debtor.bic);
  pmt.ele('ChrgBr').txt(sepa ? 'SLEV' : 'SHAR');
  for (const item of items) {
    const tx = pmt.ele('CdtTrfTxInf');
    tx.ele('PmtId').ele('EndToEndId').txt(item.endToEndId);
    tx.ele('Amt').ele('InstdAmt', { Ccy: item.currency }).txt(formatMoney(item.amount, item.currency));
    tx.ele('CdtrAgt').ele('FinInstnId').ele('BICFI').txt(item.creditor.bic);
    const cdtr = tx.ele('Cdtr');
    cdtr.ele('Nm').txt(text(item.creditor.name, 140));
    cdtr.ele('PstlAdr').ele('Ctry').txt(item.creditor.country);
    tx.ele('CdtrAcct').ele('Id').ele('IBAN').txt(item.creditor.iban);
    tx.ele('RmtInf').ele('Ustrd').txt(text(`Hourglass payout ${batch.runKey} ${item.operatorId}`, 140));
  }
  return doc.end({ prettyPrint: true });
}

export const PAYOUT_CSV_COLUMNS = ['batchId', 'operatorId', 'currency', 'amount', 'status', 'holdReason', 'endToEndId', 'creditorName', 'creditorIban', 'creditorBic'] as const;

export function payoutCsvRows(batch: PayoutBatch): Array<Record<(typeof PAYOUT_CSV_COLUMNS)[number], string>> {
  return batch.items.map((i) => ({
    batchId: batch.batchId,
    operatorId: i.operatorId,
    currency: i.currency,
    amount: formatMoney(i.amount, i.currency),
    status: i.status,
    holdReason: i.holdReason ?? '',
    endToEndId: i.endToEndId,
    creditorName: i.creditor.name,
    creditorIban: i.creditor.iban,
    creditorBic: i.creditor.bic,
  }));
}
