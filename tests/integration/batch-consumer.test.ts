import { AckPolicy, connect, type NatsConnection } from 'nats';
import { BatchConsumer, type StreamMessage } from '@hourglass/nats';
import { startLocalNats, type LocalService } from '@hourglass/platform';
import { waitUntil } from '../support/wait-until';

const STREAM = 'BATCHES';
const EXPIRES_MS = 1_000;

function blockFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

/**
 * The pull loop on a real broker. The case that matters: messages the broker sends a fetch just before
 * the fetch's expiry, while the process is busy with the previous batch, must reach the handler now,
 * not after ack_wait (set here far above the test's bound).
 */
describe('BatchConsumer', () => {
  let nats: LocalService;
  let nc: NatsConnection;
  let publisher: NatsConnection;

  beforeAll(async () => {
    nats = await startLocalNats();
    nc = await connect({ servers: nats.url });
    publisher = await connect({ servers: nats.url });
    const jsm = await nc.jetstreamManager();
    await jsm.streams.add({ name: STREAM, subjects: [`${STREAM}.>`] });
    await jsm.consumers.add(STREAM, { durable_name: 'c', ack_policy: AckPolicy.Explicit, ack_wait: 120_000_000_000 });
  });
  afterAll(async () => {
    await publisher?.close();
    await nc?.close();
    await nats?.stop();
  });

  it('hands over messages that arrive at the fetch expiry while the previous batch holds the event loop', async () => {
    const js = publisher.jetstream();
    const seen = new Set<number>();
    let batches = 0;
    const consumer = new BatchConsumer(nc.jetstream(), { stream: STREAM, durableName: 'c', batchSizeMax: 10_000, fetchExpiresMs: EXPIRES_MS }, async (batch: StreamMessage[]) => {
      for (const m of batch) seen.add(m.seq);
      if (batches++ < 3) {
        // The next fetch went out as this batch came in. Just before its expiry the broker sends it a
        // burst, which sits in the socket while this batch is parsed synchronously past the expiry.
        await new Promise((resolve) => setTimeout(resolve, EXPIRES_MS - 60));
        for (let i = 0; i < 200; i++) void js.publish(`${STREAM}.x`, new Uint8Array([i]));
        await publisher.flush();
        blockFor(400);
      }
      return [];
    });
    await js.publish(`${STREAM}.x`, new Uint8Array([0]));
    consumer.start();
    try {
      // 601 messages; lost ones would come back only after the 120 s ack wait.
      await waitUntil(async () => seen.size, (n) => n === 601, 15_000);
      const info = await (await nc.jetstreamManager()).consumers.info(STREAM, 'c');
      expect({ handled: seen.size, redelivered: info.num_redelivered }).toEqual({ handled: 601, redelivered: 0 });
    } finally {
      await consumer.stop();
    }
  });
});
