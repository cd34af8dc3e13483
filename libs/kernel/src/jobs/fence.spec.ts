import type { Clock } from '@hourglass/contracts';
import { Fence, LeaseLostError, withLease } from './fence';
import { InMemoryLeaseStore } from './in-memory-lease.store';
import type { Timers } from './ports';

/** A clock the test moves by hand, and timers that never fire on their own. */
function manualClock(startMs = Date.parse('2026-01-01T00:00:00Z')): Clock & { advance(ms: number): void } {
  let now = startMs;
  return { nowMs: () => now, advance: (ms) => (now += ms) };
}
const noTimers: Timers = { setInterval: () => ({ cancel: () => undefined }), setTimeout: () => ({ cancel: () => undefined }) };

describe('fenced lease', () => {
  it('hands out a greater token on every acquisition, and none while the lease is held', async () => {
    const clock = manualClock();
    const sut = new InMemoryLeaseStore(clock);
    const first = await sut.acquire('billing', 1_000);
    expect(await sut.acquire('billing', 1_000)).toBeNull();
    await sut.release('billing', first!);
    const second = await sut.acquire('billing', 1_000);
    expect(second!).toBeGreaterThan(first!);
  });

  it('refuses the write of a holder deposed after its lease expired, by its stale token', async () => {
    const clock = manualClock();
    const store = new InMemoryLeaseStore(clock);
    const old = new Fence(store, 'billing', (await store.acquire('billing', 1_000))!, clock, { leaseMs: 1_000, holdMsMax: null });
    clock.advance(1_500); // the old holder stalls past its lease
    const current = new Fence(store, 'billing', (await store.acquire('billing', 1_000))!, clock, { leaseMs: 1_000, holdMsMax: null });
    expect(current.token).toBeGreaterThan(old.token);

    const writes: number[] = [];
    const write = async (fence: Fence) => {
      await fence.assertHeld();
      writes.push(fence.token);
    };
    await expect(write(old)).rejects.toBeInstanceOf(LeaseLostError);
    await write(current);
    expect(writes).toEqual([current.token]);
  });

  it('stays lost once a renewal failed, even if the name is free again', async () => {
    const clock = manualClock();
    const store = new InMemoryLeaseStore(clock);
    const fence = new Fence(store, 'job', (await store.acquire('job', 1_000))!, clock, { leaseMs: 1_000, holdMsMax: null });
    clock.advance(2_000);
    expect(await fence.renew()).toBe(false);
    expect(await store.acquire('job', 1_000)).not.toBeNull();
    expect(fence.held).toBe(false);
  });

  it('never releases the lease of the holder that took over', async () => {
    const clock = manualClock();
    const store = new InMemoryLeaseStore(clock);
    const old = (await store.acquire('job', 1_000))!;
    clock.advance(1_000);
    const current = (await store.acquire('job', 1_000))!;
    await store.release('job', old);
    expect(await store.holds('job', current)).toBe(true);
  });

  it('stops renewing after holdMsMax, so a holder that hangs hands the lease over', async () => {
    const clock = manualClock();
    const store = new InMemoryLeaseStore(clock);
    const fence = new Fence(store, 'job', (await store.acquire('job', 1_000))!, clock, { leaseMs: 1_000, holdMsMax: 2_500 });
    for (let i = 0; i < 4; i++) {
      clock.advance(600);
      expect(await fence.renew()).toBe(true);
    }
    clock.advance(600); // held 3000 ms > 2500
    expect(await fence.renew()).toBe(false);
    clock.advance(1_000);
    expect(await store.acquire('job', 1_000)).not.toBeNull();
  });

  it('withLease runs nothing while another holder has the lease, and releases it when the work throws', async () => {
    const clock = manualClock();
    const store = new InMemoryLeaseStore(clock);
    const other = (await store.acquire('billing', 1_000))!;
    let ran = false;
    expect(await withLease(store, clock, noTimers, { name: 'billing', leaseMs: 1_000, holdMsMax: null }, async () => (ran = true))).toEqual({ acquired: false });
    expect(ran).toBe(false);

    await store.release('billing', other);
    await expect(
      withLease(store, clock, noTimers, { name: 'billing', leaseMs: 1_000, holdMsMax: null }, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.acquire('billing', 1_000)).not.toBeNull();
  });
});
