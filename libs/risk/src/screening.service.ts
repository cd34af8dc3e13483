import { DomainError, type Clock, type Outbox, type PartyRef, type SanctionsGate } from '@hourglass/contracts';
import { caseId, caseStanding, decisionId, partyKey, screeningId, type Party, type ReviewDecision, type ReviewDecisionRecord, type ScreeningTrigger } from './domain/review';
import { sanctionsSignalMessage } from './domain/risk-events';
import type { ScreeningResult } from './domain/sanctions-index';
import type { SanctionsListsService } from './sanctions-lists.service';
import { NO_SCREENING_METRICS, type CaseFilter, type PartySource, type ScreeningMetrics, type ScreeningStore, type StoredCase } from './ports';

export class InvalidScreeningRequestError extends DomainError {
  constructor(message: string) {
    super('invalid_screening_request', message);
  }
}

export class ScreeningCaseNotFoundError extends DomainError {
  constructor(id: string) {
    super('screening_case_not_found', `no screening case ${id}`, { caseId: id });
  }
}

export interface PartyScreening extends ScreeningResult {
  screeningId: string;
  caseId: string | null;
  /** Whether the screening was new (false: the same party, name, country and lists were screened before). */
  fresh: boolean;
}

export interface CaseView {
  caseId: string;
  party: Party;
  autoDecision: 'block' | 'review';
  standing: 'pending' | 'blocked' | 'cleared';
  matches: StoredCase['matches'];
  openedAt: string;
  decisions: Array<{ decision: ReviewDecision; reason: string; actor: string; decidedAt: string }>;
}

export interface SweepResult {
  parties: number;
  screened: number;
  blocked: number;
  review: number;
}

export interface DecideInput {
  caseId: string;
  decision: unknown;
  reason: unknown;
  actor: string;
  idempotencyKey: string | null;
}

const NAME_LENGTH_MAX = 300;
const REASON_LENGTH_MAX = 2_000;

/**
 * Screens names and parties against the lists in force, keeps the review queue, and answers the
 * SanctionsGate. A party is screened once per (name, country, list versions): the sweep finds the
 * parties whose newest screening is not that one (new, renamed, moved, or screened under older lists)
 * and screens them; the gate does the same for one party before a payout. A match opens a case; a
 * `block` case blocks the party until a reviewer clears it, and tells the control plane (RISK
 * stream, `risk.v1.signals`, action `suspend`) so that it stops new rentals.
 */
export class ScreeningService implements SanctionsGate {
  private readonly sources = new Map<string, PartySource>();

  constructor(
    private readonly lists: SanctionsListsService,
    private readonly store: ScreeningStore,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    sources: readonly PartySource[],
    private readonly metrics: ScreeningMetrics = NO_SCREENING_METRICS,
    /** Parties screened per sweep at most: bounds one tick; the next goes on. */
    private readonly sweepPartiesMax = 50_000,
  ) {
    for (const s of sources) this.sources.set(s.kind, s);
  }

  /** Adds where parties of one kind come from (operators, once their reference data exists). */
  addPartySource(source: PartySource): void {
    this.sources.set(source.kind, source);
  }

  /** An ad-hoc check (POST /v1/screenings, `hourglass screen`): nothing is stored. */
  screenName(name: unknown, country?: unknown): ScreeningResult {
    const checked = checkNameAndCountry(name, country);
    const started = this.clock.nowMs();
    const result = this.lists.current.screen(checked.name, checked.country);
    this.metrics.screened(result.decision, 'adhoc', (this.clock.nowMs() - started) / 1000);
    return result;
  }

