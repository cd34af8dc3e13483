import { createHash } from 'node:crypto';
import { DomainError, outgoingEventMessage, type Clock, type Outbox } from '@hourglass/contracts';
import { formatMoney, isKnownCurrency, isRoundedToMinor } from '@hourglass/money';
import { Period } from '@hourglass/time';
import { accuracyBreaks } from './domain/accuracy';
import { ageDays, eventIdOf, nextStatus, severityOf, BREAK_STATUSES, BREAK_TYPES, type Break, type BreakAction, type BreakEvent, type BreakStatus, type BreakType, type Severity } from './domain/breaks';
import { reconcile, type InFlight, type PeriodWindow } from './domain/matching-engine';
import { DAY_MS, sortedRules, type ReconConfig } from './domain/rules';
import { parseSettlementReport } from './domain/settlement-reports';
import { parseBankStatement } from './domain/bank-statements';
import { reconcilePayouts, type PayoutInFlight } from './domain/payout-matching';
import { pspBalanceChecks } from './domain/psp-balances';
import type { BreakFilter, CleanPairs, PayoutReconStore, ReconStore, StoredBreak } from './ports';

/** A break as `hourglass breaks --json` and `GET /v1/breaks` print it (CONTRACTS §9, plus a few fields). */
export interface BreakView {
  breakId: string;
  type: BreakType;
  status: BreakStatus;
  currency: string;
  amount: string;
  openedAt: string;
  ageDays: number;
  severity: Severity;
  period: string;
  provider: string;
  deltaGpuMs: number;
  refs: Record<string, unknown>;
  statusAt: string | null;
  actor: string;
  assignee: string;
  reason: string;
}

export interface ImportResult {
  importId: string;
  provider: string;
  lines: number;
  alreadyImported: boolean;
  categories: Record<string, number>;
}

export interface RunResult {
  period: string;
  matches: Record<string, number>;
  breaks: Record<string, number>;
  opened: number;
  autoResolved: number;
  inFlight: InFlight[];
  /** Payout batches sent and not booked by the bank yet, inside HOURGLASS_RECON_PAYOUT_WINDOW_DAYS. */
  payoutsInFlight: PayoutInFlight[];
  payouts: Array<{ provider: string; payoutId: string; currency: string; lines: number; net: string; expectedNet: string; difference: string }>;
}

/** A decimal string in the currency's minor units (an amount finer than them, or without a currency: as is). */
function money(amount: Break['amount'], currency: string): string {
  return isKnownCurrency(currency) && isRoundedToMinor(amount, currency) ? formatMoney(amount, currency) : amount.toFixed();
}

export const SYSTEM_ACTOR = 'system:recon';
const MAX_PAGE = 1000;

/**
 * Imports, runs and the break lifecycle. A run is idempotent: matches and breaks have ids derived
 * from what they are about, a break already known keeps its status (and is not announced again), and
 * a break of the period that the run no longer finds is resolved by `system:recon`.
 */
export class ReconciliationService {
  constructor(
    private readonly store: ReconStore,
    private readonly clock: Clock,
    private readonly outbox: Outbox,
    private readonly config: ReconConfig,
    private readonly bank: PayoutReconStore | null = null,
  ) {}

  /** A bank statement of the payout account (camt.053-lite CSV); the same file twice changes nothing. */
  async importBankStatement(content: string, fileName: string): Promise<{ importId: string; lines: number; alreadyImported: boolean; debits: number; credits: number }> {
    if (!this.bank) throw new DomainError('not_configured', 'bank statements are not wired in this app');
    if (typeof content !== 'string' || content.trim() === '') throw new DomainError('invalid_document', 'the bank statement is empty');
    const statement = parseBankStatement(content);
    const { alreadyImported } = await this.bank.importBankStatement(statement, fileName, this.clock.nowMs());
    const debits = statement.lines.filter((l) => l.direction === 'debit').length;
    return { importId: statement.importId, lines: statement.lines.length, alreadyImported, debits, credits: statement.lines.length - debits };
  }

  async importReport(provider: string, content: string, fileName: string): Promise<ImportResult> {
    if (typeof content !== 'string' || content.trim() === '') throw new DomainError('invalid_document', 'the settlement report is empty');
    const report = parseSettlementReport(provider, content);
    const { alreadyImported } = await this.store.importReport(report, fileName, this.clock.nowMs());
    const categories: Record<string, number> = {};
    for (const l of report.lines) categories[l.category] = (categories[l.category] ?? 0) + 1;
    return { importId: report.importId, provider: report.provider, lines: report.lines.length, alreadyImported, categories };
  }

