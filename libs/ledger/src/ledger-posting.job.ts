import type { Clock, FactFeed, LedgerMetrics, LedgerStore } from './ports';

export interface LedgerPostingOptions {
  /** Facts read and posted per page (one insert per page): bounds memory and a retried insert. */
  factsPerPageMax: number;
  /** Pages per kind of fact in one sync; what is left waits for the next sync. */
  pagesPerSyncMax: number;
}

export const DEFAULT_LEDGER_POSTING_OPTIONS: LedgerPostingOptions = { factsPerPageMax: 1_000, pagesPerSyncMax: 1_000 };

export interface LedgerSyncResult {
  /** Transactions appended by this sync, per kind of fact. */
  posted: Record<string, number>;
  /** False when a kind hit pagesPerSyncMax: the next sync continues. */
  complete: boolean;
}

/**
 * Posts what other modules recorded: it reads facts that have no transaction yet, turns each into one
 * through its pure template, and appends them. Its position is the ledger itself (a fact is pending
 * while no transaction has its id), so it keeps no cursor that could drift, a fact recorded late with
 * an early timestamp is still found, and a sync killed at any point is finished by the next one:
 * transaction ids are deterministic, so nothing is posted twice.
 *
 * Syncs in one process run one after another; replicas may race, and a transaction posted by both
 * folds into one under FINAL (same id, same postings).
 */
export class LedgerPostingJob {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly feeds: readonly FactFeed[],
    private readonly store: LedgerStore,
    private readonly clock: Clock,
    private readonly options: LedgerPostingOptions = DEFAULT_LEDGER_POSTING_OPTIONS,
    private readonly metrics: LedgerMetrics | null = null,
  ) {}

  /** Waits for a sync in progress, then runs one: a caller sees every fact recorded before it called. */
  sync(): Promise<LedgerSyncResult> {
    const run = this.tail.then(
      () => this.measured(),
      () => this.measured(),
    );
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async measured(): Promise<LedgerSyncResult> {
    const startedMs = this.clock.nowMs();
    try {
      const result = await this.runOnce();
      this.metrics?.syncFinished(result.posted, result.complete, (this.clock.nowMs() - startedMs) / 1000);
      return result;
    } catch (error) {
      this.metrics?.syncFailed();
      throw error;
    }
  }

  private async runOnce(): Promise<LedgerSyncResult> {
    const result: LedgerSyncResult = { posted: {}, complete: true };
    for (const feed of this.feeds) {
      let after = '';
      let posted = 0;
      let pages = 0;
      for (;;) {
        if (pages === this.options.pagesPerSyncMax) {
          result.complete = false;
          break;
        }
        pages += 1;
        const page = await feed.pending(after, this.options.factsPerPageMax);
        // A transaction without postings (a fact worth zero) is not stored; paging past it by id keeps
        // it from being read again in this sync.
        const nonEmpty = page.filter((t) => t.postings.length > 0);
        await this.store.append(nonEmpty, this.clock.nowMs());
        posted += nonEmpty.length;
        if (page.length < this.options.factsPerPageMax) break;
        after = page[page.length - 1]!.txnId;
      }
      result.posted[feed.kind] = posted;
    }
    return result;
  }
}
