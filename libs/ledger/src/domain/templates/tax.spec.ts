import { dec } from '@hourglass/money';
import type { LedgerTransaction } from '../transaction';
import { creditNoteIssued, invoiceFinalized, invoiceVoided } from '.';

const legs = (txn: LedgerTransaction) => txn.postings.map((p) => `${p.side === 'debit' ? 'D' : 'C'} ${p.account} ${p.amount.toFixed()}`).sort();

describe('invoice templates with tax', () => {
  const lines = [{ lineId: 'in_1:0001', kind: 'usage' as const, operatorId: 'op-1', amount: dec('19.92'), operatorShare: dec('16.93'), platformFee: dec('2.99') }];

  it('a finalized invoice: the customer owes net + tax, the authority is owed the tax, shares and fees stay net', () => {
    const txn = invoiceFinalized({ invoiceId: 'in_1', customerId: 'c-de', currency: 'EUR', eventId: 'e1', finalizedAtMs: 0, lines, taxTotal: dec('3.78') });
    expect(legs(txn)).toEqual(['C operator_payable:op-1 16.93', 'C platform_fees 2.99', 'C tax_payable 3.78', 'D receivable:c-de 23.7'].sort());
  });

  it('without tax the postings are exactly those of before', () => {
    const a = invoiceFinalized({ invoiceId: 'in_1', customerId: 'c-de', currency: 'EUR', eventId: 'e1', finalizedAtMs: 0, lines });
    const b = invoiceFinalized({ invoiceId: 'in_1', customerId: 'c-de', currency: 'EUR', eventId: 'e1', finalizedAtMs: 0, lines, taxTotal: dec('0') });
    expect(legs(a)).toEqual(['C operator_payable:op-1 16.93', 'C platform_fees 2.99', 'D receivable:c-de 19.92'].sort());
    expect(b.postings).toEqual(a.postings);
  });

  it('a credit note gives back its tax; a void without one gives back what is left', () => {
    const note = creditNoteIssued({ creditNoteId: 'cn_1', invoiceId: 'in_1', customerId: 'c-de', currency: 'EUR', amount: dec('10.00'), taxAmount: dec('1.90'), issuedAtMs: 0 });
    expect(legs(note)).toEqual(['C receivable:c-de 11.9', 'D credit_notes_expense 10', 'D tax_payable 1.9'].sort());
    const voided = invoiceVoided({ invoiceId: 'in_1', customerId: 'c-de', currency: 'EUR', eventId: 'v', voidedAtMs: 0, uncredited: dec('9.92'), taxUncredited: dec('1.88') });
    expect(legs(voided)).toEqual(['C receivable:c-de 11.8', 'D credit_notes_expense 9.92', 'D tax_payable 1.88'].sort());
  });
});
