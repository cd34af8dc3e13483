import { customer, priceBook, rental } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';

describe('reference data: rentals, customers and price books as versioned facts', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it('applies a newer document, ignores an older one, and keeps every version', async () => {
    await h.api('POST', '/v1/rentals', rental({ rentalId: 'r-v', gpuCount: 8, updatedAt: '2026-10-01T00:00:00Z' }));
    const newer = await h.api<{ results: Array<{ outcome: string }> }>('POST', '/v1/rentals', rental({ rentalId: 'r-v', gpuCount: 4, updatedAt: '2026-10-02T00:00:00Z' }));
    const older = await h.api<{ results: Array<{ outcome: string }> }>('POST', '/v1/rentals', rental({ rentalId: 'r-v', gpuCount: 2, updatedAt: '2026-09-30T00:00:00Z' }));
    expect([newer.body.results[0]!.outcome, older.body.results[0]!.outcome]).toEqual(['applied', 'stale']);
    expect((await h.api<{ gpuCount: number }>('GET', '/v1/rentals/r-v')).body.gpuCount).toBe(4);
    const versions = await h.sql<{ gpu_count: number }>("SELECT gpu_count FROM rental_versions WHERE rental_id = 'r-v' ORDER BY updated_at");
    expect(versions.map((v) => v.gpu_count)).toEqual([8, 4]);
    expect(await h.sql("SELECT gpu_count FROM rentals WHERE rental_id = 'r-v'")).toEqual([{ gpu_count: 4 }]);
  });

  it('refuses an invalid document with every reason, and stores nothing from that request', async () => {
    const r = await h.api<{ reason: string; errors: string[]; index: number }>('POST', '/v1/reference', [
      customer({ customerId: 'c-ok' }),
      rental({ rentalId: 'r-bad', gpuCount: 0, startedAt: 'yesterday' }),
    ]);
    expect(r.status).toBe(400);
    expect(r.body.reason).toBe('invalid_document');
    expect(r.body.index).toBe(1);
    expect(r.body.errors.join('\n')).toMatch(/gpuCount/);
    expect(r.body.errors.join('\n')).toMatch(/startedAt/);
    expect((await h.api('GET', '/v1/customers/c-ok')).status).toBe(404);
  });

  it('never changes a published price book version: a different document under it is a conflict', async () => {
    expect((await h.api('POST', '/v1/price-books', priceBook({ priceBookId: 'pb-x' }))).status).toBe(200);
    expect((await h.api('POST', '/v1/price-books', priceBook({ priceBookId: 'pb-x' }))).status).toBe(200);
    const changed = await h.api<{ reason: string }>('POST', '/v1/price-books', priceBook({ priceBookId: 'pb-x', platformFeeRate: '0.2' }));
    expect(changed.status).toBe(409);
    expect(changed.body.reason).toBe('price_book_version_conflict');
  });

  it('applies documents the control plane publishes on ref.v1.*, and keeps bad ones with their errors', async () => {
    await h.publish('ref.v1.customers', customer({ customerId: 'c-nats', currency: 'EUR' }));
    await h.publish('ref.v1.rentals', '{"rentalId": ');
    const c = await h.waitFor(() => h.api<{ currency: string }>('GET', '/v1/customers/c-nats'), (r) => r.status === 200);
    expect(c.body.currency).toBe('EUR');
    const rejected = await h.waitFor(() => h.sql<{ subject: string }>('SELECT subject FROM reference_rejections'), (rows) => rows.length === 1);
    expect(rejected[0]!.subject).toBe('ref.v1.rentals');
  });

  it('reloads the current state from ClickHouse on restart', async () => {
    await h.server.app.close();
    const first = h;
    const restarted = await startHarness({ CLICKHOUSE_DATABASE: first.config.clickhouse.database }, { nats: first.nats, redis: first.redis });
    h = {
      ...restarted,
      close: async () => {
        await restarted.close();
        await first.nc.close();
        await first.nats.stop();
        await first.redis.stop();
      },
    };
    expect((await h.api<{ gpuCount: number }>('GET', '/v1/rentals/r-v')).body.gpuCount).toBe(4);
    expect((await h.api('GET', '/v1/customers/c-nats')).status).toBe(200);
  });
});