  /**
   * Screens one party as it is now, stores the screening (once per name, country and lists), opens
   * or finds the case of its matches, and announces a new block. The function the lead calls when an
   * operator is created or changed: `screenParty({kind: 'operator', id, name, country}, 'changed')`.
   */
  async screenParty(party: Party, trigger: ScreeningTrigger): Promise<PartyScreening> {
    const checked = checkNameAndCountry(party.name, party.country);
    const subject: Party = { kind: party.kind, id: party.id, name: checked.name, country: checked.country };
    const lists = this.lists.fingerprint;
    const id = screeningId(subject, lists);
    const started = this.clock.nowMs();
    const result = this.lists.current.screen(subject.name, subject.country);
    const nowMs = this.clock.nowMs();
    this.metrics.screened(result.decision, trigger, (nowMs - started) / 1000);
    if (result.decision === 'clear') {
      await this.store.record({ screeningId: id, party: subject, lists, decision: 'clear', matches: [], caseId: null, trigger, screenedAtMs: nowMs }, null);
      return { ...result, screeningId: id, caseId: null, fresh: true };
    }
    const theCase = caseId(subject, result.matches);
    const existing = await this.store.case(theCase);
    const opened = existing ? null : { caseId: theCase, party: subject, autoDecision: result.decision, matches: result.matches, openedAtMs: nowMs };
    // The signal goes to the outbox before the case is stored: a crash in between leaves a message
    // naming a case about to be written again by the retry (the same id), never a block nobody announced.
    if (opened && opened.autoDecision === 'block') {
      await this.outbox.enqueue(
        [sanctionsSignalMessage({ rule: 'sanctions', action: 'suspend', party: { kind: subject.kind, id: subject.id }, caseId: theCase, reason: 'sanctions', matches: result.matches, at: new Date(nowMs).toISOString() }, 'auto')],
        `risk:${theCase}:auto`,
      );
    }
    await this.store.record({ screeningId: id, party: subject, lists, decision: result.decision, matches: result.matches, caseId: theCase, trigger, screenedAtMs: nowMs }, opened);
    return { ...result, screeningId: id, caseId: theCase, fresh: true };
  }

  /**
   * Screens every party whose newest screening is not the one its current name, country and the
   * lists in force would give: new and changed parties, and everyone after a list refresh.
   */
  async sweep(isStillHeld: () => Promise<void> = async () => undefined): Promise<SweepResult> {
    await this.lists.refreshFromStore();
    const lists = this.lists.fingerprint;
    const result: SweepResult = { parties: 0, screened: 0, blocked: 0, review: 0 };
    // Nothing to screen against yet: a screening now would only have to be redone.
    if (lists === '') return result;
    const latest = await this.store.latestScreenings();
    for (const source of this.sources.values()) {
      const parties = await source.all();
      result.parties += parties.length;
      for (const party of parties) {
        if (result.screened >= this.sweepPartiesMax) return result;
        if (!validParty(party)) continue;
        const previous = latest.get(partyKey(party));
        if (previous?.screeningId === screeningId(party, lists)) continue;
        if (result.screened % 500 === 0) await isStillHeld();
        // The trigger is for the audit trail: the same name and country screened again means the lists changed.
        const sameParty = previous !== undefined && previous.name === party.name.trim() && previous.country === (party.country ? party.country.toUpperCase() : null);
        const screening = await this.screenParty(party, sameParty ? 'refresh' : 'changed');
        result.screened++;
        if (screening.decision === 'block') result.blocked++;
        if (screening.decision === 'review') result.review++;
      }
    }
    return result;
  }

  /** SanctionsGate: screened as of now (a payout never waits for the sweep), then any standing block. */
  async isBlocked(party: PartyRef): Promise<boolean> {
    const source = this.sources.get(party.kind);
    const lists = this.lists.fingerprint;
    if (source && lists !== '') {
      const current = await source.find(party.id);
      if (current && validParty(current)) {
        const latest = await this.store.latestScreening(party);
        if (latest?.screeningId !== screeningId(current, lists)) await this.screenParty(current, 'payout');
      }
    }
    const cases = await this.store.casesOf(party);
    return cases.some((c) => caseStanding(c.autoDecision, c.decisions) === 'blocked');
  }

