import type { Outbox, OutboxMessage, OutboxStore, StoredOutboxMessage } from './ports';

/**
 * The outbox contract in memory: positions are given by the test (`nowUs`), so a spec can place an
 * insert that becomes visible late below messages already delivered.
 */
export class InMemoryOutbox implements Outbox, OutboxStore {
  readonly rows: StoredOutboxMessage[] = [];
  readonly delivered = new Set<string>();
  private readonly progressByRelay = new Map<string, number>();
  private readonly tokens = new Set<string>();
  nowUs = 1_000_000_000;

  async enqueue(messages: readonly OutboxMessage[], dedupToken: string): Promise<void> {
    if (this.tokens.has(dedupToken)) return;
    this.tokens.add(dedupToken);
    for (const m of messages) this.rows.push({ ...m, positionUs: this.nowUs++ });
  }

  /** A row that becomes visible only now, stamped at `positionUs` (an insert that ran long). */
  insertLate(message: OutboxMessage, positionUs: number): void {
    this.rows.push({ ...message, positionUs });
  }

  async progress(relay: string): Promise<number> {
    return this.progressByRelay.get(relay) ?? 0;
  }

  async undelivered(afterUs: number, limit: number): Promise<StoredOutboxMessage[]> {
    const seen = new Set<string>();
    return this.sorted()
      .filter((r) => r.positionUs > afterUs && !this.delivered.has(r.id) && !seen.has(r.id) && seen.add(r.id))
      .slice(0, limit);
  }

  async firstUndelivered(afterUs: number): Promise<number | null> {
    return this.sorted().find((r) => r.positionUs > afterUs && !this.delivered.has(r.id))?.positionUs ?? null;
  }

  async settledPosition(settleMs: number): Promise<number> {
    return this.nowUs - settleMs * 1000;
  }

  async recordDeliveries(_relay: string, messages: readonly StoredOutboxMessage[]): Promise<void> {
    for (const m of messages) this.delivered.add(m.id);
  }

  async recordProgress(relay: string, positionUs: number): Promise<void> {
    this.progressByRelay.set(relay, positionUs);
  }

  private sorted(): StoredOutboxMessage[] {
    return [...this.rows].sort((a, b) => a.positionUs - b.positionUs || (a.id < b.id ? -1 : 1));
  }
}