  async run(periodText: string): Promise<RunResult> {
    const p = Period.parse(periodText);
    const period: PeriodWindow = { id: p.toString(), startMs: p.startMs, endMs: p.endMs };
    const nowMs = this.clock.nowMs();
    if (period.startMs > nowMs) throw new DomainError('period_not_ended', `${period.id} has not started yet`);
    const lookback = this.config.lookbackDays * DAY_MS;
    // The exact rule's clean one-to-one pairs are matched in ClickHouse (when it is the first rule);
    // the engine decides everything else.
    const first = sortedRules(this.config.rules)[0];
    const clean: CleanPairs | null =
      first?.kind === 'exact'
        ? {
            ruleId: first.id,
            maxLagMs: first.maxLagDays * DAY_MS,
            schedules: this.config.feeSchedules,
            lineFromMs: period.startMs - lookback,
            lineToMs: period.endMs + lookback,
            payFromMs: period.startMs - lookback,
            payToMs: period.endMs,
          }
        : null;
    const cleanCount = clean ? await this.store.recordCleanPairs(clean, period.id, nowMs) : 0;
    const cleanRun = clean ? { period: period.id, ruleId: clean.ruleId, atMs: nowMs } : null;
    const lines = await this.store.settlementItems(period.startMs - lookback, period.endMs + lookback, cleanRun);
    const payments = await this.store.capturedPayments(period.startMs - lookback, period.endMs, cleanRun);
    const invoices = await this.store.invoicePayments(period.startMs, period.endMs);
    const payouts = await this.store.payoutTotals(period, this.config.feeSchedules);
    const result = reconcile({ period, nowMs, lines, payments, invoices, payouts, config: this.config });
    const meteredRated = await this.store.meteredRatedDiffs(period);
    const invoiced = await this.store.invoicedDiffs(period);
    const shares = await this.store.sharesDiffs(period);
    const trialBalance = await this.store.trialBalance();
    const bankSide = this.bank ? await this.bankPairs(period, nowMs) : { matches: [], breaks: [], inFlight: [] };
    const breaks = [...result.breaks, ...bankSide.breaks, ...accuracyBreaks({ period, meteredRated, invoiced, shares, trialBalance })];

    await this.store.writeMatches(period.id, [...result.matches, ...bankSide.matches], nowMs);
    await this.store.writeBreaks(breaks);
    const known = await this.store.breakStatuses(period.id);
    const found = new Set(breaks.map((b) => b.breakId));
    const fresh = breaks.filter((b) => !known.has(b.breakId));
    const gone = [...known].filter(([id, status]) => !found.has(id) && (status === 'open' || status === 'assigned')).map(([id]) => id);
    const events: BreakEvent[] = [
      ...fresh.map((b) => ({ breakId: b.breakId, eventId: 'open', status: 'open' as const, actor: SYSTEM_ACTOR, assignee: '', reason: `found by the run of ${period.id}`, atMs: nowMs })),
      ...gone.sort().map((id) => ({
        breakId: id,
        eventId: eventIdOf(id, 'auto-resolve', String(nowMs)),
        status: 'resolved' as const,
        actor: SYSTEM_ACTOR,
        assignee: '',
        reason: `no longer found by the run of ${period.id} at ${new Date(nowMs).toISOString()}`,
        atMs: nowMs,
      })),
    ];
    // The events before the announcements: a break is announced only once it exists for readers.
    await this.store.appendEvents(events);
    if (fresh.length > 0) {
      const messages = fresh.map((b) => breakOpenedMessage(b, nowMs));
      const digest = createHash('sha256').update(fresh.map((b) => b.breakId).join(',')).digest('hex');
      await this.outbox.enqueue(messages, `break.opened:${period.id}:${digest}`);
    }

    const count = <T>(xs: readonly T[], key: (x: T) => string) => xs.reduce<Record<string, number>>((acc, x) => ({ ...acc, [key(x)]: (acc[key(x)] ?? 0) + 1 }), {});
    const matchCounts: Record<string, number> = clean && cleanCount > 0 ? { [clean.ruleId]: cleanCount } : {};
    for (const m of [...result.matches, ...bankSide.matches]) matchCounts[m.ruleId] = (matchCounts[m.ruleId] ?? 0) + 1;
    return {
      period: period.id,
      matches: matchCounts,
      breaks: count(breaks, (b) => b.type),
      opened: fresh.length,
      autoResolved: gone.length,
      inFlight: result.inFlight,
      payoutsInFlight: bankSide.inFlight,
      payouts: result.payouts,
    };
  }

  /**
   * Payout batches ↔ bank entries, and the ledger's settlement balances ↔ the processors' reports
   * as of the period's end (or now, for the running period).
   */
  private async bankPairs(period: PeriodWindow, nowMs: number) {
    const bank = this.bank!;
    const lookback = this.config.lookbackDays * DAY_MS;
    const items = await bank.sentPayoutItems(period.startMs - lookback, period.endMs);
    const bankLines = await bank.bankLines(period.startMs - lookback, period.endMs + lookback);
    const payouts = reconcilePayouts({ period, nowMs, items, bankLines, windowDays: this.config.payoutWindowDays });
    const cutoffMs = Math.min(period.endMs, nowMs);
    const balances = pspBalanceChecks(period, cutoffMs, await bank.pspBalances(cutoffMs));
    return { matches: [...payouts.matches, ...balances.matches], breaks: [...payouts.breaks, ...balances.breaks], inFlight: payouts.inFlight };
  }

