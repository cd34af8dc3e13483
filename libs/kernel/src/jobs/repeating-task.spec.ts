import { RepeatingTask } from './repeating-task';

describe('RepeatingTask', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs after each interval, never overlapping, reports a failure and goes on; stop waits for the run in hand', async () => {
    const errors: string[] = [];
    let runs = 0;
    let release: () => void = () => undefined;
    const task = new RepeatingTask(
      1_000,
      () => {
        runs++;
        if (runs === 1) return Promise.reject(new Error('boom'));
        return new Promise<void>((resolve) => (release = resolve));
      },
      (error) => errors.push(error.message),
    );
    task.start();
    await jest.advanceTimersByTimeAsync(1_000);
    expect([runs, errors]).toEqual([1, ['boom']]);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(runs).toBe(2);
    // The second run has not ended: no third one starts.
    await jest.advanceTimersByTimeAsync(5_000);
    expect(runs).toBe(2);
    const stopped = task.stop();
    release();
    await stopped;
    await jest.advanceTimersByTimeAsync(5_000);
    expect(runs).toBe(2);
  });

  it('is off with an interval of 0', async () => {
    const work = jest.fn(async () => undefined);
    new RepeatingTask(0, work, () => undefined).start();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(work).not.toHaveBeenCalled();
  });
});
