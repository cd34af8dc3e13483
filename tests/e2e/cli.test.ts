import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startLocalNats, startLocalRedis, type LocalService } from '@hourglass/platform';
import { customer, priceBook, rental, usageEvent } from '../support/fixtures';
import { ensureBuilt, runCli, ServeProcess } from '../support/serve-process';

describe('the hourglass command line against hourglass serve', () => {
  let nats: LocalService;
  let redis: LocalService;
  let serve: ServeProcess;
  let env: Record<string, string>;
  const cli = (args: string[], apiUrl = serve.url) => runCli(apiUrl, args, env);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hg-cli-'));
  const file = (name: string, text: string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text);
    return p;
  };
  const json = <T>(args: string[]): T => {
    const r = cli([...args, '--json']);
    if (r.status !== 0) throw new Error(`hourglass ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
    return JSON.parse(r.stdout) as T;
  };

  beforeAll(async () => {
    [nats, redis] = await Promise.all([startLocalNats(), startLocalRedis()]);
    ensureBuilt();
    env = { NATS_URL: nats.url, REDIS_URL: redis.url, HOURGLASS_DATA_DIR: path.join(dir, 'data'), HOURGLASS_UNKNOWN_RENTAL_GRACE_MS: '1000' };
    serve = await ServeProcess.spawn(env, path.join(dir, 'serve.log'));
    await serve.ready();
  });
  afterAll(async () => {
    await serve?.stop();
    await nats?.stop();
    await redis?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('loads reference data, publishes usage, reports status, bills, and prints invoices and payouts', async () => {
    const reference = file('reference.ndjson', [customer({ currency: 'JPY' }), priceBook({ currency: 'JPY', rates: [{ gpuModel: 'H100-SXM-80GB', pricingClass: 'on_demand', unitPrice: '373.5' }] }), rental({ startedAt: '2026-08-01T00:00:00Z' })].map((d) => JSON.stringify(d)).join('\n'));
    expect(json<{ counts: Record<string, number> }>(['load', reference]).counts.applied).toBe(3);

    const at = (h: number) => `2026-08-03T${String(h).padStart(2, '0')}:00:00.000Z`;
    const events = [
      usageEvent({ id: 'e1', data: { intervalStart: at(0), intervalEnd: at(1) } }),
      usageEvent({ id: 'e1', data: { intervalStart: at(0), intervalEnd: at(1) } }),
      usageEvent({ id: 'e2', data: { intervalStart: '2026-08-03T00:30:00.000Z', intervalEnd: '2026-08-03T01:30:00.000Z' } }),
    ];
    const usage = file('usage.ndjson', [...events.map((e) => JSON.stringify(e)), '{not json', ''].join('\n'));
    expect(json<{ published: number }>(['publish', usage]).published).toBe(4);

    let status = json<{ accepted: number; duplicate: number; rejected: number; rejectedByReason: Record<string, number>; lag: number }>(['status']);
    for (let i = 0; i < 100 && status.accepted + status.duplicate + status.rejected < 4; i++) {
      await new Promise((r) => setTimeout(r, 200));
      status = json(['status']);
    }
    expect([status.accepted, status.duplicate, status.rejectedByReason.malformed_json]).toEqual([2, 1, 1]);

    const bill = json<{ invoices: number }>(['bill', '--period', '2026-08']);
    expect(bill.invoices).toBe(1);
    const invoices = json<Array<{ currency: string; status: string; total: string; lines: Array<{ quantityGpuHours: string; amount: string; kind: string }> }>>(['invoices', '--period', '2026-08']);
    // 00:00–01:30 covered once = 1.5 h × 8 GPUs = 12 GPU-h × 373.5 JPY = 4482 JPY
    expect(invoices.map((i) => [i.currency, i.status, i.total, i.lines.map((l) => [l.kind, l.quantityGpuHours, l.amount])])).toEqual([
      ['JPY', 'finalized', '4482', [['usage', '12', '4482']]],
    ]);
    const payouts = json<Array<{ operatorId: string; gross: string; platformFee: string; net: string }>>(['payouts', '--period', '2026-08']);
    // share 4482 × 0.85 = 3809.7 → 3810; fee 672
    expect(payouts.map((p) => [p.operatorId, p.gross, p.platformFee, p.net])).toEqual([['op-42', '4482', '672', '3810']]);

    // The ledger (CONTRACTS §6): the invoice posted as receivable against the operator's share and the fee,
    // by serve's tick or by this sync, whichever came first.
    expect(json<{ complete: boolean }>(['ledger', 'sync']).complete).toBe(true);
    expect(json(['ledger', 'trial-balance'])).toEqual([{ currency: 'JPY', debits: '4482', credits: '4482' }]);
    expect(json(['ledger', 'balances'])).toEqual([
      { account: 'operator_payable:op-42', currency: 'JPY', balance: '3810' },
      { account: 'platform_fees', currency: 'JPY', balance: '672' },
      { account: 'receivable:c-9', currency: 'JPY', balance: '4482' },
    ]);

    // A bank transfer recorded twice: one payment; the invoice is paid.
    const invoiceId = json<Array<{ invoiceId: string }>>(['invoices', '--period', '2026-08'])[0]!.invoiceId;
    const record = ['payments', 'record', '--invoice', invoiceId, '--amount', '4482', '--reference', 'BANK-2026-0001'];
    expect(json<{ created: boolean }>(record).created).toBe(true);
    expect(json<{ created: boolean }>(record).created).toBe(false);
    const paid = json<{ status: string; amountPaid: string; amountDue: string; payments: Array<{ kind: string; amount: string }> }>(['payments', '--invoice', invoiceId]);
    expect([paid.status, paid.amountPaid, paid.amountDue, paid.payments.map((p) => [p.kind, p.amount])]).toEqual(['paid', '4482', '0', [['recorded', '4482']]]);
    expect(json<Array<{ status: string; amountPaid: string; amountRefunded: string; amountDue: string }>>(['invoices', '--period', '2026-08'])).toEqual([
      expect.objectContaining({ status: 'paid', amountPaid: '4482', amountRefunded: '0', amountDue: '0' }),
    ]);

    // Disputes (CONTRACTS §6): none without a processor; the CSV has exactly the contract's columns.
    expect(json(['disputes'])).toEqual([]);
    expect(cli(['disputes', '--format', 'csv']).stdout).toBe('disputeId,provider,invoiceId,customerId,status,reason,amount,currency,openedAt,dueBy\n');
    expect(cli(['disputes', 'evidence', 'dp_none', '--json']).status).toBe(3);
    // No payment failed: the dunning queue is empty, in JSON and in CSV.
    expect(json(['dunning'])).toEqual([]);
    expect(cli(['dunning', '--state', 'scheduled', '--format', 'csv']).status).toBe(0);

    const again = json<{ alreadyCompleted: boolean }>(['bill', '--period', '2026-08']);
    expect(again.alreadyCompleted).toBe(true);

    const rows = json<Array<{ n: string }>>(['sql', "SELECT count() AS n FROM usage_rejections WHERE reason = 'malformed_json'"]);
    expect(rows).toEqual([{ n: '1' }]);
    const refused = cli(['sql', 'DROP TABLE usage_outcomes']);
    expect(refused.status).toBe(4);
    expect(refused.stderr).toMatch(/read-only/);

    // The month's covered GPU-hours, as the invoice billed them: 12 GPU-h for 4482 JPY.
    const usageRows = json<Array<{ rental: string; gpuHours: string; amount?: string; currency?: string }>>(['usage', '--from', '2026-08', '--to', '2026-09', '--window', 'month', '--group-by', 'rental']);
    expect(usageRows.map((r) => [r.rental, r.gpuHours, r.currency])).toEqual([['r-123', '12', 'JPY']]);
  });

  it('loads an operator, verifies it, runs its payouts once and writes the bank CSV', () => {
    // Mixed NDJSON: the operator goes to /v1/operators, a refused IBAN says why and which document.
    const bad = cli(['load', file('bad-operator.json', JSON.stringify({ operatorId: 'op-42', name: 'Frankfurt GPU', country: 'DE', iban: 'DE89370400440532013001', bic: 'COBADEFFXXX', payoutCurrency: 'EUR', updatedAt: '2026-08-01T00:00:00Z' }))]);
    expect([bad.status, bad.stderr]).toEqual([4, expect.stringContaining('iban: fails the ISO 7064 mod-97 checksum')]);
    const operator = { operatorId: 'op-42', name: 'Frankfurt GPU', country: 'DE', iban: 'DE89 3704 0044 0532 0130 00', bic: 'COBADEFFXXX', payoutCurrency: 'EUR', updatedAt: '2026-08-01T00:00:00Z' };
    const loaded = json<{ results: Array<{ kind: string; outcome: string }> }>(['load', file('operators.ndjson', [JSON.stringify(operator), JSON.stringify(customer({ currency: 'JPY' }))].join('\n'))]);
    expect(loaded.results.map((r) => [r.kind, r.outcome])).toEqual([['customer', 'unchanged'], ['operator', 'applied']]);
    expect(json<{ state: string }>(['kyc', 'set', 'operator', 'op-42', '--state', 'verified', '--reason', 'register extract checked']).state).toBe('verified');
    // 3810 JPY earned and collected; reserve 10 % = 381: 3429 paid.
    const batch = { batchId: 'pb_2026-08', items: [{ operatorId: 'op-42', currency: 'JPY', amount: '3429', status: 'scheduled' }] };
    expect(json(['payouts', 'run', '--period', '2026-08'])).toEqual(batch);
    expect(json(['payouts', 'run', '--period', '2026-08'])).toEqual(batch);
    const out = path.join(dir, 'payouts.csv');
    expect(json<{ bytes: number }>(['payouts', 'export', '--batch', 'pb_2026-08', '--format', 'csv', '--out', out]).bytes).toBeGreaterThan(0);
    expect(fs.readFileSync(out, 'utf8').split('\n')[1]).toContain('pb_2026-08,op-42,JPY,3429,scheduled');
  });

  it('prints CSV with a header row: invoices one row per line, amounts as decimal strings', () => {
    const invoices = cli(['invoices', '--period', '2026-08', '--format', 'csv']);
    expect(invoices.status).toBe(0);
    const [header, ...rows] = invoices.stdout.trimEnd().split('\n');
    expect(header!.split(',')).toEqual(expect.arrayContaining(['number', 'customerId', 'currency', 'total', 'line.kind', 'line.quantityGpuHours', 'line.amount']));
    expect(rows).toHaveLength(1);
    const row = Object.fromEntries(header!.split(',').map((c, i) => [c, rows[0]!.split(',')[i]]));
    expect([row.currency, row.total, row['line.kind'], row['line.quantityGpuHours'], row['line.amount']]).toEqual(['JPY', '4482', 'usage', '12', '4482']);

    const usage = cli(['usage', '--from', '2026-08-01', '--to', '2026-09-01', '--window', 'day', '--tz', 'Asia/Tokyo', '--group-by', 'customer', '--format', 'csv']);
    expect(usage.stdout.trimEnd().split('\n')).toEqual([
      'windowStart,windowEnd,customer,gpuHours,gpuMs,amount,currency,gpuUtilizationPct,energyWh',
      '2026-08-03T00:00:00.000+09:00,2026-08-04T00:00:00.000+09:00,c-9,12,43200000,4482,JPY,87.5,8400',
    ]);
    expect(cli(['payouts', '--period', '2026-08', '--format', 'csv']).stdout).toMatch(/^operatorId,currency,.*\nop-42,JPY,/);
    expect(cli(['status', '--format', 'csv']).stdout).toMatch(/^key,value\naccepted,2\n/);
    // --json stays the alias of --format json.
    expect(JSON.parse(cli(['payouts', '--period', '2026-08', '--format', 'json']).stdout)).toEqual(JSON.parse(cli(['payouts', '--period', '2026-08', '--json']).stdout));
    // Tables group digits and right-align amounts.
    expect(cli(['invoices', '--period', '2026-08']).stdout).toMatch(/usage\s+r-123\s+2026-08\s+1\s+12\s+373\.5\s+4,482/);
  });

  it('exits 0 ok, 2 usage error, 3 not found, 4 refused, 5 unavailable, and says what to do next', () => {
    const version = cli(['--version']);
    expect([version.status, version.stdout.trim()]).toEqual([0, JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8')).version]);
    const badPeriod = cli(['bill', '--period', '2026-13']);
    expect([badPeriod.status, badPeriod.stderr]).toEqual([2, expect.stringMatching(/2026-13.*expected YYYY-MM/)]);
    expect(cli(['no-such-command']).status).toBe(2);
    expect(cli(['invoices', '--period', '2026-08', '--format', 'xml']).status).toBe(2);
    expect(cli(['usage', '--from', 'yesterday', '--to', '2026-09']).status).toBe(2);
    const notFound = cli(['invoice', 'show', 'no-such-invoice']);
    expect([notFound.status, notFound.stderr]).toEqual([3, expect.stringMatching(/404[\s\S]*hourglass invoices --period/)]);
    const notEnded = cli(['bill', '--period', '2099-01']);
    expect([notEnded.status, notEnded.stderr]).toEqual([4, expect.stringMatching(/has not ended/)]);
    const tooLarge = cli(['usage', '--from', '2020-01', '--to', '2026-01', '--window', 'month']);
    expect([tooLarge.status, tooLarge.stderr]).toEqual([4, expect.stringMatching(/split it/)]);
    const down = cli(['status'], 'http://127.0.0.1:1');
    expect([down.status, down.stderr]).toEqual([5, expect.stringMatching(/not reachable at http:\/\/127\.0\.0\.1:1.*hourglass serve/)]);
  });

  it('simulates agents as a subcommand: the fleet is loaded through the API before its usage is published', () => {
    const end = '2026-08-10T00:00:00Z';
    const r = cli(['simulate', '--customers', '2', '--rentals-per-customer', '1', '--operators', '1', '--days', '0.05', '--end', end, '--id-prefix', 'sim-', '--json']);
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout) as { published: number; loaded: boolean; rentals: number };
    expect(summary).toMatchObject({ loaded: true, rentals: 2 });
    expect(summary.published).toBeGreaterThan(0);
    expect(json<{ rentalId: string }>(['sql', "SELECT rental_id AS rentalId FROM rentals WHERE rental_id LIKE 'sim-%' ORDER BY rental_id LIMIT 1"])).toEqual([{ rentalId: expect.stringMatching(/^sim-/) }]);
    const help = cli(['simulate', '--help']);
    expect(help.stdout).toMatch(/first loads the fleet's customers, price books and[\s\S]*--no-load/);
    expect(cli(['simulate', '--days', '-1']).status).toBe(2);
  });

  it('serves an OpenAPI document and says what to do when the service is down', async () => {
    const doc = (await (await fetch(`${serve.url}/v1/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/billing-runs', '/v1/invoices', '/v1/status', '/v1/reference', '/v1/psp/stripe/webhooks', '/v1/psp/adyen/webhooks', '/v1/payments', '/v1/payments/records']),
    );
    expect(Object.keys(doc.paths)).toContain('/v1/usage');
    expect(cli(['status', '--json']).status).toBe(0);
  });

  it('sends the admin token serve made, streams CSV, and says what to do without a token', async () => {
    const tokenFile = path.join(env.HOURGLASS_DATA_DIR, 'admin.token');
    expect(fs.statSync(tokenFile).mode & 0o777).toBe(0o600);
    const csv = cli(['sql', "SELECT 'a' AS x, 1 AS n FORMAT CSVWithNames"]);
    expect([csv.status, csv.stdout]).toEqual([0, '"x","n"\n"a",1\n']);
    const noToken = runCli(serve.url, ['status', '--json'], { ...env, HOURGLASS_DATA_DIR: path.join(dir, 'elsewhere') });
    expect(noToken.status).toBe(4); // refused: access (CONTRACTS.md §12)
    expect(noToken.stderr).toMatch(/401.*HOURGLASS_API_TOKEN/);
    expect(runCli(serve.url, ['status', '--json'], { ...env, HOURGLASS_DATA_DIR: path.join(dir, 'elsewhere'), HOURGLASS_API_TOKEN: serve.token }).status).toBe(0);
  });

  it('drains and exits 0 on SIGTERM', async () => {
    const exit = new Promise<number | null>((resolve) => serve.child.once('exit', (code) => resolve(code)));
    serve.child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });
});
