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

    const again = json<{ alreadyCompleted: boolean }>(['bill', '--period', '2026-08']);
    expect(again.alreadyCompleted).toBe(true);

    const rows = json<Array<{ n: string }>>(['sql', "SELECT count() AS n FROM usage_rejections WHERE reason = 'malformed_json'"]);
    expect(rows).toEqual([{ n: '1' }]);
    const refused = cli(['sql', 'DROP TABLE usage_outcomes']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/read-only/);
  });

  it('serves an OpenAPI document and says what to do when the service is down', async () => {
    const doc = (await (await fetch(`${serve.url}/v1/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/billing-runs', '/v1/invoices', '/v1/status', '/v1/reference']));
    expect(cli(['status', '--json']).status).toBe(0);
    const r = cli(['status'], 'http://127.0.0.1:1');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/not reachable at http:\/\/127\.0\.0\.1:1.*hourglass serve/);
  });

  it('drains and exits 0 on SIGTERM', async () => {
    const exit = new Promise<number | null>((resolve) => serve.child.once('exit', (code) => resolve(code)));
    serve.child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });
});
