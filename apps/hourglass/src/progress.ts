/** Seconds of recent work the shown rate averages over: long enough to be steady, short enough to follow changes. */
const RATE_WINDOW_MS = 5_000;
/** Below this much elapsed time a rate is noise (one message in 60 ms is not "16/s"). */
const RATE_MIN_SPAN_MS = 1_000;
const SAMPLES_MAX = 256;

export interface ProgressSample {
  atMs: number;
  done: number;
}

/**
 * Items per second over the last RATE_WINDOW_MS of real elapsed time, or null while there is too
 * little of it. Pure, so the arithmetic is tested without a clock.
 */
export function slidingRate(samples: readonly ProgressSample[], nowMs: number, done: number): number | null {
  const inWindow = samples.filter((s) => s.atMs >= nowMs - RATE_WINDOW_MS);
  const oldest = inWindow[0] ?? samples[samples.length - 1];
  if (!oldest || nowMs - oldest.atMs < RATE_MIN_SPAN_MS) return null;
  return ((done - oldest.done) * 1000) / (nowMs - oldest.atMs);
}

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/**
 * One progress line on stderr (redrawn on a terminal, every 5 s in a log), with the rate of the
 * last few seconds; the final line says how many in how long. Quiet when disabled (--json, csv).
 */
export class Progress {
  private readonly samples: ProgressSample[] = [];
  private lastPrintMs = -Infinity;
  private readonly startedMs: number;
  private baseline: ProgressSample;

  constructor(
    private readonly label: string,
    private readonly total: number | null,
    private readonly enabled = true,
    private readonly nowMs: () => number = () => performance.now(),
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.startedMs = nowMs();
    this.baseline = { atMs: this.startedMs, done: 0 };
    this.samples.push(this.baseline);
  }

  /** `baseline`: work already done before this run started (not counted in the rate). */
  start(baseline: number): void {
    this.samples.length = 0;
    this.baseline = { atMs: this.nowMs(), done: baseline };
    this.samples.push(this.baseline);
  }

  update(done: number): void {
    const now = this.nowMs();
    const last = this.samples[this.samples.length - 1];
    if (!last || now - last.atMs >= 200) {
      this.samples.push({ atMs: now, done });
      while (this.samples.length > SAMPLES_MAX || (this.samples.length > 2 && this.samples[1]!.atMs < now - RATE_WINDOW_MS)) this.samples.shift();
    }
    if (!this.enabled) return;
    const everyMs = this.stream.isTTY ? 250 : 5_000;
    // The first line waits until there is a rate to show.
    if (now - this.lastPrintMs < everyMs || now - this.baseline.atMs < RATE_MIN_SPAN_MS) return;
    this.lastPrintMs = now;
    this.write(this.line(done, now));
  }

  line(done: number, now = this.nowMs()): string {
    const rate = slidingRate(this.samples, now, done);
    const of = this.total ? ` of ${formatCount(this.total)} (${Math.floor((done / this.total) * 100)}%)` : '';
    return `${this.label}: ${formatCount(done)}${of}${rate === null ? '' : `, ${formatCount(rate)}/s`}`;
  }

  done(done: number): void {
    if (!this.enabled) return;
    const seconds = (this.nowMs() - this.baseline.atMs) / 1000;
    const counted = done - this.baseline.done;
    const average = seconds >= RATE_MIN_SPAN_MS / 1000 ? `, ${formatCount(counted / seconds)}/s on average` : '';
    const before = this.baseline.done > 0 ? ` (${formatCount(this.baseline.done)} before)` : '';
    const line = `${this.label}: ${formatCount(counted)} in ${seconds.toFixed(1)} s${average}${before}`;
    if (this.stream.isTTY) this.stream.write(`\r${line}\x1b[K\n`);
    else this.stream.write(`${line}\n`);
  }

  private write(line: string): void {
    if (this.stream.isTTY) this.stream.write(`\r${line}\x1b[K`);
    else this.stream.write(`${line}\n`);
  }
}
