import { headers as natsHeaders, type JetStreamClient } from 'nats';
import type { DeadLetterSink, Rejection } from '../ports';

/** DLQ subjects name the reason, so an operator can replay or inspect one kind at a time. */
export class NatsDeadLetterSink implements DeadLetterSink {
  constructor(private readonly js: JetStreamClient) {}

  async publish(rejections: readonly Rejection[]): Promise<void> {
    await Promise.all(
      rejections.map((r) => {
        const h = natsHeaders();
        h.set('Hourglass-Reason', r.reason);
        h.set('Hourglass-Detail', r.detail.slice(0, 512));
        h.set('Hourglass-Original-Subject', r.subject);
        h.set('Hourglass-Stream-Seq', String(r.seq));
        // The msgID makes a republish after a crash a duplicate that JetStream drops.
        return this.js.publish(`usage.dlq.v1.${r.reason}`, r.raw, { msgID: `usage-dlq-${r.seq}`, headers: h });
      }),
    );
  }
}
