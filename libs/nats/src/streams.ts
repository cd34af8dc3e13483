import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  RetentionPolicy,
  StorageType,
  nanos,
  type JetStreamManager,
  type StreamConfig,
} from 'nats';
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE } from '@hourglass/time';

export const STREAMS = {
  usage: { name: 'USAGE', subjects: ['usage.v1.>'] },
  usageDlq: { name: 'USAGE_DLQ', subjects: ['usage.dlq.v1.>'] },
  reference: { name: 'REF', subjects: ['ref.v1.>'] },
  // Outgoing events (CONTRACTS.md §12) share BILLING: its limits and duplicate window suit them.
  billing: { name: 'BILLING', subjects: ['billing.v1.>', 'hourglass.v1.events.>'] },
  // Risk signals for the control plane (libs/risk): sanctions blocks and usage-fraud rules.
  risk: { name: 'RISK', subjects: ['risk.v1.>'] },
  // What Hourglass tells the marketplace's control plane (CONTRACTS §6: marketplace.v1.suspensions).
  marketplace: { name: 'MARKETPLACE', subjects: ['marketplace.v1.>'] },
} as const;

const GiB = 1024 ** 3;

/** Explicit limits on every stream: JetStream keeps ~460 MB per million usage events. */
function streamConfigs(replicas: number): Array<Partial<StreamConfig> & { name: string; subjects: string[] }> {
  const base = { storage: StorageType.File, retention: RetentionPolicy.Limits, discard: DiscardPolicy.Old, num_replicas: replicas };
  return [
    { ...base, ...STREAMS.usage, subjects: [...STREAMS.usage.subjects], max_bytes: 20 * GiB, max_age: nanos(14 * MS_PER_DAY), duplicate_window: nanos(5 * MS_PER_MINUTE) },
    // An hour of duplicate window: a consumer that dies after publishing a rejection and before
    // acking republishes it on restart, and the copy must be dropped.
    { ...base, ...STREAMS.usageDlq, subjects: [...STREAMS.usageDlq.subjects], max_bytes: 5 * GiB, max_age: nanos(90 * MS_PER_DAY), duplicate_window: nanos(MS_PER_HOUR) },
    { ...base, ...STREAMS.reference, subjects: [...STREAMS.reference.subjects], max_bytes: 1 * GiB, duplicate_window: nanos(5 * MS_PER_MINUTE) },
    { ...base, ...STREAMS.billing, subjects: [...STREAMS.billing.subjects], max_bytes: 1 * GiB, max_age: nanos(90 * MS_PER_DAY), duplicate_window: nanos(MS_PER_HOUR) },
    { ...base, ...STREAMS.risk, subjects: [...STREAMS.risk.subjects], max_bytes: 1 * GiB, max_age: nanos(90 * MS_PER_DAY), duplicate_window: nanos(MS_PER_HOUR) },
    { ...base, ...STREAMS.marketplace, subjects: [...STREAMS.marketplace.subjects], max_bytes: 1 * GiB, max_age: nanos(90 * MS_PER_DAY), duplicate_window: nanos(MS_PER_HOUR) },
  ];
}

/**
 * Creates the streams, or updates their limits; idempotent, so every app runs it at start.
 * `replicas` is HOURGLASS_STREAM_REPLICAS (CONTRACTS.md §4): 3 on a three-node cluster; a single
 * server refuses anything but 1, and says so.
 */
export async function provisionStreams(jsm: JetStreamManager, replicas = 1): Promise<void> {
  for (const config of streamConfigs(replicas)) {
    try {
      await jsm.streams.info(config.name);
      await jsm.streams.update(config.name, config);
    } catch (error) {
      if (!/stream not found/i.test(String((error as Error).message))) throw error;
      await jsm.streams.add(config);
    }
  }
}

export interface DurableConsumerOptions {
  stream: string;
  durableName: string;
  filterSubject?: string;
  ackWaitMs: number;
  maxDeliver: number;
  maxAckPending: number;
}

/** A durable pull consumer with every limit set explicitly rather than left to server defaults. */
export async function ensureDurableConsumer(jsm: JetStreamManager, options: DurableConsumerOptions): Promise<void> {
  const config = {
    durable_name: options.durableName,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(options.ackWaitMs),
    max_deliver: options.maxDeliver,
    max_ack_pending: options.maxAckPending,
    max_waiting: 64,
    ...(options.filterSubject ? { filter_subject: options.filterSubject } : {}),
  };
  try {
    await jsm.consumers.info(options.stream, options.durableName);
    await jsm.consumers.update(options.stream, options.durableName, config);
  } catch (error) {
    if (!/consumer not found/i.test(String((error as Error).message))) throw error;
    await jsm.consumers.add(options.stream, config);
  }
}
