import { connect, type NatsConnection } from 'nats';
import { DomainError } from '@hourglass/contracts';

/** NATS did not answer at start-up. */
export class NatsUnavailableError extends DomainError {
  constructor(message: string) {
    super('unavailable', message);
  }
}

/**
 * Connects with unbounded reconnects: a broker restart must pause the pipeline, not end it.
 * The first connection fails fast with a message that says what to do.
 */
export async function connectNats(url: string, name: string): Promise<NatsConnection> {
  try {
    return await connect({
      servers: url,
      name,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
      timeout: 5_000,
      // Error objects with stack traces per request cost a third of the publish rate.
      noAsyncTraces: true,
    });
  } catch (error) {
    throw new NatsUnavailableError(
      `NATS is not reachable at ${url} (${(error as Error).message}): start it with 'nats-server -js', or set NATS_URL`,
    );
  }
}
