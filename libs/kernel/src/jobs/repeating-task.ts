/**
 * Runs `work` every `intervalMs` after the previous run ended (never overlapping), until stopped; a
 * failure is reported and the next run retries. For syncs that are safe on every replica at once (each
 * write keyed by its fact); work that must run on one replica takes a LeasedJob instead.
 */
export class RepeatingTask {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private current: Promise<void> | null = null;

  constructor(
    private readonly intervalMs: number,
    private readonly work: () => Promise<unknown>,
    private readonly onError: (error: Error) => void,
  ) {}

  /** Does nothing when `intervalMs` is 0 (the task is off in this process). */
  start(): void {
    if (this.intervalMs === 0) return;
    this.running = true;
    this.schedule();
  }

  /** Stops scheduling and waits for a run in progress to end. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.current;
  }

  private schedule(): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.current = this.work()
        .then(() => undefined)
        .catch((error: unknown) => this.onError(error as Error))
        .finally(() => {
          this.current = null;
          this.schedule();
        });
    }, this.intervalMs);
    this.timer.unref();
  }
}
