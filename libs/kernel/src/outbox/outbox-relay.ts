import type { FenceCheck } from '../jobs/fence';
import type { MessagePublisher, OutboxStore, StoredOutboxMessage } from './ports';

export interface OutboxRelayOptions {
  /** Name of this relay's progress (and of its lease, when run as a leased job). */
  name: string;
  /** Messages read and published per batch. */
  batchMax: number;
  /** Batches per tick: bounds a tick's length; the next tick goes on where this one stopped. */
  batchesPerTickMax: number;
  /** Publishes in flight at once. */
  inFlightMax: number;
  /**
   * Progress stops this far behind ClickHouse's clock: an insert stamped before the horizon but still
   * running when the relay read would otherwise land below the progress and be skipped.
   */
  settleMs: number;
  /** Every read also looks this far below the progress, for an insert that outlasted settleMs. */
  lookbackMs: number;
}

export const DEFAULT_RELAY_OPTIONS: OutboxRelayOptions = {
  name: 'outbox-relay',
  batchMax: 1_000,
  batchesPerTickMax: 20,
  inFlightMax: 256,
  settleMs: 5_000,
  lookbackMs: 60_000,
};

export interface RelayTickResult {
  published: number;
  progressUs: number;
}

/**
 * Publishes what the outbox holds and nobody has delivered, oldest first, and remembers it. The order
 * of durable steps, and what breaks otherwise:
 *   1. publish, and wait for the broker's acknowledgement;
 *   2. record the deliveries: a relay killed between 1 and 2 publishes again on restart, and the
 *      message id (Nats-Msg-Id) makes the broker drop the copy within its duplicate window;
 *      recording before publishing would lose the message if the relay died in between;
 *   3. move the progress up to the first undelivered message, never past the settle horizon.
 * Delivery is at least once; a consumer that keeps ids drops the rare later copy.
 */
export class OutboxRelay {
  constructor(
    private readonly store: OutboxStore,
    private readonly publisher: MessagePublisher,
    private readonly options: OutboxRelayOptions = DEFAULT_RELAY_OPTIONS,
    /** Told of every batch once the broker has it (the operator's log names the business events). */
    private readonly onPublished: (batch: readonly StoredOutboxMessage[]) => void = () => undefined,
  ) {}

  /**
   * The progress as last recorded or moved by this relay. Only the lease holder moves it, so a copy
   * that is stale (another replica held the lease meanwhile) is lower than the truth: a longer scan,
   * never a skipped message.
   */
  private progressUs: number | null = null;

  async tick(fence: FenceCheck): Promise<RelayTickResult> {
    const { name, batchMax, batchesPerTickMax, settleMs, lookbackMs } = this.options;
    const progress = this.progressUs ?? (await this.store.progress(name));
    this.progressUs = progress;
    const from = Math.max(0, progress - lookbackMs * 1000);
    let published = 0;
    let deliveredUpToUs = progress;
    for (let i = 0; i < batchesPerTickMax; i++) {
      const batch = await this.store.undelivered(from, batchMax);
      if (batch.length === 0) break;
      // Publishing twice is harmless, but a deposed relay would keep racing the new one.
      await fence.assertHeld();
      await this.publishAll(batch);
      await this.store.recordDeliveries(name, batch);
      this.onPublished(batch);
      published += batch.length;
      deliveredUpToUs = Math.max(deliveredUpToUs, ...batch.map((m) => m.positionUs));
      if (batch.length < batchMax) break;
    }
    // An idle tick is one query: progress only moves over what this tick delivered, so nothing is
    // written while the outbox is quiet.
    if (published === 0) return { published, progressUs: progress };
    const horizon = await this.store.settledPosition(settleMs);
    const open = await this.store.firstUndelivered(from);
    const next = Math.min(horizon, open === null ? deliveredUpToUs : open - 1);
    if (next > progress) {
      await this.store.recordProgress(name, next);
      this.progressUs = next;
      return { published, progressUs: next };
    }
    return { published, progressUs: progress };
  }

  private async publishAll(batch: readonly StoredOutboxMessage[]): Promise<void> {
    for (let i = 0; i < batch.length; i += this.options.inFlightMax) {
      await Promise.all(batch.slice(i, i + this.options.inFlightMax).map((m) => this.publisher.publish(m)));
    }
  }
}
