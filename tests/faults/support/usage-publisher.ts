import type { JetStreamClient, PubAck } from 'nats';
import type { SimulatedMessage } from '../../../libs/simulation/src';
import { sleep } from './serve-process';

/**
 * Publishes simulated usage in delivery order, as agents would: one connection (so the stream keeps
 * the order), a bounded window of publishes in flight, an optional rate. A keyed message whose publish
 * fails is retried (its `Nats-Msg-Id` makes a copy that was stored after all a duplicate the stream
 * drops); an unkeyed one is not, because a blind retry could store it twice and change what the test
 * expects, so its failure fails the run.
 */
export class UsagePublisher {
  published = 0;
  /** Publish acks that JetStream's duplicate window answered with `duplicate: true`. */
  droppedByStream = 0;
  private inFlight = 0;
  private slotFree: (() => void) | null = null;
  private failure: Error | null = null;
  private exhausted = false;

  constructor(
    private readonly js: JetStreamClient,
    private readonly messages: Iterator<SimulatedMessage>,
    private readonly inFlightMax = 256,
    private readonly attemptsMax = 3,
  ) {}

  get done(): boolean {
    return this.exhausted;
  }

  /** Publishes up to `countMax` more messages, at most `ratePerSecond` a second when given. */
  async publish(countMax: number, ratePerSecond: number | null = null): Promise<number> {
    const startMs = Date.now();
    let sent = 0;
    while (sent < countMax) {
      if (this.failure) throw this.failure;
      const next = this.messages.next();
      if (next.done) {
        this.exhausted = true;
        break;
      }
      if (ratePerSecond !== null) {
        const dueMs = startMs + (sent * 1000) / ratePerSecond;
        const waitMs = dueMs - Date.now();
        if (waitMs > 2) await sleep(waitMs);
      }
      while (this.inFlight >= this.inFlightMax) await new Promise<void>((resolve) => (this.slotFree = resolve));
      this.inFlight++;
      sent++;
      this.published++;
      void this.send(next.value).then(
        () => this.release(),
        (error: Error) => {
          this.failure ??= error;
          this.release();
        },
      );
    }
    while (this.inFlight > 0) await new Promise<void>((resolve) => (this.slotFree = resolve));
    if (this.failure) throw this.failure;
    return sent;
  }

  private release(): void {
    this.inFlight--;
    const wake = this.slotFree;
    this.slotFree = null;
    wake?.();
  }

  private async send(message: SimulatedMessage): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      let ack: PubAck;
      try {
        ack = await this.js.publish(message.subject, message.data, message.msgId === null ? {} : { msgID: message.msgId });
      } catch (error) {
        if (message.msgId === null || attempt >= this.attemptsMax) {
          throw new Error(`publish of ${message.msgId ?? 'an unkeyed message'} failed after ${attempt} attempt(s): ${(error as Error).message}`);
        }
        continue;
      }
      if (ack.duplicate) this.droppedByStream++;
      return;
    }
  }
}
