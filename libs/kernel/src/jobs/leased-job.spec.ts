import type { Clock } from '@hourglass/contracts';
import { LeaseLostError } from './fence';
import { InMemoryLeaseStore } from './in-memory-lease.store';
import { LeasedJob } from './leased-job';
import type { JobMetrics, JobOutcome, Timers } from './ports';

function manualClock(): Clock & { advance(ms: number): void } {
  let now = Date.parse('2026-01-01T00:00:00Z');
  return { nowMs: () => now, advance: (ms) => (now += ms) };
}
const noTimers: Timers = { setInterval: () => ({ cancel: () => undefined }), setTimeout: () => ({ cancel: () => undefined }) };

function recordingMetrics(): JobMetrics & { runs: JobOutcome[]; held: boolean[] } {
  const runs: JobOutcome[] = [];
  const held: boolean[] = [];
  return { runs, held, run: (_job, outcome) => runs.push(outcome), leaseHeld: (_job, h) => held.push(h) };
}

const OPTIONS = { name: 'rating-job', leaseMs: 10_000, intervalMs: 1_000, tickMsMax: 5_000 };

describe('LeasedJob', () => {
  it('runs on one replica at a time and keeps the lease between ticks', async () => {
    const clock = manualClock();
    const store = new InMemoryLeaseStore(clock);
    const metrics = recordingMetrics();
    const tokens: number[] = [];
    const a = new LeasedJob(OPTIONS, { store, clock, metrics, timers: noTimers }, async (fence) => tokens.push(fence.token));
    const b = new LeasedJob(OPTIONS, { store, clock, metrics, timers: noTimers }, async () => tokens.push(-1));

    expect(await a.runOnce()).toBe('ran');
    expect(await b.runOnce()).toBe('skipped');
    clock.advance(1_000);
    expect(await a.runOnce()).toBe('ran');
    expect(tokens).toEqual([1, 1]);
    expect(metrics.runs).toEqual(['ran', 'skipped', 'ran']);
    expect(metrics.held).toEqual([true, false, true]);
  });

  it('moves to another replica when the holder stops, at once', async () => {
    const clock = manualClock();
    const store = new InMemoryLeaseStore(clock);
    const a = new LeasedJob(OPTIONS, { store, clock, timers: noTimers }, async () => undefined);
    const b = new LeasedJob(OPTIONS, { store, clock, timers: noTimers }, async () => undefined);
    await a.runOnce();
    await a.stop();
    expect(await b.runOnce()).toBe('ran');
  });

  it('counts a tick that throws as failed, and the next tick runs again', async () => {
    const clock = manualClock();
    const store = new InMemoryLeaseStore(clock);
    const metrics = recordingMetrics();
    const errors: unknown[] = [];
    let calls = 0;
    const sut = new LeasedJob(OPTIONS, { store, clock, metrics, timers: noTimers, onError: (e) => errors.push(e) }, async () => {
      calls += 1;
      if (calls === 1) throw new Error('ClickHouse refused');
    });
    expect(await sut.runOnce()).toBe('failed');
    expect(await sut.runOnce()).toBe('ran');
    expect(errors).toHaveLength(1);
    expect(metrics.runs).toEqual(['failed', 'ran']);
  });

  it('fences a tick that outlives its bound: its next write is refused', async () => {
    const clock = manualClock();
    const store = new InMemoryLeaseStore(clock);
    let refused: unknown = null;
    const sut = new LeasedJob(OPTIONS, { store, clock, timers: noTimers, onError: (e) => (refused = e) }, async (fence) => {
      clock.advance(OPTIONS.tickMsMax + 1); // a query that hung
      await fence.assertHeld();
    });
    expect(await sut.runOnce()).toBe('failed');
    expect(refused).toBeInstanceOf(LeaseLostError);
    expect(sut.holdsLease).toBe(false);
  });

  it('refuses a lease shorter than the pause between ticks', () => {
    const clock = manualClock();
    expect(() => new LeasedJob({ ...OPTIONS, leaseMs: 500 }, { store: new InMemoryLeaseStore(clock), clock }, async () => undefined)).toThrow(/outlast/);
  });
});
