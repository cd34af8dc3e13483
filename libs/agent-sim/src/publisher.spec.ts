import type { SimulatedMessage } from '@hourglass/simulation';
import { publishAll, PublishFailedError, type PublishFn, type PublisherClock } from './publisher';

function messages(count: number): SimulatedMessage[] {
  return Array.from({ length: count }, (_, i) => ({
    subject: 'usage.v1.op-1.dc-fra-1',
    data: `{"n":${i}}`,
    msgId: i % 10 === 9 ? null : `agent://op-1/dc-fra-1/node-1|${i}`,
    expected: { kind: 'good', rentalId: 'r-1', intervalStartMs: i, intervalEndMs: i + 1 },
  }));
}

/** A fake clock whose sleep only advances time, so pacing and backoff are checked without waiting. */
function fakeClock(): PublisherClock & { sleeps: number[] } {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    nowMs: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

/** Acknowledges publishes only when told to, and records the window size it saw. */
function manualBroker() {
  const pending: Array<() => void> = [];
  const received: Array<{ subject: string; payload: string; msgId: string | null }> = [];
  let inFlightMax = 0;
  const publish: PublishFn = (subject, payload, msgId) => {
    received.push({ subject, payload: new TextDecoder().decode(payload), msgId });
    return new Promise((resolve) => {
      pending.push(() => resolve({ duplicate: false }));
      inFlightMax = Math.max(inFlightMax, pending.length);
    });
  };
  return { publish, received, pending, inFlightMax: () => inFlightMax };
}

describe('publishAll', () => {
  it('publishes every message in order, with its subject, bytes and msgId', async () => {
    const broker = manualBroker();
    const input = messages(25);
    const done = publishAll(input, broker.publish, { inFlightMax: 4 });
    const ticker = setInterval(() => broker.pending.splice(0).forEach((ack) => ack()), 1);
    const result = await done;
    clearInterval(ticker);
    expect(result).toMatchObject({ published: 25, brokerDuplicates: 0, retries: 0, aborted: false });
    expect(broker.received).toEqual(input.map((m) => ({ subject: m.subject, payload: m.data, msgId: m.msgId })));
  });

  it('never has more than inFlightMax publishes unacknowledged', async () => {
    const broker = manualBroker();
    const done = publishAll(messages(100), broker.publish, { inFlightMax: 8 });
    const ticker = setInterval(() => broker.pending.splice(0, 3).forEach((ack) => ack()), 1);
    await done;
    clearInterval(ticker);
    expect(broker.inFlightMax()).toBe(8);
  });

  it('reports progress after each acknowledgement, in send order', async () => {
    const seen: number[] = [];
    await publishAll(messages(5), async () => ({ duplicate: false }), { onProgress: (n) => seen.push(n) });
    expect(seen).toEqual([1, 2, 3, 4, 5]);
  });

  it('counts acknowledgements flagged duplicate by the broker', async () => {
    const result = await publishAll(messages(10), async (_s, _p, msgId) => ({ duplicate: msgId?.endsWith('|3') ?? false }));
    expect(result).toMatchObject({ published: 10, brokerDuplicates: 1 });
  });

  it('retries a failed publish with the same msgId and backs off', async () => {
    const clock = fakeClock();
    const calls: Array<string | null> = [];
    let failures = 2;
    const publish: PublishFn = async (_subject, _payload, msgId) => {
      calls.push(msgId);
      if (failures-- > 0) throw new Error('TIMEOUT');
      return { duplicate: false };
    };
    const result = await publishAll(messages(1), publish, { clock, retryBackoffMs: 100 });
    expect(result).toMatchObject({ published: 1, retries: 2 });
    expect(calls).toEqual(['agent://op-1/dc-fra-1/node-1|0', 'agent://op-1/dc-fra-1/node-1|0', 'agent://op-1/dc-fra-1/node-1|0']);
    expect(clock.sleeps).toEqual([100, 200]);
  });

  it('fails after attemptsMax, naming the cause, once in-flight publishes have settled', async () => {
    const clock = fakeClock();
    let settled = 0;
    const publish: PublishFn = async (_subject, payload) => {
      if (new TextDecoder().decode(payload) === '{"n":2}') throw new Error('503 no responders');
      settled++;
      return { duplicate: false };
    };
    const run = publishAll(messages(50), publish, { clock, attemptsMax: 3, inFlightMax: 4 });
    await expect(run).rejects.toThrow(PublishFailedError);
    await expect(run).rejects.toThrow(/failed 3 times: 503 no responders \(no stream captures the subject/);
    // It stops sending soon after the failure instead of pushing the rest of the stream.
    expect(settled).toBeLessThan(10);
  });

  it('paces to ratePerSecond', async () => {
    const clock = fakeClock();
    const result = await publishAll(messages(11), async () => ({ duplicate: false }), { clock, ratePerSecond: 10 });
    // 11 messages at 10/s: the last is due 1 s after the first.
    expect(result.seconds).toBeCloseTo(1, 5);
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBeCloseTo(1000, 5);
  });

  it('stops sending on abort, still awaits what is in flight, and says it was aborted', async () => {
    const abort = new AbortController();
    const tapped: SimulatedMessage[] = [];
    const result = await publishAll(messages(100), async () => ({ duplicate: false }), {
      signal: abort.signal,
      tap: (m) => tapped.push(m),
      onProgress: (n) => n === 10 && abort.abort(),
      inFlightMax: 4,
    });
    expect(result.aborted).toBe(true);
    expect(result.published).toBe(tapped.length);
    expect(result.published).toBeLessThan(20);
  });

  it('pulls from the iterable lazily: no more than the window ahead of the acknowledgements', async () => {
    let pulled = 0;
    function* endless(): Generator<SimulatedMessage> {
      for (const m of messages(1_000_000)) {
        pulled++;
        yield m;
      }
    }
    const abort = new AbortController();
    await publishAll(endless(), async () => ({ duplicate: false }), { inFlightMax: 16, signal: abort.signal, onProgress: (n) => n === 100 && abort.abort() });
    expect(pulled).toBeLessThan(100 + 16 + 2);
  });

  it.each([
    ['inFlightMax 0', { inFlightMax: 0 }],
    ['attemptsMax 0', { attemptsMax: 0 }],
    ['a negative rate', { ratePerSecond: -1 }],
  ])('refuses %s', async (_name, options) => {
    await expect(publishAll(messages(1), async () => ({ duplicate: false }), options)).rejects.toThrow(RangeError);
  });
});
