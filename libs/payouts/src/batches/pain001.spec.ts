import { dec } from '@hourglass/money';
import { endToEndIdOf, payoutIdOf, checkTransition, type PayoutBatch, type PayoutItem } from './payout-batch';
import { pain001, payoutCsvRows } from './pain001';

const item = (operatorId: string, currency: string, amount: string, status: PayoutItem['status'] = 'scheduled'): PayoutItem => ({
  batchId: 'pb_2026-10',
  operatorId,
  currency,
  amount: dec(amount),
  status,
  holdReason: status === 'held' ? 'kyc' : null,
  endToEndId: endToEndIdOf(payoutIdOf({ batchId: 'pb_2026-10', operatorId, currency })),
  creditor: { name: `Operator ${operatorId}`, iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', country: 'DE' },
  createdAtMs: 0,
});
const batch = (items: PayoutItem[]): PayoutBatch => ({ batchId: 'pb_2026-10', runKey: '2026-10', basis: 'collected', createdAtMs: 0, items });
const debtor = { name: 'Hourglass GmbH', iban: 'DE02120300000000202051', bic: 'BYLADEM1001' };
const all = (xml: string, tag: string) => [...xml.matchAll(new RegExp(`<${tag}[^>]*>([^<]*)</${tag}>`, 'g'))].map((m) => m[1]);

describe('pain001', () => {
  it('counts and sums only the scheduled transfers, at both levels, SEPA when all EUR', () => {
    // 191.25 + 76.50 = 267.75; the held item and the zero one are not transfers
    const xml = pain001(batch([item('op-a', 'EUR', '191.25'), item('op-b', 'EUR', '76.50'), item('op-c', 'EUR', '114.75', 'held')]), debtor, Date.parse('2026-11-02T09:00:00Z'), '2026-11-02');
    expect(all(xml, 'NbOfTxs')).toEqual(['2', '2']);
    expect(all(xml, 'CtrlSum')).toEqual(['267.75', '267.75']);
    expect(all(xml, 'InstdAmt')).toEqual(['191.25', '76.50']);
    expect(all(xml, 'Cd')).toEqual(['SEPA']);
    expect(all(xml, 'ChrgBr')).toEqual(['SLEV']);
    expect(all(xml, 'CreDtTm')).toEqual(['2026-11-02T09:00:00Z']);
    expect(new Set(all(xml, 'EndToEndId')).size).toBe(2);
    expect(xml).toContain('xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"');
  });

  it('writes amounts in each currency minor units and leaves out the SEPA service level for other currencies', () => {
    const xml = pain001(batch([item('op-a', 'EUR', '10'), item('op-j', 'JPY', '5000'), item('op-k', 'BHD', '1.5')]), debtor, 0, '1970-01-01');
    expect(all(xml, 'InstdAmt')).toEqual(['10.00', '5000', '1.500']);
    expect(all(xml, 'CtrlSum')).toEqual(['5011.5', '5011.5']);
    expect(xml).not.toContain('<SvcLvl>');
    expect(all(xml, 'ChrgBr')).toEqual(['SHAR']);
  });

  it('derives EndToEndIds of at most 35 characters, one per payout', () => {
    const ids = ['op-1', 'op-2', 'op-3'].map((op) => endToEndIdOf(payoutIdOf({ batchId: 'pb_2026-10', operatorId: op, currency: 'EUR' })));
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(id.length).toBeLessThanOrEqual(35);
    expect(payoutCsvRows(batch([item('op-c', 'EUR', '1', 'held')]))[0]).toMatchObject({ status: 'held', holdReason: 'kyc', amount: '1.00' });
  });

  it('lets the bank confirm, fail or return, and nothing else', () => {
    expect(checkTransition('scheduled', 'paid')).toBe('apply');
    expect(checkTransition('paid', 'returned')).toBe('apply');
    expect(checkTransition('paid', 'paid')).toBe('replay');
    expect(() => checkTransition('held', 'paid')).toThrow('a held payout cannot become paid');
    expect(() => checkTransition('returned', 'paid')).toThrow();
  });
});
