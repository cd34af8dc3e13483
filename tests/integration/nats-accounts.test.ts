import * as path from 'node:path';
import { connect, type NatsConnection } from 'nats';
import { startLocalNats, type LocalService } from '@hourglass/platform';
import { usageEvent } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';

const CONFIG = path.resolve(__dirname, '../../deploy/nats/nats-server.conf');
const PASSWORDS = { HOURGLASS_NATS_PASSWORD: 'hourglass-secret-1', OP_42_NATS_PASSWORD: 'op-42-secret-1', OP_7_NATS_PASSWORD: 'op-7-secret-1' };

/** deploy/nats/nats-server.conf, started as it is: what an operator's agent may and may not do. */
describe('NATS users: an operator publishes its own usage and nothing else', () => {
  let nats: LocalService;
  let h: Harness;
  let op42: NatsConnection;
  const errors: string[] = [];

  const streamMessages = async (subject: string) => {
    const jsm = await h.nc.jetstreamManager();
    const info = await jsm.streams.info('USAGE', { subjects_filter: subject });
    return Object.values(info.state.subjects ?? {}).reduce((a, b) => a + b, 0);
  };

  beforeAll(async () => {
    nats = await startLocalNats({ configFile: CONFIG, env: PASSWORDS });
    h = await startHarness({ NATS_USER: 'hourglass', NATS_PASSWORD: PASSWORDS.HOURGLASS_NATS_PASSWORD }, { nats });
    op42 = await connect({ servers: nats.url, user: 'op-42', pass: PASSWORDS.OP_42_NATS_PASSWORD });
    void (async () => {
      for await (const status of op42.status()) errors.push(String(status.data));
    })();
  });
  afterAll(async () => {
    await op42?.close().catch(() => undefined);
    await h?.close();
    await nats?.stop();
  });

  it('refuses connections without the right password, Hourglass\'s included', async () => {
    await expect(connect({ servers: nats.url })).rejects.toThrow(/Authorization/i);
    await expect(connect({ servers: nats.url, user: 'op-42', pass: 'guess' })).rejects.toThrow(/Authorization/i);
  });

  it("stores the operator's own usage, and never another operator's", async () => {
    const violationsBefore = errors.length;
    op42.publish('usage.v1.op-42.dc-fra-1', JSON.stringify(usageEvent()));
    op42.publish('usage.v1.op-7.dc-ams-1', JSON.stringify(usageEvent({ source: 'agent://op-7/dc-ams-1/node-1', data: { operatorId: 'op-7', datacenterId: 'dc-ams-1' } })));
    await op42.flush();
    await h.waitFor(() => streamMessages('usage.v1.op-42.>'), (n) => n >= 1);
    expect(await streamMessages('usage.v1.op-7.>')).toBe(0);
    // The server answers each refused publish with a permissions violation (its log names the subject).
    await h.waitFor(async () => errors.slice(violationsBefore), (e) => e.filter((x) => x === 'PERMISSIONS_VIOLATION').length === 1);
  });

  it('cannot touch the streams: the JetStream API is closed to it', async () => {
    const violationsBefore = errors.length;
    op42.publish('$JS.API.STREAM.DELETE.USAGE');
    op42.publish('$JS.API.STREAM.PURGE.USAGE');
    await op42.flush();
    await expect(op42.request('$JS.API.STREAM.INFO.USAGE', undefined, { timeout: 1_000 })).rejects.toThrow();
    await h.waitFor(async () => errors.slice(violationsBefore), (e) => e.filter((x) => x === 'PERMISSIONS_VIOLATION').length >= 2);
    const jsm = await h.nc.jetstreamManager();
    expect((await jsm.streams.info('USAGE')).state.messages).toBeGreaterThanOrEqual(1);
  });

  it('cannot subscribe to anything, its own usage included', async () => {
    const sub = op42.subscribe('usage.v1.op-42.>');
    const received: string[] = [];
    const done = (async () => {
      for await (const m of sub) received.push(m.subject);
    })().catch((error: Error) => error.message);
    await op42.flush();
    await h.publish('usage.v1.op-42.dc-fra-1', usageEvent());
    await expect(done).resolves.toMatch(/permissions violation for subscription/i);
    expect(received).toEqual([]);
  });

  it('has metering reject usage that names another operator, on its own subject (source_mismatch)', async () => {
    const other = usageEvent({ source: 'agent://op-7/dc-ams-1/node-1', data: { operatorId: 'op-7', datacenterId: 'dc-ams-1', nodeId: 'node-1' } });
    const otherNode = usageEvent({ source: 'agent://op-7/dc-fra-1/node-17' });
    op42.publish('usage.v1.op-42.dc-fra-1', JSON.stringify(other));
    op42.publish('usage.v1.op-42.dc-fra-1', JSON.stringify(otherNode));
    await op42.flush();
    const rows = await h.waitFor(
      () => h.sql<{ id: string; reason: string }>(`SELECT id, reason FROM usage_rejections WHERE id IN ('${other.id}', '${otherNode.id}')`),
      (r) => r.length === 2,
    );
    expect(rows.map((r) => r.reason)).toEqual(['source_mismatch', 'source_mismatch']);
  });
});
