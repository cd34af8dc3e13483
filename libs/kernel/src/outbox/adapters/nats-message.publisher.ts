import { headers as natsHeaders, type JetStreamClient } from 'nats';
import type { MessagePublisher, OutboxMessage } from '../ports';

/** JetStream publish with the outbox id as `Nats-Msg-Id`; resolves on the stream's acknowledgement. */
export class NatsMessagePublisher implements MessagePublisher {
  constructor(private readonly js: JetStreamClient) {}

  async publish(message: OutboxMessage): Promise<void> {
    const extra = message.headers ? Object.entries(message.headers) : [];
    const h = extra.length > 0 ? natsHeaders() : undefined;
    for (const [k, v] of extra) h!.set(k, v);
    await this.js.publish(message.subject, message.payload, { msgID: message.id, ...(h ? { headers: h } : {}) });
  }
}
