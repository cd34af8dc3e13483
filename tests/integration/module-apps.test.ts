import { customer, priceBook, rental, SUBJECT, usageEvent } from '../support/fixtures';
import type { ServeProcess } from '../support/serve-process';
import { SharedStore } from '../support/shared-store';
import { waitUntil } from '../support/wait-until';

const APPS = ['metering', 'rating', 'billing', 'payments', 'payouts', 'reconciliation'] as const;
type App = (typeof APPS)[number];

/**
 * Every module as its own process (apps/<name>), all sharing one ClickHouse server, one NATS and one
 * Redis, as in the scaled-out topology: each starts from the shared bootstrap, answers its probes and
 * /metrics, and together they do the work `hourglass serve` does in one process.
 */
describe('module apps: one process per module against one ClickHouse server', () => {
  let store: SharedStore;
  const apps = new Map<App, ServeProcess>();
  const app = (name: App) => apps.get(name)!;

  beforeAll(async () => {
    store = await SharedStore.start({ HOURGLASS_RATING_INTERVAL_MS: '500' });
    // One after another: the first migrates the shared store, the others find it migrated.
    for (const name of APPS) apps.set(name, await store.spawn(name));
  }, 300_000);

  afterAll(async () => {
    await Promise.all([...apps.values()].map((a) => a.stop()));
    await store?.stop();
  }, 60_000);

  it('each app is live, ready and exports its metrics', async () => {
    for (const name of APPS) {
      const live = await fetch(`${app(name).url}/livez`);
      const ready = (await (await fetch(`${app(name).url}/readyz`)).json()) as { status: string };
      const metrics = await (await fetch(`${app(name).url}/metrics`)).text();
      expect([name, live.status, ready.status, /^hourglass_/m.test(metrics)]).toEqual([name, 200, 'ok', true]);
    }
  });

  it('ingests in metering, rates in rating, bills in billing: the usage query equals the invoice', async () => {
    await app('billing').api('POST', '/v1/reference', [customer(), priceBook(), rental({ startedAt: '2026-09-01T00:00:00Z', updatedAt: '2026-09-01T00:00:00Z' })]);
    const js = store.nc.jetstream();
    for (let i = 0; i < 6; i++) {
      const start = Date.UTC(2026, 9, 10, i);
      await js.publish(SUBJECT, JSON.stringify(usageEvent({ id: `apps-${i}`, data: { intervalStart: new Date(start).toISOString(), intervalEnd: new Date(start + 3_600_000).toISOString() } })));
    }
    await waitUntil(
      () => app('metering').api<{ accepted: number; lag: number }>('GET', '/v1/status'),
      (s) => s.accepted === 6 && s.lag === 0,
      60_000,
    );
    const run = await app('billing').api<{ invoices: number }>('POST', '/v1/billing-runs', { period: '2026-10' });
    expect(run.invoices).toBe(1);
    const [invoice] = await app('billing').api<Array<{ total: string }>>('GET', '/v1/invoices?period=2026-10');
    // 6 h × 8 GPUs × 2.49
    expect(invoice!.total).toBe('119.52');
    // The rating app, a process of its own, rates what metering wrote; billing's usage query reads it.
    const usage = await waitUntil(
      () => app('billing').api<{ rows: Array<{ gpuHours: string; amount: string }> }>('GET', '/v1/usage?from=2026-10-01T00:00:00Z&to=2026-11-01T00:00:00Z&window=month&groupBy=customer'),
      (u) => u.rows[0]?.amount === invoice!.total,
      60_000,
    );
    expect(usage.rows.map((r) => [r.gpuHours, r.amount])).toEqual([['48', '119.52']]);
  }, 120_000);

  it('payments, payouts and reconciliation read the same store', async () => {
    const [invoice] = await app('billing').api<Array<{ invoiceId: string }>>('GET', '/v1/invoices?period=2026-10');
    // The invoice billing wrote, as the payments app reads it: due in full, nothing collected yet.
    const payments = await app('payments').api<{ status: string; amountDue: string; payments: unknown[] }>('GET', `/v1/payments?invoiceId=${invoice!.invoiceId}`);
    expect([payments.status, payments.amountDue, payments.payments]).toEqual(['finalized', '119.52', []]);
    expect(await app('reconciliation').api('GET', '/v1/breaks')).toEqual({ breaks: [], nextCursor: null });
    expect(await app('payouts').api('GET', '/v1/payouts/batches')).toEqual([]);
  });

  it('each app stops on SIGTERM with exit code 0', async () => {
    for (const name of APPS) {
      await app(name).stop(30_000);
      expect([name, app(name).child.exitCode]).toEqual([name, 0]);
    }
  }, 200_000);
});

