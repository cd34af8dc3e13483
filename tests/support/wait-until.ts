/** Polls `probe` until `done` holds; times out with the last value (elapsed time by performance.now(), not the clock). */
export async function waitUntil<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  let last = await probe();
  while (!done(last)) {
    if (performance.now() > deadline) throw new Error(`timed out waiting; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await probe();
  }
  return last;
}
