import Redis from 'ioredis';

/**
 * One command to one Redis process on loopback, on a connection of its own that neither retries nor
 * queues (a sentinel, a replica, one node of a Cluster): null when it does not answer.
 */
export async function askRedis(port: number, command: string[]): Promise<unknown> {
  const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await client.connect();
    return await client.call(command[0]!, ...command.slice(1));
  } catch {
    return null;
  } finally {
    client.disconnect();
  }
}
