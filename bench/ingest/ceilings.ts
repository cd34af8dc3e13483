import type { NatsConnection } from 'nats';
import type { HourglassConfig } from '@hourglass/config';
import { BatchConsumer, ensureDurableConsumer, STREAMS } from '@hourglass/nats';

/** The ceiling's batch: what a plain JetStream client would fetch at once. */
const CEILING_BATCH = 1_000;

/**
 * The broker's own limit on this backlog: a second durable consumer through the same BatchConsumer,
 * fetching 1,000 at a time, parsing each payload (UTF-8 and JSON.parse, bad ones skipped) and
 * acking every message. Anything the service does beyond that is what it costs over the transport.
 */
export async function jetStreamCeiling(nats: NatsConnection, config: HourglassConfig, total: number, progress: (line: string) => void): Promise<number> {
  const durableName = 'bench-ceiling';
  const c = config.metering.consumer;
  await ensureDurableConsumer(await nats.jetstreamManager(), {
    stream: STREAMS.usage.name,
    durableName,
    ackWaitMs: c.ackWaitMs,
    maxDeliver: c.maxDeliver,
    maxAckPending: c.maxAckPending,
  });
  const decoder = new TextDecoder();
  let received = 0;
  let parsed = 0;
  let startedMs = 0;
  let lastMs = 0;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const consumer = new BatchConsumer(
    nats.jetstream(),
    {
      stream: STREAMS.usage.name,
      durableName,
      batchSizeMax: CEILING_BATCH,
      fetchExpiresMs: c.fetchExpiresMs,
      onError: (error) => progress(`jetstream ceiling: ${(error as Error).message}`),
    },
    async (batch) => {
      for (const m of batch) {
        try {
          if (JSON.parse(decoder.decode(m.data)) !== null) parsed++;
        } catch {
          // A malformed payload is part of the backlog too; it is acked all the same.
        }
      }
      received += batch.length;
      lastMs = performance.now();
      if (received >= total) done();
      return batch.map(() => ({ kind: 'ack' as const }));
    },
  );
  startedMs = performance.now();
  consumer.start();
  await finished;
  await consumer.stop();
  progress(`jetstream ceiling: ${received} fetched and acked, ${parsed} parsed`);
  return (received / (lastMs - startedMs)) * 1000;
}
