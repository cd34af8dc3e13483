import type { Span } from '@hourglass/time';
import { reservedKey, usageKey, type BilledReserved, type CreditGrant } from '../domain';
import type { BillingRepository, BillingRun, IssuedInvoice, UsageCutoff } from '../ports';

/**
 * The billing repository in memory, with the ClickHouse adapter's semantics where the contract suite
 * can observe them. Usage is seeded as covered pieces per rental (the union is the SQL's job, tested
 * against chDB elsewhere).
 */
export class InMemoryBillingRepository implements BillingRepository {
  readonly runRecords: BillingRun[] = [];
  readonly invoices = new Map<string, IssuedInvoice>();
  readonly entities = new Map<string, string>();
  readonly statusEvents = new Map<string, { invoiceId: string; status: string; atMs: number; reason: string; eventId: string }>();
  covered = new Map<string, Span[]>();
  grants: CreditGrant[] = [];
  watermark = 0;
  nowMs = 0;
  writes: string[] = [];

  async runs(period: string): Promise<BillingRun[]> {
    const byId = new Map<string, BillingRun>();
    for (const run of this.runRecords.filter((r) => r.period === period)) {
      const known = byId.get(run.runId);
      if (!known || run.status === 'completed') byId.set(run.runId, run);
    }
    return [...byId.values()];
  }

  async completedRuns(): Promise<BillingRun[]> {
    return this.runRecords.filter((r) => r.status === 'completed').sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
  }

  async unfinishedRuns(): Promise<BillingRun[]> {
    const completed = new Set(this.runRecords.filter((r) => r.status === 'completed').map((r) => r.runId));
    return this.runRecords.filter((r) => r.status === 'started' && !completed.has(r.runId));
  }

  async recordRun(run: BillingRun): Promise<void> {
    this.writes.push(`run:${run.status}`);
    this.runRecords.push({ ...run });
  }

  async usageWatermark(): Promise<number> {
    return this.watermark;
  }

  async coveredPieces(window: Span, _cutoff: UsageCutoff, rentalIds?: readonly string[]): Promise<Map<string, Span[]>> {
    const out = new Map<string, Span[]>();
    for (const [rentalId, pieces] of this.covered) {
      if (rentalIds && !rentalIds.includes(rentalId)) continue;
      const inside = pieces.filter((p) => p.endMs > window.startMs && p.startMs < window.endMs);
      if (inside.length > 0) out.set(rentalId, inside);
    }
    return out;
  }

  async clickhouseNowMs(): Promise<number> {
    return this.nowMs;
  }

  async rentalsWithUsageAfter(): Promise<string[]> {
    return [];
  }

  async billedUsage(excludeRunId: string): Promise<Map<string, bigint>> {
    const out = new Map<string, bigint>();
    for (const invoice of this.invoices.values()) {
      if (invoice.runId === excludeRunId) continue;
      for (const l of invoice.lines) {
        if (l.kind !== 'usage' && l.kind !== 'adjustment') continue;
        const key = usageKey(l.rentalId, l.priceBookVersion, l.servicePeriod);
        out.set(key, (out.get(key) ?? 0n) + l.gpuMs);
      }
    }
    return out;
  }

  async billedReserved(excludeRunId: string): Promise<Map<string, BilledReserved>> {
    const latest = new Map<string, { at: number; lineNo: number; gpuCount: number }>();
    for (const invoice of this.invoices.values()) {
      if (invoice.runId === excludeRunId) continue;
      invoice.lines.forEach((l, i) => {
        if (l.kind !== 'reserved') return;
        const key = reservedKey(l.rentalId, l.servicePeriod);
        const known = latest.get(key);
        if (!known || invoice.issuedAtMs > known.at || (invoice.issuedAtMs === known.at && i + 1 > known.lineNo)) {
          latest.set(key, { at: invoice.issuedAtMs, lineNo: i + 1, gpuCount: l.gpuCount });
        }
      });
    }
    return new Map([...latest].map(([key, v]) => [key, { gpuCount: v.gpuCount }]));
  }

  async creditGrants(): Promise<CreditGrant[]> {
    return this.grants.map((g) => ({ ...g }));
  }

  async maxInvoiceSeq(entity: string, year: number, excludeRunId: string): Promise<number> {
    return [...this.invoices.values()]
      .filter((i) => i.numberYear === year && i.runId !== excludeRunId && this.entities.get(i.invoiceId) === entity)
      .reduce((max, i) => Math.max(max, i.numberSeq), 0);
  }

  async writeInvoices(invoices: readonly IssuedInvoice[], entity: string): Promise<void> {
    this.writes.push(`invoices:${invoices.length}`);
    for (const invoice of invoices) {
      this.invoices.set(invoice.invoiceId, invoice);
      this.entities.set(invoice.invoiceId, entity);
    }
  }

  async writeStatusEvents(events: ReadonlyArray<{ invoiceId: string; status: string; atMs: number; reason: string; eventId: string }>): Promise<void> {
    this.writes.push(`status:${events.length}`);
    for (const e of events) this.statusEvents.set(`${e.invoiceId}:${e.eventId}`, e);
  }
}
