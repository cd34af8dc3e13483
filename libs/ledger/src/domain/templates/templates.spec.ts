import { dec } from '@hourglass/money';
import { accountTotals, balanceRows, signedBalance } from '../balances';
import type { LedgerTransaction } from '../transaction';
import {
  creditApplied,
  creditNoteIssued,
  disputeLossReversed,
  disputeLost,
  disputeOpened,
  disputeWon,
  invoiceFinalized,
  invoiceVoided,
  InvalidPostingInputError,
  paymentCaptured,
  operatorClawback,
  payoutPaid,
  pspSettlement,
  refundIssued,
  reserveHeld,
  reserveReleased,
} from '.';

/** `D receivable:c-9 37.44` per posting: the table of a template, as the README writes it. */
const legs = (txn: LedgerTransaction) => txn.postings.map((p) => `${p.side === 'debit' ? 'D' : 'C'} ${p.account} ${p.amount.toFixed()}`).sort();

describe('invoice templates', () => {
  const line = (lineId: string, kind: 'usage' | 'reserved' | 'adjustment' | 'credit', operatorId: string, amount: string, share: string, fee: string) => ({
    lineId,
    kind,
    operatorId,
    amount: dec(amount),
    operatorShare: dec(share),
    platformFee: dec(fee),
  });

  it('posts a finalized invoice as receivable against each operator share and the platform fees', () => {
    const txn = invoiceFinalized({
      invoiceId: 'in_1',
      customerId: 'c-9',
      currency: 'USD',
      eventId: 'in_1:1:finalized',
      finalizedAtMs: 0,
      lines: [
        // 19.92 × 0.85 = 16.932 → 16.93; fee 2.99
        line('l1', 'usage', 'op-42', '19.92', '16.93', '2.99'),
        line('l2', 'reserved', 'op-7', '100.00', '85.00', '15.00'),
        line('l3', 'adjustment', 'op-42', '17.52', '14.89', '2.63'),
        line('l4', 'credit', '', '-10.00', '0', '-10.00'),
      ],
    });
    expect(txn.txnId).toBe('inv-finalized:in_1');
    expect(txn.causedBy).toBe('invoice_status_events:in_1:1:finalized');
    // the credit line is its own transaction: receivable is the subtotal here
    expect(legs(txn)).toEqual(['C operator_payable:op-42 31.82', 'C operator_payable:op-7 85', 'C platform_fees 20.62', 'D receivable:c-9 137.44']);
  });

  it('refuses a line whose share and fee do not add up to its amount', () => {
    expect(() =>
      invoiceFinalized({ invoiceId: 'in_1', customerId: 'c', currency: 'USD', eventId: 'e', finalizedAtMs: 0, lines: [line('l1', 'usage', 'op', '10.00', '8.00', '1.00')] }),
    ).toThrow(InvalidPostingInputError);
  });

  it('posts a prepaid grant as the platform’s expense and a balance as the customer’s credit', () => {
    const base = { lineId: 'in_1:0004', invoiceId: 'in_1', customerId: 'c-9', currency: 'USD', amount: dec('10.00'), appliedAtMs: 0 };
    expect(legs(creditApplied({ ...base, source: { grantId: 'g1' } }))).toEqual(['C receivable:c-9 10', 'D credit_grants_expense 10']);
    expect(legs(creditApplied({ ...base, source: { customerBalance: true } }))).toEqual(['C receivable:c-9 10', 'D customer_credit:c-9 10']);
    expect(creditApplied({ ...base, source: { grantId: 'g1' } }).txnId).toBe('credit-applied:in_1:0004');
  });

  it('posts a credit note against the receivable, the paid part to the customer’s credit', () => {
    const base = { creditNoteId: 'cn1', invoiceId: 'in_1', customerId: 'c-9', currency: 'JPY', amount: dec('1200'), issuedAtMs: 0 };
    expect(legs(creditNoteIssued(base))).toEqual(['C receivable:c-9 1200', 'D credit_notes_expense 1200']);
    expect(legs(creditNoteIssued({ ...base, paidPortion: dec('200') }))).toEqual(['C customer_credit:c-9 200', 'C receivable:c-9 1000', 'D credit_notes_expense 1200']);
    expect(() => creditNoteIssued({ ...base, paidPortion: dec('1201') })).toThrow(InvalidPostingInputError);
  });

  it('posts nothing for a void whose remainder a credit note already covered', () => {
    const base = { invoiceId: 'in_1', customerId: 'c-9', currency: 'BHD', eventId: 'e', voidedAtMs: 0 };
    expect(invoiceVoided({ ...base, uncredited: dec('0') }).postings).toEqual([]);
    expect(legs(invoiceVoided({ ...base, uncredited: dec('1.125') }))).toEqual(['C receivable:c-9 1.125', 'D credit_notes_expense 1.125']);
  });
});

