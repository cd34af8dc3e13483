import Redis from 'ioredis';
import { markDedupClaimsComplete, RedisDedupStore } from '@hourglass/metering';
import { startLocalRedis } from '@hourglass/platform';

/**
 * Times RedisDedupStore.claim on a 10,000-event batch against a local redis-server: a catch-up batch
 * (every key free) and its resend (every key held). Prints the fastest and the median of ROUNDS runs of each.
 * Run: npm run build && node dist/bench/dedup/claim.js (bench/README.md, dedup claims).
 */
const BATCH = 10_000;
const ROUNDS = 30;

async function main(): Promise<void> {
  const server = await startLocalRedis();
  const redis = new Redis(server.url, { keyPrefix: 'bench:', enableAutoPipelining: true });
  try {
    let rebuilds = 0;
    const store = new RedisDedupStore(redis, 0, async () => {
      rebuilds++;
      await markDedupClaimsComplete(redis, 'bench');
    });
    await store.claim([{ key: 'warm|0', seq: 1 }]);
    const fresh: number[] = [];
    const resent: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const batch = Array.from({ length: BATCH }, (_, i) => ({ key: `agent://node-${i % 97}|evt-${round}-${i}`, seq: round * BATCH + i + 2 }));
      let started = performance.now();
      const first = await store.claim(batch);
      fresh.push(performance.now() - started);
      started = performance.now();
      const again = await store.claim(batch.map((e) => ({ key: e.key, seq: e.seq + 1_000_000 })));
      resent.push(performance.now() - started);
      if (first.some((h, i) => h !== batch[i]!.seq) || again.some((h, i) => h !== batch[i]!.seq)) throw new Error('claims answered wrong holders');
    }
    // The fastest run is the least disturbed by whatever else shares the cores; the median says how typical.
    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
    const show = (xs: number[]) => `min ${sorted(xs)[0]!.toFixed(1)} / median ${sorted(xs)[Math.floor(xs.length / 2)]!.toFixed(1)} ms`;
    console.log(`claim of ${BATCH} events, ${ROUNDS} rounds: fresh ${show(fresh)}, resent ${show(resent)} (rebuilds: ${rebuilds})`);
  } finally {
    redis.disconnect();
    await server.stop();
  }
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