  async reviews(filter: Partial<CaseFilter>): Promise<CaseView[]> {
    const limit = filter.limit ?? 100;
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > 1000) throw new InvalidScreeningRequestError('limit must be a whole number from 1 to 1000');
    const cases = await this.store.cases({ status: filter.status ?? 'pending', partyKind: filter.partyKind, partyId: filter.partyId, before: filter.before, limit });
    return cases.map(view);
  }

  async review(id: string): Promise<CaseView> {
    const found = await this.store.case(id);
    if (!found) throw new ScreeningCaseNotFoundError(id);
    return view(found);
  }

  /**
   * A reviewer's decision, appended with who and why. Retried with the same idempotency key it is the
   * same decision. Clearing a blocking case tells the control plane to reinstate the party unless
   * another case still blocks it; blocking a case that did not block tells it to suspend.
   */
  async decide(input: DecideInput): Promise<CaseView> {
    if (input.decision !== 'clear' && input.decision !== 'block') throw new InvalidScreeningRequestError('decision must be clear or block');
    if (typeof input.reason !== 'string' || input.reason.trim() === '') throw new InvalidScreeningRequestError('a reason is required: the audit trail says why');
    if (input.reason.length > REASON_LENGTH_MAX) throw new InvalidScreeningRequestError(`reason is longer than ${REASON_LENGTH_MAX} characters`);
    const found = await this.store.case(input.caseId);
    if (!found) throw new ScreeningCaseNotFoundError(input.caseId);
    const nowMs = this.clock.nowMs();
    const id = decisionId(found.caseId, input.idempotencyKey ?? `${input.actor}:${input.decision}:${input.reason}:${nowMs}`);
    if (found.decisions.some((d) => d.decisionId === id)) return view(found);
    const before = caseStanding(found.autoDecision, found.decisions);
    const record: ReviewDecisionRecord = { decisionId: id, caseId: found.caseId, decision: input.decision, reason: input.reason.trim(), actor: input.actor, decidedAtMs: nowMs };
    const after = caseStanding(found.autoDecision, [...found.decisions, record]);
    const party: PartyRef = { kind: found.party.kind, id: found.party.id };
    if (before !== 'blocked' && after === 'blocked') {
      await this.outbox.enqueue([sanctionsSignalMessage({ rule: 'sanctions', action: 'suspend', party, caseId: found.caseId, reason: 'sanctions', matches: found.matches, at: new Date(nowMs).toISOString() }, id)], `risk:${id}`);
    } else if (before === 'blocked' && after === 'cleared') {
      const others = (await this.store.casesOf(party)).filter((c) => c.caseId !== found.caseId && caseStanding(c.autoDecision, c.decisions) === 'blocked');
      if (others.length === 0) {
        await this.outbox.enqueue([sanctionsSignalMessage({ rule: 'sanctions', action: 'reinstate', party, caseId: found.caseId, reason: 'sanctions', matches: found.matches, at: new Date(nowMs).toISOString() }, id)], `risk:${id}`);
      }
    }
    await this.store.appendDecision(record);
    this.metrics.reviewed(input.decision);
    return view({ ...found, decisions: [...found.decisions, record] });
  }
}

function validParty(party: Party): boolean {
  return typeof party.name === 'string' && party.name.trim() !== '' && party.name.length <= NAME_LENGTH_MAX;
}

function checkNameAndCountry(name: unknown, country: unknown): { name: string; country: string | null } {
  if (typeof name !== 'string' || name.trim() === '') throw new InvalidScreeningRequestError('name is required');
  if (name.length > NAME_LENGTH_MAX) throw new InvalidScreeningRequestError(`name is longer than ${NAME_LENGTH_MAX} characters`);
  if (country === undefined || country === null || country === '') return { name: name.trim(), country: null };
  if (typeof country !== 'string' || !/^[A-Za-z]{2}$/.test(country)) throw new InvalidScreeningRequestError('country is an ISO 3166-1 alpha-2 code, e.g. DE');
  return { name: name.trim(), country: country.toUpperCase() };
}

function view(c: StoredCase): CaseView {
  const decisions = [...c.decisions].sort((a, b) => a.decidedAtMs - b.decidedAtMs || a.decisionId.localeCompare(b.decisionId));
  return {
    caseId: c.caseId,
    party: c.party,
    autoDecision: c.autoDecision,
    standing: caseStanding(c.autoDecision, c.decisions),
    matches: c.matches,
    openedAt: new Date(c.openedAtMs).toISOString(),
    decisions: decisions.map((d) => ({ decision: d.decision, reason: d.reason, actor: d.actor, decidedAt: new Date(d.decidedAtMs).toISOString() })),
  };
}
