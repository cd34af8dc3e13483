import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import Big from 'big.js';
import { queryRows, type ClickHouseClient } from '@hourglass/clickhouse';
import type { ClosePackManifest } from '@hourglass/finance';
import { CLICKHOUSE, hasBinary } from '@hourglass/platform';
import { buildCli } from '../../apps/hourglass/src/cli';
import { clockStartingAt, startHarness, type Harness } from '../support/harness';
import { seedOctober } from '../support/finance-seed';

/**
 * `hourglass close` end to end in one process: the CLI over HTTP against a server on chDB, seeded with
 * a closed October 2026 (tests/support/finance-seed.ts). The auditor's checks: the manifest's counts
 * are the files' rows, its checksums the files' bytes, its totals the sums of the CSV and of the
 * Parquet (read back by ClickHouse), and the totals tie across datasets: invoices to their lines, the
 * ledger balanced and its receivable to the finalized invoice, payouts to the operators' lines.
 * The same clock instant also drives /metrics: DSO for the seed, linted by promtool.
 */
describe('the period close pack and the finance gauges', () => {
  let h: Harness;
  let client: ClickHouseClient;
  let dir: string;
  const env = process.env;

  beforeAll(async () => {
    // December 1st: October is closed, November's payment recorded; the jobs stay off so that
    // nothing but the seed writes (the ledger would post the seeded invoices otherwise).
    h = await startHarness({ HOURGLASS_LEDGER_SYNC_INTERVAL_MS: '0', HOURGLASS_RATING_INTERVAL_MS: '0' }, undefined, { clock: clockStartingAt('2026-12-01T00:00:00Z') });
    client = h.server.app.get<ClickHouseClient>(CLICKHOUSE);
    await seedOctober({ client, name: h.config.clickhouse.database });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hg-close-'));
  });
  afterAll(async () => {
    process.env = env;
    await h?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function close(out: string, ...extra: string[]): Promise<ClosePackManifest> {
    process.env = { ...env, HOURGLASS_API: h.server.url, HOURGLASS_API_TOKEN: h.token };
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await buildCli().parseAsync(['node', 'hourglass', 'close', '--period', '2026-10', '--out', out, '--json', ...extra]);
      return JSON.parse(write.mock.calls.map((c) => String(c[0])).join('')) as ClosePackManifest;
    } finally {
      write.mockRestore();
      process.env = env;
    }
  }

  /** RFC 4180 is more than split(','), but the seed has no quotes, commas or newlines inside a field. */
  function csv(file: string): Array<Record<string, string>> {
    const [header, ...lines] = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    const names = header!.split(',').map((n) => n.replace(/"/g, ''));
    return lines.filter(Boolean).map((l) => Object.fromEntries(l.split(',').map((v, i) => [names[i]!, v.replace(/^"|"$/g, '')])));
  }
  const sum = (rows: Array<Record<string, string>>, column: string, where: (r: Record<string, string>) => boolean = () => true) =>
    rows.filter(where).reduce((acc, r) => acc.plus(r[column]!), new Big(0)).toFixed();

  it('writes CSV and Parquet of every dataset with a manifest whose counts, checksums and totals tie back', async () => {
    const manifest = await close(dir);
    expect(manifest).toMatchObject({ period: '2026-10', periodStart: '2026-10-01T00:00:00.000Z', periodEnd: '2026-11-01T00:00:00.000Z' });
    const rows = Object.fromEntries(manifest.datasets.map((d) => [d.name, d.rows]));
    // Credit notes issued and the EUR payment made in November belong to November's pack.
    expect(rows).toEqual({ invoices: 3, invoice_lines: 3, credit_notes: 0, payments: 1, payouts: 2, ledger_entries: 3 });
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'))).toEqual(manifest);

    for (const f of manifest.files) {
      const bytes = fs.readFileSync(path.join(dir, f.file));
      expect([f.file, bytes.length, createHash('sha256').update(bytes).digest('hex')]).toEqual([f.file, f.bytes, f.sha256]);
      const dataset = manifest.datasets.find((d) => d.name === f.dataset)!;
      if (f.format === 'csv') {
        const data = csv(path.join(dir, f.file));
        expect([f.file, data.length]).toEqual([f.file, f.rows]);
        for (const [currency, totals] of Object.entries(dataset.totals)) {
          for (const [column, total] of Object.entries(totals)) expect([f.file, currency, column, sum(data, column, (r) => r.currency === currency)]).toEqual([f.file, currency, column, new Big(total).toFixed()]);
        }
      } else {
        expect(bytes.subarray(0, 4).toString()).toBe('PAR1');
        // ClickHouse reads back what it wrote: same rows, same totals, Decimal kept.
        const column = Object.values(dataset.totals)[0] ? Object.keys(Object.values(dataset.totals)[0]!)[0]! : null;
        const [back] = await queryRows<{ n: string; total: string | null }>(
          client,
          `SELECT toString(count()) AS n, ${column ? `toString(sum(\`${column}\`))` : 'NULL'} AS total FROM file('${path.join(dir, f.file)}', Parquet)`,
        );
        expect([f.file, Number(back!.n)]).toEqual([f.file, f.rows]);
        if (column) expect([f.file, new Big(back!.total!).toFixed()]).toEqual([f.file, Object.values(dataset.totals).reduce((a, t) => a.plus(t[column]!), new Big(0)).toFixed()]);
      }
    }

    const invoices = csv(path.join(dir, 'invoices.csv'));
    const lines = csv(path.join(dir, 'invoice_lines.csv'));
    const ledger = csv(path.join(dir, 'ledger_entries.csv'));
    const payouts = csv(path.join(dir, 'payouts.csv'));
    // Invoices tie to their lines, per currency: USD 1792.80 + 100.00 = 1892.80; EUR 500.00.
    for (const currency of ['USD', 'EUR']) expect(sum(invoices, 'total', (r) => r.currency === currency)).toBe(sum(lines, 'amount', (r) => r.currency === currency));
    expect(manifest.datasets.find((d) => d.name === 'invoices')!.totals).toEqual({ EUR: { subtotal: '500', credits_applied: '0', total: '500' }, USD: { subtotal: '1892.8', credits_applied: '0', total: '1892.8' } });
    // The ledger balances, and its receivable is the finalized invoice's total.
    expect(sum(ledger, 'debit')).toBe(sum(ledger, 'credit'));
    expect(sum(ledger, 'debit', (r) => r.account === 'receivable:c-1')).toBe(sum(invoices, 'total', (r) => r.invoice_id === 'in-1'));
    // Each statement's gross is its operator's lines of invoices not voided; net + fee = gross.
    for (const p of payouts) {
      expect(new Big(p.net!).plus(p.platform_fee!).toFixed()).toBe(new Big(p.gross!).toFixed());
      expect(new Big(p.gross!).toFixed()).toBe(sum(lines, 'amount', (r) => r.operator_id === p.operator_id && r.invoice_id !== 'in-3'));
    }
  });

  it('writes the same bytes again for the same --as-of', async () => {
    const first = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as ClosePackManifest;
    const again = await close(path.join(dir, 'again'), '--as-of', first.asOf);
    expect(again.files.map((f) => [f.file, f.sha256])).toEqual(first.files.map((f) => [f.file, f.sha256]));
  });

  it('refuses a period that is not YYYY-MM, and an unknown dataset, with the reason', async () => {
    expect((await h.api('GET', '/v1/close/2026-13')).body).toMatchObject({ reason: 'invalid_period' });
    expect((await h.api('GET', '/v1/close/2026-10/secrets/csv')).status).toBe(404);
    expect((await h.api('GET', '/v1/close/2026-10/invoices/xlsx')).body).toMatchObject({ reason: 'invalid_query' });
  });

  it('shows DSO, receivables and totals for the seed on /metrics, which promtool check metrics accepts', async () => {
    const text = await (await fetch(`${h.server.url}/metrics`)).text();
    const sample = (name: string, labels: string) => Number(new RegExp(`^${name}\\{[^}]*${labels}[^}]*\\} (\\S+)$`, 'm').exec(text)?.[1]);
    // 90-day window [2026-09-02, 2026-12-01): USD invoiced 1792.80 (the void invoice left out), due 700.00:
    // 700.00 ÷ 1792.80 × 90 = 35.141 days. EUR: nothing due, 0 days.
    expect(sample('hourglass_receivables_dso_days', 'currency="USD"')).toBeCloseTo(35.141, 3);
    expect(sample('hourglass_receivables_dso_days', 'currency="EUR"')).toBe(0);
    expect(sample('hourglass_receivables_outstanding_amount', 'currency="USD"')).toBe(700);
    expect(sample('hourglass_receivables_invoiced_window_amount', 'currency="USD"')).toBe(1792.8);
    expect(sample('hourglass_invoices_amount', 'currency="USD",status="void"')).toBe(100);
    expect(sample('hourglass_invoices', 'currency="EUR",status="paid"')).toBe(1);
    expect(sample('hourglass_payouts_amount', 'currency="USD",kind="net"')).toBe(1613.52);
    if (!hasBinary('promtool')) return;
    // Only the finance families: the rest of /metrics is linted by http-edge.test.ts.
    const finance = text.split(/(?=^# HELP )/m).filter((f) => /^# HELP hourglass_(receivables|invoices|payouts)_?/m.test(f)).join('');
    const lint = spawnSync('promtool', ['check', 'metrics'], { input: finance, encoding: 'utf8' });
    // The one problem CONTRACTS §9's name brings (see http-edge.test.ts), and no other.
    expect((lint.stdout + lint.stderr).trim().split('\n')).toEqual(['hourglass_receivables_dso_days use base unit "seconds" instead of "days"']);
  });
});
