import { ConfigError, loadConfig } from './config';
import { loadFaultSwitches, NO_FAULTS } from './fault-switches';

describe('loadConfig', () => {
  it('defaults to the embedded setup on loopback', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      nats: { url: 'nats://127.0.0.1:4222', streamReplicas: 1 },
      redis: { url: 'redis://127.0.0.1:6379', keyPrefix: 'hg:' },
      clickhouse: { url: null, database: 'hourglass', cluster: null },
      http: { port: 8080, host: '127.0.0.1', apiUrl: 'http://127.0.0.1:8080', bodyLimit: '50mb', logFormat: 'auto' },
      metering: { unknownRentalGraceMs: 600_000, dedupTtlSeconds: 0 },
      billing: { entity: 'HG', schedule: null, delayMs: 6 * 3_600_000, roundingOverrides: {} },
    });
    expect(config.clickhouse.dataDir).toMatch(/\.hourglass$/);
    expect(config.disputes).toEqual({ lossPolicy: 'platform', syncIntervalMs: 5_000 });
    expect(loadConfig({ HOURGLASS_DISPUTE_LOSS_POLICY: 'operator' }).disputes.lossPolicy).toBe('operator');
  });

  it.each([
    [{ HOURGLASS_HTTP_PORT: 'eighty' }, /HOURGLASS_HTTP_PORT=eighty is not a whole number/],
    [{ NATS_URL: 'localhost:4222' }, /NATS_URL=localhost:4222 must use nats:/],
    [{ CLICKHOUSE_URL: 'not a url' }, /CLICKHOUSE_URL=not a url is not a URL/],
    [{ HOURGLASS_UNKNOWN_RENTAL_GRACE_MS: '-1' }, /HOURGLASS_UNKNOWN_RENTAL_GRACE_MS=-1/],
    [{ HOURGLASS_ROUNDING: 'CHF' }, /HOURGLASS_ROUNDING=CHF: expected CUR=mode pairs/],
    [{ HOURGLASS_HTTP_BODY_LIMIT: 'lots' }, /HOURGLASS_HTTP_BODY_LIMIT=lots is not a size/],
    [{ NATS_URL: 'nats://a:4222,localhost:4223' }, /NATS_URL=localhost:4223 must use nats:/],
    [{ HOURGLASS_STREAM_REPLICAS: '7' }, /HOURGLASS_STREAM_REPLICAS=7/],
    [{ HOURGLASS_STREAM_REPLICAS: '0' }, /HOURGLASS_STREAM_REPLICAS=0/],
    [{ HOURGLASS_LOG_FORMAT: 'xml' }, /HOURGLASS_LOG_FORMAT must be auto, json or pretty/],
    [{ HOURGLASS_DISPUTE_LOSS_POLICY: 'customer' }, /HOURGLASS_DISPUTE_LOSS_POLICY=customer: use platform or operator/],
    [{ REDIS_SENTINELS: 's1:26379,s2' }, /REDIS_SENTINELS=s1:26379,s2: "s2" is not host:port/],
    [{ REDIS_SENTINELS: 's1:99999' }, /REDIS_SENTINELS=s1:99999/],
    [{ REDIS_CLUSTER_NODES: 'r1:6379,r2' }, /REDIS_CLUSTER_NODES=r1:6379,r2: "r2" is not host:port/],
    [{ REDIS_CLUSTER_NODES: 'r1:6379', REDIS_SENTINELS: 's1:26379' }, /REDIS_SENTINELS and REDIS_CLUSTER_NODES are both set/],
    [{ REDIS_CLUSTER_NODES: 'r1:6379', HOURGLASS_REDIS_PREFIX: '{hg}:' }, /HOURGLASS_REDIS_PREFIX=\{hg\}: has a brace/],
  ])('refuses %j with a message that names the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('reads Redis Sentinel from REDIS_SENTINELS and REDIS_SENTINEL_MASTER', () => {
    expect(loadConfig({}).redis).toMatchObject({ sentinels: null, sentinelMaster: 'hourglass' });
    expect(loadConfig({ REDIS_SENTINELS: 'sentinel-1:26379, sentinel-2:26380', REDIS_SENTINEL_MASTER: 'hg' }).redis).toMatchObject({
      sentinels: [
        { host: 'sentinel-1', port: 26379 },
        { host: 'sentinel-2', port: 26380 },
      ],
      sentinelMaster: 'hg',
    });
  });

  it('reads a Redis Cluster from REDIS_CLUSTER_NODES, and waits for one replica of each master by default', () => {
    expect(loadConfig({}).redis).toMatchObject({ clusterNodes: null, waitReplicas: 0 });
    expect(loadConfig({ REDIS_CLUSTER_NODES: 'redis-0:6379, redis-1:6380' }).redis).toMatchObject({
      clusterNodes: [
        { host: 'redis-0', port: 6379 },
        { host: 'redis-1', port: 6380 },
      ],
      waitReplicas: 1,
    });
    expect(loadConfig({ REDIS_CLUSTER_NODES: 'redis-0:6379', HOURGLASS_REDIS_WAIT_REPLICAS: '0' }).redis.waitReplicas).toBe(0);
  });

  it('never lets JetStream give a usage message up: redeliveries are unlimited', () => {
    expect(loadConfig({}).metering.consumer.maxDeliver).toBe(-1);
  });

  it('parses per-currency rounding overrides', () => {
    expect(loadConfig({ HOURGLASS_ROUNDING: 'chf=half_even, JPY=down' }).billing.roundingOverrides).toEqual({ CHF: 'half_even', JPY: 'down' });
  });

  it('keeps test-only fault switches out of the production config', () => {
    const config = loadConfig({ HOURGLASS_BILLING_PAUSE_AFTER_LINES_MS: '5000' });
    expect(JSON.stringify(config)).not.toMatch(/pause/i);
  });
});

describe('loadFaultSwitches', () => {
  it('ignores the switches unless the tests turned faults on', () => {
    expect(loadFaultSwitches({ HOURGLASS_BILLING_PAUSE_AFTER_LINES_MS: '5000' })).toEqual(NO_FAULTS);
    expect(loadFaultSwitches({ HOURGLASS_TEST_FAULTS: '1', HOURGLASS_BILLING_PAUSE_AFTER_LINES_MS: '5000' }).billingPauseAfterLinesMs).toBe(5000);
    expect(() => loadFaultSwitches({ HOURGLASS_TEST_FAULTS: '1', HOURGLASS_BILLING_PAUSE_AFTER_LINES_MS: 'soon' })).toThrow(/whole number/);
  });
});
