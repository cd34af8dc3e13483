import { customer, priceBook, rental, usageEvent } from '../support/fixtures';
import { clockStartingAt, startHarness, type Harness } from '../support/harness';

interface Invoice {
  invoiceId: string;
  customerId: string;
  currency: string;
  status: string;
  total: string;
  creditNotes: string;
  lines: Array<{ kind: string; amount: string }>;
}
interface Statement {
  operatorId: string;
  currency: string;
  platformFee: string;
  net: string;
}
interface Balance {
  account: string;
  currency: string;
  balance: string;
}
interface Entry {
  txnId: string;
  postingNo: number;
  account: string;
  currency: string;
  debit: string;
  credit: string;
  causedBy: string;
}

/** Sums decimal strings exactly, in minor units (at most 3 decimals here). */
function sum(values: readonly string[]): string {
  const scaled = values.map((v) => {
    const [int, frac = ''] = v.replace('-', '').split('.');
    const n = BigInt(int! + frac.padEnd(3, '0'));
    return v.startsWith('-') ? -n : n;
  });
  const total = scaled.reduce((a, b) => a + b, 0n);
  const abs = total < 0n ? -total : total;
  const s = abs.toString().padStart(4, '0');
  return `${total < 0n ? '-' : ''}${s.slice(0, -3)}.${s.slice(-3)}`;
}
const same = (a: string, b: string) => sum([a]) === sum([b]);

/**
 * Two months of a small marketplace in three currencies (USD 2, EUR 2, JPY 0 minor units), two
 * operators, a prepaid credit, a late adjustment, a reserved rental, a credit note and a void, posted
 * to the ledger from the facts invoicing recorded.
 */
