import { Registry } from 'prom-client';
import type { FinanceSnapshot, FinanceSnapshotSource } from '../ports';
import { FINANCE_METRICS, PrometheusFinanceMetrics } from './prometheus-finance.metrics';

const DAY = 86_400_000;
const snapshot: FinanceSnapshot = {
  receivables: [
    { currency: 'USD', outstanding: '700.00', invoicedInWindow: '1792.80' },
    { currency: 'JPY', outstanding: '0', invoicedInWindow: '0' },
  ],
  invoices: [{ currency: 'USD', status: 'finalized', invoices: 2, amount: '1892.80' }],
  payouts: [{ currency: 'USD', gross: '100', platformFee: '10', net: '90' }],
};

function setup(read: FinanceSnapshotSource['read'], maxAgeMs = 30_000) {
  const registry = new Registry();
  const clock = { t: 100 * DAY, nowMs() { return this.t; } };
  const source = { read: jest.fn(read) };
  new PrometheusFinanceMetrics(registry, source, clock, { dsoWindowDays: 90, maxAgeMs });
  return { registry, clock, source };
}

describe('PrometheusFinanceMetrics', () => {
  it('registers exactly the names the manifest declares', () => {
    const { registry } = setup(async () => snapshot);
    expect(registry.getMetricsAsArray().map((m) => m.name).sort()).toEqual([...FINANCE_METRICS].sort());
  });

  it('fills every gauge from one read per scrape, with the window ending now', async () => {
    const { registry, source } = setup(async () => snapshot);
    const text = await registry.metrics();
    expect(source.read).toHaveBeenCalledTimes(1);
    expect(source.read).toHaveBeenCalledWith(100 * DAY, 10 * DAY);
    // 700.00 ÷ 1792.80 × 90 = 35.1406…; nothing invoiced in JPY: no sample rather than a made-up figure.
    expect(text).toMatch(/^hourglass_receivables_dso_days\{currency="USD"\} 35\.141$/m);
    expect(text).not.toMatch(/dso_days\{currency="JPY"/);
    expect(text).toMatch(/^hourglass_invoices_amount\{currency="USD",status="finalized"\} 1892\.8$/m);
    expect(text).toMatch(/^hourglass_payouts_amount\{currency="USD",kind="net"\} 90$/m);
  });

  it('reuses a read younger than maxAgeMs and reads again after', async () => {
    const { registry, clock, source } = setup(async () => snapshot, 30_000);
    await registry.metrics();
    clock.t += 29_999;
    await registry.metrics();
    expect(source.read).toHaveBeenCalledTimes(1);
    clock.t += 1;
    await registry.metrics();
    expect(source.read).toHaveBeenCalledTimes(2);
  });

  it('shows no finance samples and counts an error when ClickHouse fails, then recovers', async () => {
    let fail = true;
    const { registry, clock } = setup(async () => {
      if (fail) throw new Error('ClickHouse down');
      return snapshot;
    });
    const down = await registry.metrics();
    expect(down).not.toMatch(/^hourglass_receivables_dso_days\{/m);
    expect(down).toMatch(/^hourglass_finance_metrics_errors_total 1$/m);
    fail = false;
    clock.t += 1;
    expect(await registry.metrics()).toMatch(/^hourglass_receivables_dso_days\{currency="USD"\}/m);
  });
});
