import Redis, { Cluster, type ClusterOptions, type RedisOptions } from 'ioredis';
import { DomainError } from '@hourglass/contracts';

export type { Redis, Cluster };

/**
 * A connection to one server (or the primary Sentinel names), or to a Redis Cluster. Both answer the
 * same commands; on a Cluster every script, MULTI and pipeline must keep its keys in one hash slot
 * (a `{tag}` in the key names the slot), or Redis refuses it with CROSSSLOT.
 */
export type RedisClient = Redis | Cluster;

/** Redis did not answer: an operating error, retried by whoever starts the process again. */
export class RedisUnavailableError extends DomainError {
  constructor(message: string) {
    super('unavailable', message);
  }
}

/** Where Redis is: one server, the sentinels that know which server is the primary, or a Cluster's seeds. */
export interface RedisTarget {
  url: string;
  keyPrefix: string;
  sentinels?: Array<{ host: string; port: number }> | null;
  sentinelMaster?: string;
  /** Redis Cluster: some of its nodes, from which the client learns the rest; `url` gives only the password. */
  clusterNodes?: Array<{ host: string; port: number }> | null;
  /** Replicas that must confirm a claim or a lease before it counts (WAIT); 0: none. */
  waitReplicas?: number;
}

const WAITS = new WeakMap<RedisClient, number>();
const WAIT_TIMEOUT_MS = 2_000;

/** The replicas `client` was configured to wait for (0 for a client this factory did not make). */
export function replicasToWait(client: RedisClient): number {
  return WAITS.get(client) ?? 0;
}

export function isCluster(client: RedisClient): client is Cluster {
  return client instanceof Cluster;
}

/**
 * Waits until `replicas` replicas hold every write this connection made. Replication is asynchronous:
 * without this, a dedup claim or a lease written just before the primary dies is gone on the replica
 * that Sentinel promotes, and a resend would be accepted again (or a second holder would get a lease
 * token the first one still holds). Throws when too few confirm in time, so the caller retries.
 * On a Cluster the writes went to whichever masters own their slots, each over its own connection,
 * and WAIT counts only the writes of the connection it is sent on: it is asked of every master (one
 * this client wrote nothing to answers at once).
 */
export async function waitForReplicas(client: RedisClient, replicas: number, what: string): Promise<void> {
  if (replicas <= 0) return;
  const nodes: Redis[] = isCluster(client) ? client.nodes('master') : [client];
  const confirmed = Math.min(...(await Promise.all(nodes.map((node) => node.wait(replicas, WAIT_TIMEOUT_MS)))));
  if (confirmed < replicas) {
    throw new RedisUnavailableError(`${what}: ${confirmed} of ${replicas} Redis replicas confirmed within ${WAIT_TIMEOUT_MS} ms (HOURGLASS_REDIS_WAIT_REPLICAS); it will be retried`);
  }
}

/** Keys are prefixed so several deployments, and tests, share one server without touching each other. */
export function createRedis(target: RedisTarget): RedisClient {
  const options = {
    keyPrefix: target.keyPrefix,
    lazyConnect: true,
    maxRetriesPerRequest: 20,
    enableAutoPipelining: true,
    retryStrategy: (attempt: number) => Math.min(attempt * 200, 2_000),
  };
  const client = target.clusterNodes ? clusterClient(target, options) : target.sentinels ? sentinelClient(target, options) : new Redis(target.url, options);
  WAITS.set(client, target.waitReplicas ?? 0);
  return client;
}

/** The same server or Cluster under another key prefix (a connection of its own). */
export function duplicateRedis(client: RedisClient, keyPrefix: string): RedisClient {
  return isCluster(client) ? client.duplicate(undefined, { keyPrefix, lazyConnect: true }) : client.duplicate({ keyPrefix, lazyConnect: true });
}

function sentinelClient(target: RedisTarget, options: RedisOptions): Redis {
  const url = new URL(target.url);
  return new Redis({
    ...options,
    sentinels: target.sentinels ?? [],
    name: target.sentinelMaster ?? 'hourglass',
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: Number(url.pathname.slice(1)) || 0,
    // A primary that became a replica answers writes with READONLY: reconnect, and ask the sentinels again.
    reconnectOnError: (error) => error.message.startsWith('READONLY'),
    sentinelRetryStrategy: (attempt: number) => Math.min(attempt * 200, 2_000),
  });
}

/**
 * The key prefix is the Cluster client's own option (applied before the slot is computed), so a
 * `{tag}` in a key still decides its slot as long as the prefix has no braces (config refuses those).
 * A Cluster has one database: a database number in REDIS_URL does not apply.
 */
function clusterClient(target: RedisTarget, options: RedisOptions & { keyPrefix: string; lazyConnect: boolean }): Cluster {
  const url = new URL(target.url);
  const clusterOptions: ClusterOptions = {
    keyPrefix: options.keyPrefix,
    lazyConnect: options.lazyConnect,
    // Off on a Cluster: ioredis's automatic pipelines group commands by the master it believes serves
    // their slot, and while a master is away (restarting, failing over) that guess is wrong for all of
    // them at once; a pipeline whose commands come back MOVED to different slots is not redirected
    // (only identical errors are), so every caller in it failed. Single commands follow MOVED one by one.
    // Explicit pipelines in Hourglass keep to one slot each, so they are redirected whole.
    enableAutoPipelining: false,
    clusterRetryStrategy: (attempt: number) => Math.min(attempt * 200, 2_000),
    // A slot that is moving, or a master that is failing over, is retried this many times (100 ms apart
    // while the Cluster is down) before the command fails and its caller retries.
    maxRedirections: 20,
    redisOptions: {
      maxRetriesPerRequest: options.maxRetriesPerRequest,
      password: url.password ? decodeURIComponent(url.password) : undefined,
      username: url.username ? decodeURIComponent(url.username) : undefined,
    },
  };
  return new Cluster(target.clusterNodes ?? [], clusterOptions);
}

export async function connectRedis(target: RedisTarget): Promise<RedisClient> {
  const redis = createRedis(target);
  const where = target.clusterNodes
    ? `the Redis Cluster seeded by ${target.clusterNodes.map((n) => `${n.host}:${n.port}`).join(', ')}`
    : target.sentinels
      ? `the primary of ${target.sentinelMaster ?? 'hourglass'} (sentinels ${target.sentinels.map((s) => `${s.host}:${s.port}`).join(', ')})`
      : target.url;
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw new RedisUnavailableError(
      `Redis is not reachable at ${where} (${(error as Error).message}): start it with 'redis-server', or set REDIS_URL (or REDIS_SENTINELS, or REDIS_CLUSTER_NODES)`,
    );
  }
  return redis;
}
