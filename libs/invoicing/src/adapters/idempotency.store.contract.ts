import type { IdempotencyRecord } from '../domain';
import type { IdempotencyStore } from '../ports';

const pending = (over: Partial<IdempotencyRecord> = {}): IdempotencyRecord => ({
  key: 'k-1',
  operation: 'credit-note',
  fingerprint: 'f'.repeat(64),
  state: 'pending',
  response: null,
  createdAtMs: Date.parse('2026-11-02T10:00:00.123Z'),
  ...over,
});

/** The IdempotencyStore contract, for the ClickHouse store and the in-memory fake alike. */
export function describeIdempotencyStoreContract(name: string, setup: () => Promise<IdempotencyStore>): void {
  describe(`IdempotencyStore contract: ${name}`, () => {
    let store: IdempotencyStore;
    beforeEach(async () => {
      store = await setup();
    });

    it('finds nothing for an unknown key', async () => {
      expect(await store.find('unknown')).toBeNull();
    });

    it('reads a pending record back as written', async () => {
      await store.save(pending());
      expect(await store.find('k-1')).toEqual(pending());
    });

    it('keeps the completed record over the pending one, whatever the order of writes', async () => {
      const completed = pending({ state: 'completed', response: '{"number":"HG-CN-2026-000001"}' });
      await store.save(pending());
      await store.save(completed);
      expect(await store.find('k-1')).toEqual(completed);
      await store.save(pending());
      expect(await store.find('k-1')).toEqual(completed);
    });

    it('keeps keys apart', async () => {
      await store.save(pending({ key: 'k-a', operation: 'credit-grant' }));
      await store.save(pending({ key: 'k-b' }));
      expect((await store.find('k-a'))!.operation).toBe('credit-grant');
      expect((await store.find('k-b'))!.operation).toBe('credit-note');
    });
  });
}
