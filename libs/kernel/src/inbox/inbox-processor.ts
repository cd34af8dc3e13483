import type { Clock } from '@hourglass/contracts';
import type { Inbox, InboxEntry, InboxProcessed } from './ports';

export interface InboxProcessorResult {
  processed: number;
  /** Entries whose handler threw: left pending, retried on the next call. */
  failed: number;
}

/**
 * Runs a handler over the pending entries of one provider, oldest first, and marks each processed
 * after its handler returned. A process killed between the two runs the handler again for that
 * entry: handlers must be idempotent by the entry's key (they are the dedup point, see Inbox.store).
 */
export class InboxProcessor {
  constructor(
    private readonly inbox: Inbox,
    private readonly clock: Clock,
    private readonly batchMax: number,
  ) {}

  async processPending(provider: string, handle: (entry: InboxEntry) => Promise<string>): Promise<InboxProcessorResult> {
    const entries = await this.inbox.pending(provider, this.batchMax);
    const marks: InboxProcessed[] = [];
    let failed = 0;
    for (const entry of entries) {
      try {
        const outcome = await handle(entry);
        marks.push({ provider, key: entry.key, outcome, processedAtMs: this.clock.nowMs() });
      } catch {
        failed += 1;
      }
    }
    await this.inbox.markProcessed(marks);
    return { processed: marks.length, failed };
  }
}
