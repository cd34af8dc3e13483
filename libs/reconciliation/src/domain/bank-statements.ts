import { createHash } from 'node:crypto';
import type Big from 'big.js';
import { currencyAt, csvHeaderOf, csvRecords, decimalAt, SettlementReportError } from './settlement-reports';

/**
 * A bank statement of the account payouts leave from, as a CSV with camt.053's entry fields
 * ("camt.053-lite", libs/reconciliation/README.md "Bank statements"): one row per booked entry
 * (`Ntry`). A payout batch sent as one pain.001 `PmtInf` is usually booked as one debit that names the
 * `PmtInfId`; a bank that books each transfer names its `EndToEndId`; a transfer the creditor's bank
 * sent back is a credit naming the `EndToEndId` with a return reason (`RtrInf/Rsn`, e.g. AC04).
 */
export const BANK_COLUMNS = {
  /** AcctSvcrRef: the bank's own id of the entry, unique per account. */
  entryRef: 'entry_ref',
  /** Acct/Id/IBAN: the statement's account. */
  account: 'account_iban',
  /** BookgDt: YYYY-MM-DD (UTC) or a date and time. */
  bookingDate: 'booking_date',
  /** CdtDbtInd: DBIT (money left) or CRDT (money came in, e.g. a return). */
  creditDebit: 'credit_debit',
  /** Amt: positive decimal, major units. */
  amount: 'amount',
  /** Amt/@Ccy. */
  currency: 'currency',
  /** NtryDtls/TxDtls/Refs/PmtInfId: the pain.001 payment information the entry books (a batch debit). */
  paymentInfoId: 'payment_info_id',
  /** NtryDtls/TxDtls/Refs/EndToEndId: the transfer the entry books (an item debit, or a return). */
  endToEndId: 'end_to_end_id',
  /** RtrInf/Rsn/Cd: why a transfer came back (ISO external return reason code). */
  returnReason: 'return_reason',
} as const;

const REQUIRED = [BANK_COLUMNS.entryRef, BANK_COLUMNS.account, BANK_COLUMNS.bookingDate, BANK_COLUMNS.creditDebit, BANK_COLUMNS.amount, BANK_COLUMNS.currency];

export interface BankLine {
  /** `bank:<account IBAN>:<entry_ref>`: the same entry always gets the same id. */
  lineId: string;
  account: string;
  entryRef: string;
  lineNo: number;
  direction: 'debit' | 'credit';
  /** Positive, major units. */
  amount: Big;
  currency: string;
  bookedAtMs: number;
  paymentInfoId: string;
  endToEndId: string;
  returnReason: string;
  raw: Record<string, string>;
}

export interface ParsedBankStatement {
  importId: string;
  lines: BankLine[];
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?Z?)?$/;

function bookingDateAt(row: Record<string, string>, line: number): number {
  const raw = (row[BANK_COLUMNS.bookingDate] ?? '').trim();
  const m = DATE.exec(raw);
  const ms = m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)) : NaN;
  if (!m || Number.isNaN(ms) || new Date(ms).getUTCDate() !== +m[3]!) {
    throw new SettlementReportError(`${JSON.stringify(raw)} is not a date (YYYY-MM-DD, UTC)`, line, BANK_COLUMNS.bookingDate);
  }
  return ms;
}

/** The statement is refused whole at its first problem, with the line (1 = header) and column. */
export function parseBankStatement(content: string): ParsedBankStatement {
  const header = csvHeaderOf(content);
  for (const c of REQUIRED) if (!header.includes(c)) throw new SettlementReportError(`the column ${c} is missing from the header`, 1, c);
  const rows = csvRecords(content);
  const seen = new Set<string>();
  const lines = rows.map((row, i): BankLine => {
    const lineNo = i + 2;
    const account = (row[BANK_COLUMNS.account] ?? '').replace(/\s+/g, '').toUpperCase();
    if (account === '') throw new SettlementReportError('the account IBAN is required', lineNo, BANK_COLUMNS.account);
    const entryRef = (row[BANK_COLUMNS.entryRef] ?? '').trim();
    if (entryRef === '') throw new SettlementReportError('an entry reference is required', lineNo, BANK_COLUMNS.entryRef);
    const lineId = `bank:${account}:${entryRef}`;
    if (seen.has(lineId)) throw new SettlementReportError(`entry ${entryRef} appears twice`, lineNo, BANK_COLUMNS.entryRef);
    seen.add(lineId);
    const indicator = (row[BANK_COLUMNS.creditDebit] ?? '').trim().toUpperCase();
    if (indicator !== 'DBIT' && indicator !== 'CRDT') throw new SettlementReportError(`${JSON.stringify(indicator)} is not DBIT or CRDT`, lineNo, BANK_COLUMNS.creditDebit);
    const amount = decimalAt(row, BANK_COLUMNS.amount, lineNo, true);
    if (amount.lte(0)) throw new SettlementReportError('the amount is positive; credit_debit gives the direction', lineNo, BANK_COLUMNS.amount);
    return {
      lineId,
      account,
      entryRef,
      lineNo,
      direction: indicator === 'DBIT' ? 'debit' : 'credit',
      amount,
      currency: currencyAt(row, BANK_COLUMNS.currency, lineNo),
      bookedAtMs: bookingDateAt(row, lineNo),
      paymentInfoId: (row[BANK_COLUMNS.paymentInfoId] ?? '').trim(),
      endToEndId: (row[BANK_COLUMNS.endToEndId] ?? '').trim(),
      returnReason: (row[BANK_COLUMNS.returnReason] ?? '').trim(),
      raw: row,
    };
  });
  return { importId: 'bimp_' + createHash('sha256').update(`bank\u0000${content}`).digest('hex').slice(0, 32), lines };
}