describe('ledger: invoicing facts posted as balanced transactions', () => {
  let h: Harness;
  const status = async () => (await h.api<{ accepted: number; lag: number }>('GET', '/v1/status')).body;
  const balances = async (query = '') => (await h.api<Balance[]>('GET', `/v1/ledger/balances${query}`)).body;
  const balanceOf = (rows: Balance[], account: string, currency: string) => rows.find((r) => r.account === account && r.currency === currency)?.balance ?? '0';
  const invoices = async () => [
    ...(await h.api<Invoice[]>('GET', '/v1/invoices?period=2026-09')).body,
    ...(await h.api<Invoice[]>('GET', '/v1/invoices?period=2026-10')).body,
  ];
  const statements = async () => [
    ...(await h.api<Statement[]>('GET', '/v1/payout-statements?period=2026-09')).body,
    ...(await h.api<Statement[]>('GET', '/v1/payout-statements?period=2026-10')).body,
  ];
  const sync = async () => (await h.api<{ posted: Record<string, number>; complete: boolean }>('POST', '/v1/ledger/sync')).body;

  const fleet = {
    'r-123': { customerId: 'c-9', operatorId: 'op-42', datacenterId: 'dc-fra-1', nodeId: 'node-17', priceBookId: 'pb-std' },
    'r-7': { customerId: 'c-9', operatorId: 'op-7', datacenterId: 'dc-ams-1', nodeId: 'node-3', priceBookId: 'pb-std' },
    'r-eu': { customerId: 'c-eu', operatorId: 'op-42', datacenterId: 'dc-fra-1', nodeId: 'node-18', priceBookId: 'pb-eur' },
    'r-jp': { customerId: 'c-jp', operatorId: 'op-7', datacenterId: 'dc-ams-1', nodeId: 'node-4', priceBookId: 'pb-jpy' },
  } as const;
  const hour = (rentalId: keyof typeof fleet, day: string, from: number) => {
    const r = fleet[rentalId];
    const at = (hh: number) => `2026-${day}T${String(hh).padStart(2, '0')}:00:00.000Z`;
    return {
      subject: `usage.v1.${r.operatorId}.${r.datacenterId}`,
      event: usageEvent({
        source: `agent://${r.operatorId}/${r.datacenterId}/${r.nodeId}`,
        subject: `rental/${rentalId}`,
        data: { rentalId, operatorId: r.operatorId, datacenterId: r.datacenterId, nodeId: r.nodeId, intervalStart: at(from), intervalEnd: at(from + 1) },
      }),
    };
  };
  let published = 0;
  const publish = async (events: Array<ReturnType<typeof hour>>) => {
    for (const e of events) await h.publish(e.subject, e.event);
    published += events.length;
    await h.waitFor(status, (s) => s.accepted === published && s.lag === 0);
  };

  beforeAll(async () => {
    // The tick is off: the test posts with POST /v1/ledger/sync, as a lifecycle action's caller may.
    h = await startHarness({ HOURGLASS_LEDGER_SYNC_INTERVAL_MS: '0' }, undefined, { clock: clockStartingAt('2026-11-20T09:00:00Z') });
    const since = { startedAt: '2026-09-01T00:00:00Z', updatedAt: '2026-09-01T00:00:00Z' };
    await h.api('POST', '/v1/reference', [
      customer(),
      customer({ customerId: 'c-eu', name: 'Euro GmbH', currency: 'EUR' }),
      customer({ customerId: 'c-jp', name: 'Tokyo KK', currency: 'JPY', country: 'JP' }),
      priceBook(),
      priceBook({
        priceBookId: 'pb-eur',
        currency: 'EUR',
        platformFeeRate: '0.2',
        rates: [
          { gpuModel: 'H100-SXM-80GB', pricingClass: 'on_demand', unitPrice: '2.31' },
          { gpuModel: 'H100-SXM-80GB', pricingClass: 'reserved', unitPrice: '1.05' },
        ],
      }),
      priceBook({ priceBookId: 'pb-jpy', currency: 'JPY', platformFeeRate: '0.125', rates: [{ gpuModel: 'H100-SXM-80GB', pricingClass: 'on_demand', unitPrice: '377' }] }),
      ...Object.entries(fleet).map(([rentalId, r]) => rental({ rentalId, ...r, ...since })),
      rental({
        rentalId: 'r-res',
        customerId: 'c-eu',
        operatorId: 'op-7',
        datacenterId: 'dc-ams-1',
        nodeId: 'node-9',
        gpuCount: 1,
        pricingClass: 'reserved',
        priceBookId: 'pb-eur',
        commitment: { termMonths: 2, autoRenew: false },
        ...since,
      }),
    ]);
    // 8 GPUs × 2 h × 2.49 = 39.84 USD of credit left for October after September's invoice takes 39.84
    expect((await h.api('POST', '/v1/credit-grants', { grantId: 'g-welcome', customerId: 'c-9', currency: 'USD', amount: '50.00' })).status).toBe(201);

    await publish([hour('r-123', '09-10', 0), hour('r-7', '09-10', 1), hour('r-eu', '09-11', 0), hour('r-jp', '09-12', 3), hour('r-jp', '09-12', 4)]);
    expect((await h.api('POST', '/v1/billing-runs', { period: '2026-09' })).status).toBe(200);
    // late September usage becomes an adjustment on October's invoice
    await publish([hour('r-123', '09-20', 5), hour('r-123', '10-03', 0), hour('r-7', '10-03', 0), hour('r-eu', '10-04', 2), hour('r-jp', '10-05', 7)]);
    expect((await h.api('POST', '/v1/billing-runs', { period: '2026-10' })).status).toBe(200);
  });
  afterAll(() => h?.close());

  it('posts every invoice, credit, credit note and void so that debits equal credits per currency', async () => {
    const all = await invoices();
    const kinds = new Set(all.flatMap((i) => i.lines.map((l) => l.kind)));
    expect([...kinds].sort()).toEqual(['adjustment', 'credit', 'reserved', 'usage']);

    const eur = all.find((i) => i.currency === 'EUR' && i.invoiceId.includes('202610'))!;
    const credited = await h.api<{ amount: string }>('POST', `/v1/invoices/${eur.invoiceId}/credit-notes`, { amount: '3.50', reason: 'goodwill' });
    expect(credited.status).toBe(201);
    const jpy = all.find((i) => i.currency === 'JPY' && i.invoiceId.includes('202609'))!;
    expect((await h.api('POST', `/v1/invoices/${jpy.invoiceId}/void`, { reason: 'billed in error' })).status).toBe(200);

    const first = await sync();
    expect(first.complete).toBe(true);
    expect(first.posted.invoice_finalized).toBe(all.length);
    expect(first.posted.credit_applied).toBe(all.flatMap((i) => i.lines).filter((l) => l.kind === 'credit').length);
    expect(first.posted.credit_note).toBe(2); // the goodwill credit and the void's credit of what was left
    expect(first.posted.invoice_voided).toBe(0); // the void's credit note covered it

    const metrics = await (await fetch(`${h.server.url}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`^hourglass_ledger_transactions_posted_total\\{kind="invoice_finalized"[^}]*\\} ${all.length}$`, 'm'));
    expect(metrics).toMatch(/^hourglass_ledger_syncs_total\{outcome="complete"[^}]*\} 1$/m);

    const trial = (await h.api<Array<{ currency: string; debits: string; credits: string }>>('GET', '/v1/ledger/trial-balance')).body;
    expect(trial.map((t) => t.currency)).toEqual(['EUR', 'JPY', 'USD']);
    for (const t of trial) expect(t.debits).toBe(t.credits);
    expect(trial.find((t) => t.currency === 'JPY')!.debits).toMatch(/^\d+$/); // no minor units in yen
  });

  it("holds each customer's receivable to their invoices' totals less credit notes and voids", async () => {
    const rows = await balances('?account=receivable');
    const all = await invoices();
    expect(all.some((i) => i.status === 'void')).toBe(true);
    for (const cust of ['c-9', 'c-eu', 'c-jp']) {
      const mine = all.filter((i) => i.customerId === cust);
      const due = sum(mine.map((i) => sum([i.total, `-${i.creditNotes}`])));
      expect([cust, sum([balanceOf(rows, `receivable:${cust}`, mine[0]!.currency)])]).toEqual([cust, due]);
    }
  });

  it("holds each operator's payable to their payout statements, and the platform's fees to the statements' fees", async () => {
    const rows = await balances();
    const stmts = await statements();
    expect(new Set(stmts.map((s) => s.operatorId))).toEqual(new Set(['op-42', 'op-7']));
    for (const key of new Set(stmts.map((s) => `${s.operatorId}|${s.currency}`))) {
      const [op, cur] = key.split('|') as [string, string];
      const net = sum(stmts.filter((s) => s.operatorId === op && s.currency === cur).map((s) => s.net));
      expect([key, sum([balanceOf(rows, `operator_payable:${op}`, cur)])]).toEqual([key, net]);
    }
    for (const cur of ['USD', 'EUR', 'JPY']) {
      const fees = sum(stmts.filter((s) => s.currency === cur).map((s) => s.platformFee));
      expect([cur, sum([balanceOf(rows, 'platform_fees', cur)])]).toEqual([cur, fees]);
    }
    // Credits are the platform's: grants and credit notes are expenses, never taken from operators.
    const all = await invoices();
    const grants = sum(all.flatMap((i) => i.lines).filter((l) => l.kind === 'credit').map((l) => l.amount.replace('-', '')));
    expect(same(balanceOf(rows, 'credit_grants_expense', 'USD'), grants)).toBe(true);
    const notes = (cur: string) => sum(all.filter((i) => i.currency === cur).map((i) => i.creditNotes));
    expect(same(balanceOf(rows, 'credit_notes_expense', 'EUR'), notes('EUR'))).toBe(true);
    expect(same(balanceOf(rows, 'credit_notes_expense', 'JPY'), notes('JPY'))).toBe(true);
  });

  it('changes nothing when the posting job runs again', async () => {
    const before = await h.sql<{ n: string }>('SELECT count() AS n FROM ledger_entries');
    const beforeBalances = await balances();
    const again = await sync();
    expect(Object.values(again.posted).every((n) => n === 0)).toBe(true);
    expect(await h.sql<{ n: string }>('SELECT count() AS n FROM ledger_entries')).toEqual(before);
    expect(await balances()).toEqual(beforeBalances);
  });

  it('pages through the entries with a cursor, and names the fact behind each transaction', async () => {
    const seen: Entry[] = [];
    let cursor: string | null = '';
    for (let pages = 0; cursor !== null && pages < 100; pages += 1) {
      const page: { status: number; body: { entries: Entry[]; nextCursor: string | null } } = await h.api('GET', `/v1/ledger/entries?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.entries);
      cursor = page.body.nextCursor;
    }
    const [{ n }] = await h.sql<{ n: string }>('SELECT count() AS n FROM ledger_entries FINAL');
    expect(seen.length).toBe(Number(n));
    expect(new Set(seen.map((e) => `${e.txnId}#${e.postingNo}`)).size).toBe(seen.length);
    const finalized = seen.filter((e) => e.txnId.startsWith('inv-finalized:'));
    expect(finalized.every((e) => e.causedBy.startsWith('invoice_status_events:'))).toBe(true);
    expect(seen.some((e) => e.txnId.startsWith('credit-note:') && e.causedBy.startsWith('credit_notes:'))).toBe(true);
  });

  it('describes its routes and bodies in the OpenAPI document', async () => {
    const doc = (await h.api<{ paths: Record<string, Record<string, { responses: Record<string, { content?: unknown }> }>> }>('GET', '/v1/openapi.json')).body;
    for (const [path, method] of [['/v1/ledger/trial-balance', 'get'], ['/v1/ledger/balances', 'get'], ['/v1/ledger/entries', 'get'], ['/v1/ledger/sync', 'post']] as const) {
      expect([path, JSON.stringify(doc.paths[path]?.[method]?.responses['200']?.content ?? null)]).toEqual([path, expect.stringContaining('#/components/schemas/')]);
    }
  });

  it('refuses an account outside the chart and a cursor it never issued', async () => {
    const bad = await h.api<{ reason: string }>('GET', '/v1/ledger/balances?account=petty_cash');
    expect([bad.status, bad.body.reason]).toEqual([400, 'unknown_account']);
    const cursor = await h.api<{ reason: string }>('GET', '/v1/ledger/entries?cursor=nonsense');
    expect([cursor.status, cursor.body.reason]).toEqual([400, 'invalid_cursor']);
  });
});
