import type { Clock, Outbox, PartyKind, PartyRef } from '@hourglass/contracts';
import type { FiredRule, FraudRule, FraudThresholds, SignalWindow } from './domain/fraud-rules';
import type { SanctionsEntry, SanctionsListId, SanctionsListVersion } from './domain/entries';
import type { Party, ReviewCase, ReviewDecisionRecord, ScreeningTrigger } from './domain/review';
import type { ScreeningMatch } from './domain/sanctions-index';
import type { ScreeningDecision } from './domain/screening-decision';

export type { Clock, Outbox };

/**
 * Where the parties of one kind come from (customers from reference data; operators once payouts
 * adds them). Screening asks for everyone on each sweep and for one party before a payout.
 */
export interface PartySource {
  readonly kind: PartyKind;
  /** The current version of every party of this kind. */
  all(): Promise<Party[]>;
  find(id: string): Promise<Party | null>;
}

/** Loaded list versions and their entries, append-only. */
export interface SanctionsListStore {
  append(version: SanctionsListVersion, entries: readonly SanctionsEntry[]): Promise<void>;
  /** The version in force of each list: the newest loaded. */
  current(): Promise<SanctionsListVersion[]>;
  history(): Promise<SanctionsListVersion[]>;
  entries(list: SanctionsListId, version: string): Promise<SanctionsEntry[]>;
}

export interface ScreeningRecord {
  screeningId: string;
  party: Party;
  lists: string;
  decision: ScreeningDecision;
  matches: ScreeningMatch[];
  caseId: string | null;
  trigger: ScreeningTrigger;
  screenedAtMs: number;
}

export interface LatestScreening {
  screeningId: string;
  name: string;
  country: string | null;
}

export interface CaseFilter {
  status?: 'pending' | 'decided' | 'all';
  partyKind?: PartyKind;
  partyId?: string;
  /** Cases listed after this one (the last of the previous page), newest first. */
  before?: string;
  limit: number;
}

export interface StoredCase extends ReviewCase {
  decisions: ReviewDecisionRecord[];
}

/** Screenings, the review queue and reviewers' decisions, append-only. */
export interface ScreeningStore {
  /** Stores the screening and, when it opened one, its case (a case already there is left as it is). */
  record(screening: ScreeningRecord, opened: ReviewCase | null): Promise<void>;
  /** Each party's newest screening, by `kind:id`. */
  latestScreenings(): Promise<Map<string, LatestScreening>>;
  latestScreening(party: PartyRef): Promise<LatestScreening | null>;
  case(caseId: string): Promise<StoredCase | null>;
  cases(filter: CaseFilter): Promise<StoredCase[]>;
  /** Every case of the party, with its decisions. */
  casesOf(party: PartyRef): Promise<StoredCase[]>;
  appendDecision(decision: ReviewDecisionRecord): Promise<void>;
}

/** Counters for /metrics; the adapter names them. */
export interface ScreeningMetrics {
  screened(decision: ScreeningDecision, trigger: ScreeningTrigger | 'adhoc', seconds: number): void;
  reviewed(decision: 'clear' | 'block'): void;
  listLoaded(list: SanctionsListId, names: number): void;
}

export const NO_SCREENING_METRICS: ScreeningMetrics = { screened: () => undefined, reviewed: () => undefined, listLoaded: () => undefined };

export interface StoredSignal extends FiredRule {
  signalId: string;
  window: SignalWindow;
  detectedAtMs: number;
}

/** Runs the rules' SQL and keeps what fired. */
export interface FraudSignalStore {
  evaluate(rule: FraudRule, window: SignalWindow, thresholds: FraudThresholds): Promise<FiredRule[]>;
  append(signals: readonly StoredSignal[]): Promise<void>;
  list(filter: { rule?: FraudRule; limit: number }): Promise<StoredSignal[]>;
}

export interface FraudSignalMetrics {
  fired(rule: FraudRule, count: number): void;
}
