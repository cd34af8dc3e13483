import * as fs from 'node:fs';
import { connect, credsAuthenticator, type ConnectionOptions, type NatsConnection } from 'nats';
import type { NatsAuthConfig } from '@hourglass/config';
import { DomainError } from '@hourglass/contracts';

/** NATS did not answer at start-up. */
export class NatsUnavailableError extends DomainError {
  constructor(message: string) {
    super('unavailable', message);
  }
}

/** NATS_URL as CONTRACTS.md §4 has it: one server, or several of one cluster, comma-separated. */
export function natsServers(url: string): string[] {
  return url
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * Connects with unbounded reconnects: a broker restart must pause the pipeline, not end it.
 * The first connection fails fast with a message that says what to do.
 */
export async function connectNats(url: string, name: string, auth: NatsAuthConfig | null = null): Promise<NatsConnection> {
  try {
    return await connect({
      ...natsCredentials(auth),
      servers: natsServers(url),
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

/** A creds file (operator mode, JWT + nkey) wins over user and password; neither: no authentication. */
export function natsCredentials(auth: NatsAuthConfig | null): Partial<ConnectionOptions> {
  if (auth?.credsFile) return { authenticator: credsAuthenticator(fs.readFileSync(auth.credsFile)) };
  if (auth?.user) return { user: auth.user, pass: auth.password ?? '' };
  return {};
}
