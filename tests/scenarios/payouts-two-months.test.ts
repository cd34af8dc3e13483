import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Global, Module } from '@nestjs/common';
import { SANCTIONS_GATE, type SanctionsGate } from '@hourglass/contracts';
import { ibanProblem } from '@hourglass/payouts';
import { customer, priceBook, rental, usageEvent } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';
import { steppedClock } from '../support/psp-scenario';

/** Risk's port, faked: op-d stands on a sanctions list. */
const FAKE_SANCTIONS: SanctionsGate = { isBlocked: async (p) => p.kind === 'operator' && p.id === 'op-d' };
@Global()
@Module({ providers: [{ provide: SANCTIONS_GATE, useValue: FAKE_SANCTIONS }], exports: [SANCTIONS_GATE] })
class FakeSanctionsModule {}

const DEBTOR_IBAN = 'DE02120300000000202051';
const OPERATORS = [
  { operatorId: 'op-a', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', gpus: 100 },
  { operatorId: 'op-b', iban: 'FR1420041010050500013M02606', bic: 'PSSTFRPPXXX', gpus: 40 },
  { operatorId: 'op-c', iban: 'NL91ABNA0417164300', bic: 'ABNANL2A', gpus: 60 },
  { operatorId: 'op-d', iban: 'GB29NWBK60161331926819', bic: 'NWBKGB2L', gpus: 20 },
];

interface Item {
  operatorId: string;
  currency: string;
  amount: string;
  status: string;
  holdReason?: string;
}
interface Batch {
  batchId: string;
  created: boolean;
  items: Item[];
}
interface Balance {
  account: string;
  currency: string;
  balance: string;
}
const cents = (v: string) => Math.round(Number(v) * 100); // amounts here stay far below 2^53 cents

/**
 * Two months of operator payouts (EUR, 2.50 per GPU-hour, platform fee 15 %, reserve 10 % held 20
 * days, minimum 10.00, basis collected): reserves held and released, a refund clawback netted, a
 * returned payout restored, an operator held for KYC until verified, a sanctioned one blocked. The
 * ledger balances, and per operator paid + reserve + payable + clawbacks = earned shares.
 */
describe('payouts: two months', () => {
  let h: Harness;
  const clock = steppedClock('2026-11-02T09:00:00.000Z');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hg-payouts-'));

  const publishMonth = async (day: string) => {
    for (const o of OPERATORS) {
      const r = `r-${o.operatorId}`;
      await h.publish(`usage.v1.${o.operatorId}.dc-1`, usageEvent({
        source: `agent://${o.operatorId}/dc-1/node-1`,
        subject: `rental/${r}`,
        time: `${day}T01:00:00.000Z`,
        data: { rentalId: r, operatorId: o.operatorId, datacenterId: 'dc-1', nodeId: 'node-1', gpuCount: o.gpus, intervalStart: `${day}T00:00:00.000Z`, intervalEnd: `${day}T01:00:00.000Z` },
      }));
    }
  };
  const accepted = async (n: number) => h.waitFor(async () => (await h.api<{ accepted: number }>('GET', '/v1/status')).body.accepted, (a) => a >= n);
  const billAndPay = async (period: string) => {
    expect((await h.api('POST', '/v1/billing-runs', { period })).status).toBe(200);
    const invoices = (await h.api<Array<{ invoiceId: string; total: string }>>('GET', `/v1/invoices?period=${period}`)).body;
    expect(invoices).toHaveLength(1);
    const r = await h.api('POST', '/v1/payments/records', { invoiceId: invoices[0]!.invoiceId, amount: invoices[0]!.total, reference: `wire-${period}` });
    expect(r.status).toBeLessThan(300);
    return invoices[0]!;
  };
  const run = async (period: string) => {
    const r = await h.api<Batch>('POST', '/v1/payouts/runs', { period });
    expect(r.status).toBe(200);
    return r.body;
  };
  const items = (b: Batch) => Object.fromEntries(b.items.map((i) => [i.operatorId, [i.status, i.amount, i.holdReason ?? null]]));
  const setStatus = (batchId: string, operatorId: string, status: string) => h.api<Item>('POST', `/v1/payouts/batches/${batchId}/items/${operatorId}/status`, { status, reason: `bank says ${status}` });
  const kyc = (id: string, state: string) => h.api('POST', `/v1/kyc/operator/${id}`, { state, reason: 'documents reviewed' });

  beforeAll(async () => {
    h = await startHarness(
      {
        HOURGLASS_LEDGER_SYNC_INTERVAL_MS: '0',
        HOURGLASS_PSP_INBOX_RETRY_MS: '0',
        HOURGLASS_PAYOUT_RESERVE_RATE: '0.10',
        HOURGLASS_PAYOUT_RESERVE_DAYS: '20',
        HOURGLASS_PAYOUT_MINIMUM: 'EUR:10',
        HOURGLASS_PAYOUT_DEBTOR_NAME: 'Hourglass Marketplace GmbH',
        HOURGLASS_PAYOUT_DEBTOR_IBAN: DEBTOR_IBAN,
        HOURGLASS_PAYOUT_DEBTOR_BIC: 'MARKDEF1200',
        HOURGLASS_KYC_CUSTOMER_MONTHLY_SPEND: '500',
      },
      undefined,
      { clock, imports: [FakeSanctionsModule] },
    );
    await h.api('POST', '/v1/reference', [
      customer({ customerId: 'c-p', currency: 'EUR' }),
      priceBook({ priceBookId: 'pb-eur', currency: 'EUR', rates: [{ gpuModel: 'H100-SXM-80GB', pricingClass: 'on_demand', unitPrice: '2.50' }] }),
      ...OPERATORS.map((o) => rental({ rentalId: `r-${o.operatorId}`, customerId: 'c-p', operatorId: o.operatorId, datacenterId: 'dc-1', nodeId: 'node-1', gpuCount: o.gpus, priceBookId: 'pb-eur' })),
    ]);
  });
  afterAll(async () => {
    await h?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('takes operators as reference data and refuses a bad document with its reason', async () => {
    const bad = await h.api<{ reason: string; message: string }>('POST', '/v1/operators', { documents: [{ operatorId: 'op-x', name: 'X', country: 'DE', iban: 'DE89370400440532013001', bic: 'COBADEFFXXX', payoutCurrency: 'EUR', updatedAt: '2026-10-01T00:00:00Z' }] });
    expect([bad.status, bad.body.reason]).toEqual([400, 'invalid_document']);
    expect(bad.body.message).toContain('iban: fails the ISO 7064 mod-97 checksum');
    const ok = await h.api<{ results: Array<{ outcome: string }> }>('POST', '/v1/operators', OPERATORS.map((o) => ({ operatorId: o.operatorId, name: `Operator ${o.operatorId}`, country: o.iban.slice(0, 2), iban: o.iban, bic: o.bic, payoutCurrency: 'EUR', updatedAt: '2026-10-01T00:00:00Z' })));
    expect(ok.body.results.map((r) => r.outcome)).toEqual(['applied', 'applied', 'applied', 'applied']);
    expect((await h.api<unknown[]>('GET', '/v1/operators')).body).toHaveLength(4);
    for (const id of ['op-a', 'op-b', 'op-d']) expect((await kyc(id, 'verified')).status).toBe(200);
    expect((await kyc('op-c', 'pending')).status).toBe(200);
  });

  it('month one: pays the collected shares less the reserve, holds KYC and sanctions, once', async () => {
    await publishMonth('2026-10-10');
    await accepted(4);
    // Shares: 100 GPU-h × 2.50 = 250.00 → 212.50; 40 → 85.00; 60 → 127.50; 20 → 42.50. Reserve 10 %.
    await billAndPay('2026-10');
    const batch = await run('2026-10');
    expect(batch.created).toBe(true);
    expect(items(batch)).toEqual({
      'op-a': ['scheduled', '191.25', null], // 212.50 − 21.25
      'op-b': ['scheduled', '76.50', null], // 85.00 − 8.50
      'op-c': ['held', '114.75', 'kyc'], // 127.50 − 12.75
      'op-d': ['held', '38.25', 'sanctions'], // 42.50 − 4.25
    });
    const again = await run('2026-10');
    expect([again.created, again.batchId, items(again)]).toEqual([false, batch.batchId, items(batch)]);

    // The bank file: two transfers, 191.25 + 76.50 = 267.75, valid against the schema kept in tests/fixtures.
    const xml = await fetch(`${h.server.url}/v1/payouts/batches/${batch.batchId}/export?format=pain.001`, { headers: h.authHeaders() });
    expect(xml.status).toBe(200);
    const file = path.join(tmp, 'pain.xml');
    fs.writeFileSync(file, await xml.text());
    const fixtures = path.join(__dirname, '../fixtures/iso20022');
    const xsd = fs.existsSync(path.join(fixtures, 'pain.001.001.09.xsd')) ? path.join(fixtures, 'pain.001.001.09.xsd') : path.join(fixtures, 'pain.001.001.09.reduced.xsd');
    execFileSync('xmllint', ['--noout', '--schema', xsd, file], { stdio: 'pipe' });
    const text = fs.readFileSync(file, 'utf8');
    expect(text.match(/<NbOfTxs>(\d+)<\/NbOfTxs>/g)).toEqual(['<NbOfTxs>2</NbOfTxs>', '<NbOfTxs>2</NbOfTxs>']);
    expect(text.match(/<CtrlSum>([\d.]+)<\/CtrlSum>/g)).toEqual(['<CtrlSum>267.75</CtrlSum>', '<CtrlSum>267.75</CtrlSum>']);
    // Beyond the schema: unique EndToEndIds, one PmtInf per debtor account, creditor IBANs that pass their checksum.
    const e2e = [...text.matchAll(/<EndToEndId>([^<]+)<\/EndToEndId>/g)].map((m) => m[1]);
    expect(new Set(e2e).size).toBe(2);
    expect(text.match(/<PmtInf>/g)).toHaveLength(1);
    const ibans = [...text.matchAll(/<CdtrAcct>\s*<Id>\s*<IBAN>([^<]+)<\/IBAN>/g)].map((m) => m[1]!);
    expect(ibans).toEqual(['DE89370400440532013000', 'FR1420041010050500013M02606']);
    for (const iban of [...ibans, DEBTOR_IBAN]) expect(ibanProblem(iban)).toBeNull();
    const csv = await fetch(`${h.server.url}/v1/payouts/batches/${batch.batchId}/export?format=csv`, { headers: h.authHeaders() });
    expect((await csv.text()).trim().split('\n')).toHaveLength(5);

    expect((await setStatus(batch.batchId, 'op-a', 'paid')).body.status).toBe('paid');
    expect((await setStatus(batch.batchId, 'op-b', 'paid')).body.status).toBe('paid');
    expect((await setStatus(batch.batchId, 'op-b', 'returned')).body.status).toBe('returned');
    const refused = await setStatus(batch.batchId, 'op-c', 'paid');
    expect([refused.status, (refused.body as unknown as { reason: string }).reason]).toEqual([409, 'invalid_transition']);
    const events = await h.sql<{ id: string }>("SELECT id FROM outbox WHERE startsWith(id, 'payout.paid:') ORDER BY id");
    expect(events.map((e) => e.id)).toEqual([`payout.paid:${batch.batchId}:op-a:EUR`, `payout.paid:${batch.batchId}:op-b:EUR`]);
    // op-a bears 20.00 of a refund: netted against its next payout.
    expect((await h.api('POST', '/v1/payouts/clawbacks', { clawbackId: 'refund-re-1', operatorId: 'op-a', currency: 'EUR', amount: '20.00', reason: 'refund re_1' })).status).toBe(200);
  });

  it('month two: releases reserves, nets the clawback, restores the returned payout, pays the verified operator', async () => {
    clock.advanceTo('2026-12-02T09:00:00.000Z');
    await publishMonth('2026-11-10');
    await accepted(8);
    await billAndPay('2026-11');
    expect((await kyc('op-c', 'verified')).status).toBe(200);
    const batch = await run('2026-11');
    expect(items(batch)).toEqual({
      'op-a': ['scheduled', '192.50', null], // 425.00 − 20.00 clawed − 191.25 paid − 21.25 new reserve (the first released)
      'op-b': ['scheduled', '161.50', null], // 170.00 − 8.50: the returned 76.50 is owed again
      'op-c': ['scheduled', '242.25', null], // 255.00 − 12.75
      'op-d': ['held', '80.75', 'sanctions'], // 85.00 − 4.25
    });
    for (const id of ['op-a', 'op-b', 'op-c']) expect((await setStatus(batch.batchId, id, 'paid')).status).toBe(200);

    expect((await h.api('POST', '/v1/ledger/sync')).status).toBe(200);
    const trial = (await h.api<Array<{ currency: string; debits: string; credits: string }>>('GET', '/v1/ledger/trial-balance')).body;
    for (const row of trial) expect(row.debits).toBe(row.credits);
    const ledger = (await h.api<Balance[]>('GET', '/v1/ledger/balances')).body;
    const bal = (account: string) => cents(ledger.find((b) => b.account === account && b.currency === 'EUR')?.balance ?? '0');
    const statements = [...(await h.api<Array<{ operatorId: string; net: string }>>('GET', '/v1/payout-statements?period=2026-10')).body, ...(await h.api<Array<{ operatorId: string; net: string }>>('GET', '/v1/payout-statements?period=2026-11')).body];
    const balances = (await h.api<Array<{ operatorId: string; earned: string; clawbacks: string; paid: string; inFlight: string; reserve: string; payable: string }>>('GET', '/v1/payouts/balances')).body;
    const expected: Record<string, { paid: number; reserve: number; payable: number; clawbacks: number }> = {
      'op-a': { paid: 38375, reserve: 2125, payable: 0, clawbacks: 2000 },
      'op-b': { paid: 16150, reserve: 850, payable: 0, clawbacks: 0 },
      'op-c': { paid: 24225, reserve: 1275, payable: 0, clawbacks: 0 },
      'op-d': { paid: 0, reserve: 425, payable: 8075, clawbacks: 0 },
    };
    for (const [op, e] of Object.entries(expected)) {
      const earned = statements.filter((s) => s.operatorId === op).reduce((s, x) => s + cents(x.net), 0);
      expect([op, bal(`operator_payable:${op}`), bal(`payout_reserve:${op}`)]).toEqual([op, e.payable, e.reserve]);
      const b = balances.find((x) => x.operatorId === op)!;
      expect([op, cents(b.paid), cents(b.reserve), cents(b.payable), cents(b.clawbacks), cents(b.earned)]).toEqual([op, e.paid, e.reserve, e.payable, e.clawbacks, earned]);
      // paid + held (reserve) + payable (+ what the operator bore) = earned shares, in the ledger too.
      expect(e.paid + bal(`payout_reserve:${op}`) + bal(`operator_payable:${op}`) + e.clawbacks).toBe(earned);
    }
    // Cash left the debtor account: 191.25 + 76.50 − 76.50 (returned) + 192.50 + 161.50 + 242.25
    expect(bal(`cash:${DEBTOR_IBAN}`)).toBe(-(19125 + 19250 + 16150 + 24225));
  });

  it('drills a statement down to invoice lines, rentals and GPU-hours, as JSON, CSV and PDF', async () => {
    const d = await h.api<{ net: string; gpuHours: string; rentals: Array<{ rentalId: string; gpuHours: string; operatorShare: string }>; invoices: Array<{ lines: unknown[] }> }>('GET', '/v1/payout-statements/ps_202610_EUR_op-a');
    expect(d.status).toBe(200);
    expect([d.body.net, d.body.gpuHours, d.body.rentals.map((r) => [r.rentalId, r.gpuHours, r.operatorShare]), d.body.invoices[0]!.lines.length]).toEqual(['212.50', '100', [['r-op-a', '100', '212.50']], 1]);
    const csv = await fetch(`${h.server.url}/v1/payout-statements/ps_202610_EUR_op-a/csv`, { headers: h.authHeaders() });
    expect((await csv.text()).split('\n')[1]).toContain('r-op-a,dc-1,node-1,H100-SXM-80GB,100');
    const pdf = await fetch(`${h.server.url}/v1/payout-statements/ps_202610_EUR_op-a/pdf`, { headers: h.authHeaders() });
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('keeps KYC history with who and why, and asks for a customer above the monthly spend to be verified', async () => {
    const c = await h.api<{ state: string; history: Array<{ state: string; actor: string; reason: string }> }>('GET', '/v1/kyc/operator/op-c');
    expect([c.body.state, c.body.history.map((x) => x.state)]).toEqual(['verified', ['pending', 'verified']]);
    expect(c.body.history[0]!.reason).toBe('documents reviewed');
    // c-p was invoiced 550.00 in October, above the 500 limit, and is not verified.
    const over = await h.api<Array<{ customerId: string; spend: string; state: string }>>('POST', '/v1/kyc/spend-checks', { period: '2026-10' });
    expect(over.body).toEqual([{ customerId: 'c-p', currency: 'EUR', spend: '550.00', state: 'unverified' }]);
    expect((await h.sql<{ id: string; subject: string }>("SELECT id, subject FROM outbox WHERE startsWith(id, 'kyc.')")).map((r) => [r.id, r.subject])).toEqual([['kyc.verification_required:c-p:2026-10', 'billing.v1.kyc.verification_required']]);
    expect((await h.api('POST', '/v1/kyc/customer/c-p', { state: 'verified', reason: 'passport checked' })).status).toBe(200);
    expect((await h.api<unknown[]>('POST', '/v1/kyc/spend-checks', { period: '2026-10' })).body).toEqual([]);
  });

  it('applies operator documents published on ref.v1.operators', async () => {
    await h.publish('ref.v1.operators', { operatorId: 'op-e', name: 'Operator op-e', country: 'DE', iban: 'DE89370400440532013000', bic: 'COBADEFF', payoutCurrency: 'EUR', updatedAt: '2026-12-01T00:00:00Z' });
    const ops = await h.waitFor(async () => (await h.api<Array<{ operatorId: string }>>('GET', '/v1/operators')).body, (o) => o.length === 5);
    expect(ops.map((o) => o.operatorId)).toContain('op-e');
    // A bad one is kept with its reason, like other reference documents.
    await h.publish('ref.v1.operators', { operatorId: 'op-f', name: 'F', country: 'DE', iban: 'DE00370400440532013000', bic: 'COBADEFF', payoutCurrency: 'EUR', updatedAt: '2026-12-01T00:00:00Z' });
    const rejected = await h.waitFor(async () => h.sql<{ errors: string[] }>("SELECT errors FROM reference_rejections WHERE subject = 'ref.v1.operators'"), (r) => r.length === 1);
    expect(rejected[0]!.errors.join(';')).toContain('iban:');
  });
});
