import { UNFENCED } from '../jobs/fence';
import { InMemoryOutbox } from './in-memory-outbox';
import { DEFAULT_RELAY_OPTIONS, OutboxRelay } from './outbox-relay';
import type { MessagePublisher, OutboxMessage } from './ports';

const message = (id: string): OutboxMessage => ({ id, subject: 'ref.v1.rentals', payload: `{"id":"${id}"}` });

function publisher(): MessagePublisher & { ids: string[]; failNext: number } {
  const sut = {
    ids: [] as string[],
    failNext: 0,
    async publish(m: OutboxMessage) {
      if (sut.failNext > 0) {
        sut.failNext -= 1;
        throw new Error('no responders');
      }
      sut.ids.push(m.id);
    },
  };
  return sut;
}

const OPTIONS = { ...DEFAULT_RELAY_OPTIONS, settleMs: 1, lookbackMs: 60_000, batchMax: 2 };

describe('OutboxRelay', () => {
  it('publishes every message once, oldest first, across batches and ticks', async () => {
    const outbox = new InMemoryOutbox();
    await outbox.enqueue(['a', 'b', 'c'].map(message), 't1');
    await outbox.enqueue([message('a')], 't2'); // a second copy of one fact
    const nats = publisher();
    const sut = new OutboxRelay(outbox, nats, OPTIONS);
    outbox.nowUs += 10_000;
    await sut.tick(UNFENCED);
    await sut.tick(UNFENCED);
    expect(nats.ids).toEqual(['a', 'b', 'c']);
  });

  it('records nothing when a publish fails, and publishes it on the next tick', async () => {
    const outbox = new InMemoryOutbox();
    await outbox.enqueue([message('a')], 't1');
    const nats = publisher();
    nats.failNext = 1;
    const sut = new OutboxRelay(outbox, nats, OPTIONS);
    await expect(sut.tick(UNFENCED)).rejects.toThrow('no responders');
    expect(outbox.delivered.size).toBe(0);
    await sut.tick(UNFENCED);
    expect(nats.ids).toEqual(['a']);
  });

  it('moves progress no further than the first undelivered message and the settle horizon', async () => {
    const outbox = new InMemoryOutbox();
    await outbox.enqueue([message('a'), message('b')], 't1');
    const nats = publisher();
    const sut = new OutboxRelay(outbox, nats, { ...OPTIONS, settleMs: 5 });
    const { progressUs } = await sut.tick(UNFENCED);
    // Both delivered, but they are younger than 5 ms: progress stays below the horizon.
    expect(progressUs).toBeLessThanOrEqual(outbox.nowUs - 5_000);
    expect(nats.ids).toEqual(['a', 'b']);
  });

  it('still delivers an insert that became visible below the progress, within the lookback', async () => {
    const outbox = new InMemoryOutbox();
    await outbox.enqueue([message('a')], 't1');
    outbox.nowUs += 10_000_000;
    const nats = publisher();
    const sut = new OutboxRelay(outbox, nats, OPTIONS);
    const first = await sut.tick(UNFENCED);
    outbox.insertLate(message('late'), first.progressUs - 1_000);
    await sut.tick(UNFENCED);
    expect(nats.ids).toEqual(['a', 'late']);
  });
});
