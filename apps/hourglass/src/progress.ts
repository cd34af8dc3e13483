/** A one-line progress display on stderr, quiet when stderr is not a terminal or with --json. */
export class Progress {
  private lastMs = 0;
  private readonly startedMs = Date.now();

  constructor(
    private readonly label: string,
    private readonly total: number | null,
    private readonly enabled = true,
  ) {}

  update(done: number, force = false): void {
    if (!this.enabled) return;
    const now = Date.now();
    const everyMs = process.stderr.isTTY ? 250 : 5_000;
    if (!force && now - this.lastMs < everyMs) return;
    this.lastMs = now;
    const seconds = Math.max(0.001, (now - this.startedMs) / 1000);
    const rate = Math.round(done / seconds);
    const of = this.total ? `/${this.total} (${Math.floor((done / this.total) * 100)}%)` : '';
    const line = `${this.label}: ${done}${of}, ${rate}/s`;
    if (process.stderr.isTTY) process.stderr.write(`\r${line}\x1b[K`);
    else process.stderr.write(`${line}\n`);
  }

  done(done: number): void {
    this.update(done, true);
    if (this.enabled && process.stderr.isTTY) process.stderr.write('\n');
  }
}