describe('payment templates', () => {
  it('captures into PSP clearing and puts an overpayment on the customer’s credit', () => {
    const txn = paymentCaptured({
      paymentId: 'pi_1',
      invoiceId: 'in_1',
      customerId: 'c-9',
      currency: 'USD',
      amount: dec('50.00'),
      amountDue: dec('37.44'),
      route: { psp: 'stripe' },
      capturedAtMs: 0,
      causedBy: 'psp_events:evt_1',
    });
    expect(txn.txnId).toBe('payment-captured:pi_1');
    expect(legs(txn)).toEqual(['C customer_credit:c-9 12.56', 'C receivable:c-9 37.44', 'D psp_clearing:stripe 50']);
  });

  it('records a bank transfer straight into cash', () => {
    const txn = paymentCaptured({
      paymentId: 'ref-1',
      invoiceId: 'in_1',
      customerId: 'c-9',
      currency: 'EUR',
      amount: dec('10.00'),
      amountDue: dec('37.44'),
      route: { bankAccountId: 'de-main' },
      capturedAtMs: 0,
      causedBy: 'payments:ref-1',
    });
    expect(legs(txn)).toEqual(['C receivable:c-9 10', 'D cash:de-main 10']);
  });

  it('refunds out of clearing, against a credit balance or reopening the receivable', () => {
    const base = { refundId: 're_1', customerId: 'c-9', currency: 'USD', amount: dec('5.00'), route: { psp: 'adyen' }, refundedAtMs: 0, causedBy: 'x' };
    expect(legs(refundIssued({ ...base, against: 'customer_credit' }))).toEqual(['C psp_clearing:adyen 5', 'D customer_credit:c-9 5']);
    expect(legs(refundIssued({ ...base, against: 'receivable' }))).toEqual(['C psp_clearing:adyen 5', 'D receivable:c-9 5']);
  });

  it('settles clearing into cash and the PSP’s fee', () => {
    const txn = pspSettlement({ settlementId: 'po_1', provider: 'stripe', bankAccountId: 'us-main', currency: 'USD', gross: dec('100.00'), fee: dec('3.20'), settledAtMs: 0, causedBy: 'x' });
    expect(txn.txnId).toBe('psp-settlement:stripe:po_1');
    expect(legs(txn)).toEqual(['C psp_clearing:stripe 100', 'D cash:us-main 96.8', 'D psp_fees:stripe 3.2']);
  });
});

