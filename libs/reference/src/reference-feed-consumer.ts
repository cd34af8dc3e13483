import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DeliverPolicy, type ConsumerMessages, type NatsConnection } from 'nats';
import { STREAMS } from '@hourglass/nats';
import { NATS } from '@hourglass/platform';
import { kindOfSubject } from './reference-announcements';
import { ReferenceService } from './reference.service';

/** The REF sequence this process's cache is complete up to (exclusive): read before the snapshot loads. */
export const REFERENCE_FEED_START = Symbol('ReferenceFeedStart');

const decoder = new TextDecoder();

/**
 * Keeps this process's reference cache current. The durable REF consumer is shared by every process
 * (the control plane's documents are stored once, by whichever takes them), so it cannot also be what
 * tells each process: a metering replica that never saw a rental would hold its usage as unknown.
 * Each process therefore reads REF once more through an ordered consumer of its own, from the
 * sequence its snapshot was taken at, and applies what it reads. Applying is idempotent (a document
 * the cache has is `unchanged`, and the store collapses a version stored twice); a document this
 * process finds invalid is left to the durable consumer, which records the rejection.
 */
@Injectable()
export class ReferenceFeed implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ReferenceFeed');
  private messages: ConsumerMessages | null = null;
  private done: Promise<void> | null = null;

  constructor(
    @Inject(NATS) private readonly nats: NatsConnection,
    @Inject(REFERENCE_FEED_START) private readonly startSeq: number,
    private readonly reference: ReferenceService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const consumer = await this.nats.jetstream().consumers.get(STREAMS.reference.name, {
      // One filter: nats-server 2.9 has no multi-subject filters (an ordered consumer would wait forever).
      filterSubjects: STREAMS.reference.subjects[0],
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: this.startSeq,
    });
    const messages = await consumer.consume({ max_messages: 500 });
    this.messages = messages;
    this.done = (async () => {
      for await (const m of messages) await this.apply(m.subject, m.data);
    })().catch((error: Error) => this.logger.error(`reference feed stopped: ${error.message}; restart the process to resume it`));
  }

  private async apply(subject: string, data: Uint8Array): Promise<void> {
    const kind = kindOfSubject(subject);
    // Operators (ref.v1.operators) are payouts' reference data, not this cache's.
    if (!kind) return;
    try {
      const parsed: unknown = JSON.parse(decoder.decode(data));
      await this.reference.applyInputs(Array.isArray(parsed) ? parsed : [parsed], { publish: false, expectedKind: kind });
    } catch (error) {
      if (error instanceof SyntaxError || (error as { reason?: string }).reason === 'invalid_document') return;
      throw error;
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.messages?.close();
    await this.done;
  }
}
