import { connect, type NatsConnection } from 'nats';
import { natsServers, provisionStreams, STREAMS } from '@hourglass/nats';
import { startLocalRedis, type LocalService } from '@hourglass/platform';
import { customer, priceBook, rental, SUBJECT, usageEvent } from '../support/fixtures';
import { clockStartingAt, startHarness, type Harness } from '../support/harness';
import { LocalNatsCluster } from '../support/nats-cluster';
import { waitUntil } from '../support/wait-until';

/**
 * CONTRACTS.md §4 on a real three-node JetStream cluster: NATS_URL lists every server,
 * HOURGLASS_STREAM_REPLICAS=3 makes every stream R3, and ingest goes on when the USAGE stream's
 * leader is killed: nothing lost, nothing counted twice.
 */
describe('a three-node NATS cluster with streams at replication 3', () => {
  let cluster: LocalNatsCluster;
  let redis: LocalService;
  let h: Harness;
  let nc: NatsConnection;

  const minute = (i: number) => {
    const start = Date.UTC(2026, 9, 10, 0, 0) + i * 60_000;
    return usageEvent({ id: `cluster-${i}`, data: { intervalStart: new Date(start).toISOString(), intervalEnd: new Date(start + 60_000).toISOString() } });
  };
  const status = async () => (await h.api<{ accepted: number; duplicate: number; rejected: number; lag: number }>('GET', '/v1/status')).body;

  beforeAll(async () => {
    cluster = await LocalNatsCluster.start(3);
    redis = await startLocalRedis();
    nc = await connect({ servers: natsServers(cluster.url), maxReconnectAttempts: -1, reconnectTimeWait: 250 });
    // The cluster elects its JetStream meta leader a moment after the routes connect.
    const deadline = performance.now() + 30_000;
    for (;;) {
      try {
        await provisionStreams(await nc.jetstreamManager(), 3);
        break;
      } catch (error) {
        if (performance.now() > deadline) throw error;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    h = await startHarness({ NATS_URL: cluster.url, HOURGLASS_STREAM_REPLICAS: '3' }, { redis, nats: { url: cluster.url } as LocalService }, { clock: clockStartingAt('2026-11-15T09:00:00Z') });
    await h.api('POST', '/v1/reference', [customer(), priceBook(), rental()]);
  }, 90_000);

  afterAll(async () => {
    await h?.close();
    await nc?.close();
    await redis?.stop();
    await cluster?.stop();
  }, 60_000);

  it('creates every stream with three replicas', async () => {
    const jsm = await nc.jetstreamManager();
    for (const stream of Object.values(STREAMS)) {
      const info = await jsm.streams.info(stream.name);
      expect([stream.name, info.config.num_replicas, (info.cluster?.replicas ?? []).length]).toEqual([stream.name, 3, 2]);
    }
  });

  it('keeps every event exactly once when the USAGE stream leader is killed during ingest and restarted', async () => {
    const js = nc.jetstream();
    const publish = async (from: number, to: number) => {
      for (let i = from; i < to; i++) {
        for (let attempt = 1; ; attempt++) {
          try {
            await js.publish(SUBJECT, JSON.stringify(minute(i)), { timeout: 2_000 });
            break;
          } catch (error) {
            if (attempt >= 40) throw error;
            await new Promise((r) => setTimeout(r, 250));
          }
        }
      }
    };
    await publish(0, 150);
    const leader = (await (await nc.jetstreamManager()).streams.info(STREAMS.usage.name)).cluster?.leader;
    expect(leader).toMatch(/^n[123]$/);
    await cluster.kill(leader!);
    await publish(150, 300);
    await cluster.restart(leader!);
    // A retried publish may have been stored the first time: it is a duplicate, counted as one. The
    // cluster may still be electing just after the restart: the question is asked until it answers.
    const stored = await waitUntil(
      async () => {
        try {
          return (await (await nc.jetstreamManager()).streams.info(STREAMS.usage.name)).state.last_seq;
        } catch {
          return null;
        }
      },
      (seq) => seq !== null,
      30_000,
    );
    const final = await h.waitFor(status, (s) => s.accepted + s.duplicate + s.rejected === stored && s.lag === 0, 90_000);
    expect([final.accepted, final.rejected]).toEqual([300, 0]);
    const [covered] = await h.sql<{ gpu_ms: string }>("SELECT toString(sum(gpu_ms)) AS gpu_ms FROM usage_covered_hourly WHERE rental_id = 'r-123'");
    expect(covered!.gpu_ms).toBe(String(300 * 60_000 * 8));
  }, 180_000);
});