describe('dispute templates', () => {
  const base = { disputeId: 'dp_1', provider: 'stripe', currency: 'USD', amount: dec('37.44'), atMs: 0, causedBy: 'x' };

  it('moves withdrawn funds out of clearing while the dispute is open, with its fee', () => {
    expect(legs(disputeOpened({ ...base, fee: dec('15.00') }))).toEqual(['C psp_clearing:stripe 52.44', 'D disputed_funds:stripe 37.44', 'D psp_fees:stripe 15']);
  });

  it('returns them when it is won, with the fee when the PSP gives it back', () => {
    expect(legs(disputeWon(base))).toEqual(['C disputed_funds:stripe 37.44', 'D psp_clearing:stripe 37.44']);
    // fee −15.00: the PSP gives the opening's fee back, so clearing gets 37.44 + 15.00
    expect(legs(disputeWon({ ...base, fee: dec('-15.00') }))).toEqual(['C disputed_funds:stripe 37.44', 'C psp_fees:stripe 15', 'D psp_clearing:stripe 52.44']);
  });

  it('reverses a loss won later, clawbacks included, as reversal-of:dispute-lost:<id>', () => {
    const loss = { ...base, clawbacks: [{ operatorId: 'op-42', amount: dec('31.82') }] };
    const txn = disputeLossReversed({ loss, atMs: 5, causedBy: 'dispute_loss_reversals:dp_1' });
    expect([txn.txnId, txn.causedBy, txn.occurredAtMs]).toEqual(['reversal-of:dispute-lost:dp_1', 'dispute_loss_reversals:dp_1', 5]);
    expect(legs(txn)).toEqual(['C dispute_losses 5.62', 'C operator_payable:op-42 31.82', 'D disputed_funds:stripe 37.44']);
  });

  it('books a lost dispute as the platform’s loss, or claws it back from operators', () => {
    expect(legs(disputeLost(base))).toEqual(['C disputed_funds:stripe 37.44', 'D dispute_losses 37.44']);
    expect(legs(disputeLost({ ...base, clawbacks: [{ operatorId: 'op-42', amount: dec('31.82') }] }))).toEqual([
      'C disputed_funds:stripe 37.44',
      'D dispute_losses 5.62',
      'D operator_payable:op-42 31.82',
    ]);
    expect(() => disputeLost({ ...base, clawbacks: [{ operatorId: 'op-42', amount: dec('40') }] })).toThrow(InvalidPostingInputError);
  });
});

describe('payout templates', () => {
  it('pays an operator out of cash, and holds and releases a reserve', () => {
    expect(legs(payoutPaid({ payoutId: 'pb_1:op-42:EUR', operatorId: 'op-42', currency: 'EUR', amount: dec('31.82'), bankAccountId: 'de-main', paidAtMs: 0, causedBy: 'x' }))).toEqual([
      'C cash:de-main 31.82',
      'D operator_payable:op-42 31.82',
    ]);
    const move = { reserveId: 'r1', operatorId: 'op-42', currency: 'EUR', amount: dec('3.18'), atMs: 0, causedBy: 'x' };
    expect(legs(reserveHeld(move))).toEqual(['C payout_reserve:op-42 3.18', 'D operator_payable:op-42 3.18']);
    expect(legs(reserveReleased(move))).toEqual(['C operator_payable:op-42 3.18', 'D payout_reserve:op-42 3.18']);
  });

  it("claws an operator's share of a refund back from its payable", () => {
    const txn = operatorClawback({ clawbackId: 'refund-re-1', operatorId: 'op-42', currency: 'EUR', amount: dec('20'), atMs: 0, causedBy: 'x' });
    expect([txn.txnId, ...legs(txn)]).toEqual(['operator-clawback:refund-re-1', 'C credit_notes_expense 20', 'D operator_payable:op-42 20']);
  });
});

describe('balances', () => {
  it('reads assets and expenses debit-positive, the others credit-positive', () => {
    const txn = paymentCaptured({
      paymentId: 'p',
      invoiceId: 'i',
      customerId: 'c',
      currency: 'USD',
      amount: dec('12.00'),
      amountDue: dec('10.00'),
      route: { psp: 'stripe' },
      capturedAtMs: 0,
      causedBy: 'x',
    });
    expect(balanceRows(accountTotals(txn.postings))).toEqual([
      { account: 'customer_credit:c', currency: 'USD', balance: '2.00' },
      { account: 'psp_clearing:stripe', currency: 'USD', balance: '12.00' },
      { account: 'receivable:c', currency: 'USD', balance: '-10.00' },
    ]);
    expect(signedBalance({ account: 'platform_fees', currency: 'USD', debits: dec('1'), credits: dec('3') }).toFixed()).toBe('2');
  });
});
