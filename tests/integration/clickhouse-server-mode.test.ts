import { customer, priceBook, rental, SUBJECT, usageEvent } from '../support/fixtures';
import { ClickHouseHttpServer } from '../support/clickhouse-http-server';
import { clockStartingAt, startHarness, type Harness } from '../support/harness';

/**
 * Server mode (CLICKHOUSE_URL) end to end, over ClickHouse's HTTP interface and @clickhouse/client's
 * ordinary HTTP connection, instead of the embedded chDB connection every other test uses: migrations,
 * ingest, the rating job, a billing run and the SQL sandbox.
 */
describe('server mode: Hourglass against a ClickHouse HTTP server', () => {
  let server: ClickHouseHttpServer;
  let h: Harness;

  beforeAll(async () => {
    server = await ClickHouseHttpServer.start();
    h = await startHarness({ CLICKHOUSE_URL: server.url }, undefined, { clock: clockStartingAt('2026-11-15T09:00:00Z') });
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await server?.stop();
  });

  it('ingests, rates and bills exactly as on embedded chDB', async () => {
    await h.api('POST', '/v1/reference', [customer(), priceBook(), rental({ startedAt: '2026-09-01T00:00:00Z', updatedAt: '2026-09-01T00:00:00Z' })]);
    for (let i = 0; i < 10; i++) {
      const start = Date.UTC(2026, 9, 10, i);
      await h.publish(SUBJECT, usageEvent({ id: `server-mode-${i}`, data: { intervalStart: new Date(start).toISOString(), intervalEnd: new Date(start + 3_600_000).toISOString() } }));
    }
    // A resend: a duplicate, counted once.
    await h.publish(SUBJECT, usageEvent({ id: 'server-mode-0', data: { intervalStart: new Date(Date.UTC(2026, 9, 10, 0)).toISOString(), intervalEnd: new Date(Date.UTC(2026, 9, 10, 1)).toISOString() } }));
    const status = await h.waitFor(
      async () => (await h.api<{ accepted: number; duplicate: number; lag: number }>('GET', '/v1/status')).body,
      (s) => s.accepted + s.duplicate === 11 && s.lag === 0,
    );
    expect([status.accepted, status.duplicate]).toEqual([10, 1]);
    expect((await h.api('POST', '/v1/billing-runs', { period: '2026-10' })).status).toBe(200);
    const [invoice] = (await h.api<Array<{ total: string; lines: Array<{ quantityGpuHours: string }> }>>('GET', '/v1/invoices?period=2026-10')).body;
    // 10 h × 8 GPUs × 2.49
    expect([invoice!.total, invoice!.lines[0]!.quantityGpuHours]).toEqual(['199.20', '80']);
    const sql = await h.api<{ rows: Array<{ n: string }> }>('POST', '/v1/sql', { query: 'SELECT count() AS n FROM usage_events' });
    expect([sql.status, sql.body.rows[0]!.n]).toEqual([200, '10']);
  });
});