  async list(query: { status?: string; type?: string; period?: string; currency?: string; provider?: string; cursor?: string; limit?: number }): Promise<{ breaks: BreakView[]; nextCursor: string | null }> {
    if (query.status !== undefined && !(BREAK_STATUSES as readonly string[]).includes(query.status)) throw new DomainError('bad_request', `status must be one of ${BREAK_STATUSES.join(', ')}`);
    if (query.type !== undefined && !(BREAK_TYPES as readonly string[]).includes(query.type)) throw new DomainError('bad_request', `type must be one of ${BREAK_TYPES.join(', ')}`);
    if (query.period !== undefined) Period.parse(query.period);
    const limit = query.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) throw new DomainError('invalid_limit', `limit is a whole number from 1 to ${MAX_PAGE}`);
    let afterId: string | undefined;
    if (query.cursor !== undefined) {
      afterId = Buffer.from(query.cursor, 'base64url').toString('utf8');
      if (!/^brk_[0-9a-f]{24}$/.test(afterId)) throw new DomainError('invalid_cursor', 'the cursor is not one this API gave');
    }
    const filter: BreakFilter = {
      status: query.status as BreakStatus | undefined,
      type: query.type as BreakType | undefined,
      period: query.period,
      currency: query.currency,
      provider: query.provider,
      afterId,
      limit: limit + 1,
    };
    const rows = await this.store.listBreaks(filter);
    const page = rows.slice(0, limit);
    const nowMs = this.clock.nowMs();
    return {
      breaks: page.map((b) => this.view(b, nowMs)),
      nextCursor: rows.length > limit ? Buffer.from(page[page.length - 1]!.breakId, 'utf8').toString('base64url') : null,
    };
  }

  async get(breakId: string): Promise<BreakView> {
    const found = await this.store.breakById(breakId);
    if (!found) throw new DomainError('not_found', `no break ${breakId}`);
    return this.view(found, this.clock.nowMs());
  }

  /**
   * assign, resolve or write off. With an Idempotency-Key the event's id comes from the key, so a retry
   * finds the first attempt's event and answers the break as it is, without a second event.
   */
  async act(breakId: string, action: BreakAction, input: { reason?: string; assignee?: string }, actor: string, idempotencyKey?: string): Promise<BreakView> {
    const reason = (input.reason ?? '').trim();
    if (action !== 'assign' && reason === '') throw new DomainError('bad_request', `a reason is required to ${action} a break`);
    if (idempotencyKey !== undefined && !/^[\x21-\x7e]{1,255}$/.test(idempotencyKey)) throw new DomainError('invalid_idempotency_key', 'an Idempotency-Key is 1 to 255 printable ASCII characters');
    const current = await this.store.breakById(breakId);
    if (!current) throw new DomainError('not_found', `no break ${breakId}`);
    const nowMs = this.clock.nowMs();
    const eventId = eventIdOf(breakId, action, idempotencyKey ?? `${actor}:${nowMs}`);
    if (idempotencyKey !== undefined && (await this.store.eventById(breakId, eventId))) return this.view(current, nowMs);
    const status = nextStatus(current.status, action);
    const assignee = action === 'assign' ? (input.assignee ?? '').trim() || actor : current.assignee;
    await this.store.appendEvents([{ breakId, eventId, status, actor, assignee, reason, atMs: nowMs }]);
    return this.view({ ...current, status, statusAtMs: nowMs, actor, assignee, reason }, nowMs);
  }

  private view(b: StoredBreak, nowMs: number): BreakView {
    const age = ageDays(b.openedAtMs, nowMs);
    return {
      breakId: b.breakId,
      type: b.type,
      status: b.status,
      currency: b.currency,
      amount: money(b.amount, b.currency),
      openedAt: new Date(b.openedAtMs).toISOString(),
      ageDays: age,
      severity: severityOf(b, age, this.config.severity),
      period: b.period,
      provider: b.provider,
      deltaGpuMs: b.deltaGpuMs,
      refs: b.refs,
      statusAt: b.statusAtMs > 0 ? new Date(b.statusAtMs).toISOString() : null,
      actor: b.actor,
      assignee: b.assignee,
      reason: b.reason,
    };
  }
}

/** CONTRACTS §12 `break.opened`: id `break.opened:<breakId>`, once per break. */
export function breakOpenedMessage(b: Break, atMs: number) {
  return outgoingEventMessage({
    type: 'break.opened',
    id: `break.opened:${b.breakId}`,
    timeMs: atMs,
    subject: `break/${b.breakId}`,
    data: { breakId: b.breakId, type: b.type, period: b.period, provider: b.provider, currency: b.currency, amount: money(b.amount, b.currency), openedAt: new Date(b.openedAtMs).toISOString(), refs: b.refs },
  });
}
