import { chDateTime, parseChDateTime } from '@hourglass/clickhouse';
import type { PartyKind } from '@hourglass/contracts';
import type { SanctionsEntry, SanctionsListId, SanctionsListVersion, SubjectType } from '../domain/entries';
import type { ReviewCase, ReviewDecisionRecord } from '../domain/review';
import type { ScreeningMatch } from '../domain/sanctions-index';
import type { ScreeningRecord } from '../ports';

export interface ListVersionRow {
  list: string;
  version: string;
  entries: number | string;
  names: number | string;
  source: string;
  loaded_at: string;
}

export interface EntryRow {
  list: string;
  version: string;
  entry_id: string;
  subject_type: string;
  name: string;
  aliases: string[];
  countries: string[];
  programs: string[];
}

export interface CaseRow {
  case_id: string;
  party_kind: string;
  party_id: string;
  party_name: string;
  party_country: string;
  auto_decision: string;
  matches: string;
  opened_at: string;
}

export interface DecisionRow {
  decision_id: string;
  case_id: string;
  decision: string;
  reason: string;
  actor: string;
  decided_at: string;
}

export const listVersionToRow = (v: SanctionsListVersion): ListVersionRow => ({
  list: v.list,
  version: v.version,
  entries: v.entries,
  names: v.names,
  source: v.source,
  loaded_at: chDateTime(v.loadedAtMs),
});

export const listVersionFromRow = (r: ListVersionRow): SanctionsListVersion => ({
  list: r.list as SanctionsListId,
  version: r.version,
  entries: Number(r.entries),
  names: Number(r.names),
  source: r.source,
  loadedAtMs: parseChDateTime(r.loaded_at),
});

export const entryToRow = (version: string, e: SanctionsEntry): EntryRow => ({
  list: e.list,
  version,
  entry_id: e.entryId,
  subject_type: e.subjectType,
  name: e.name,
  aliases: e.aliases,
  countries: e.countries,
  programs: e.programs,
});

export const entryFromRow = (r: EntryRow): SanctionsEntry => ({
  list: r.list as SanctionsListId,
  entryId: r.entry_id,
  subjectType: r.subject_type as SubjectType,
  name: r.name,
  aliases: r.aliases,
  countries: r.countries,
  programs: r.programs,
});

export const screeningToRow = (s: ScreeningRecord) => ({
  screening_id: s.screeningId,
  party_kind: s.party.kind,
  party_id: s.party.id,
  party_name: s.party.name,
  party_country: s.party.country ?? '',
  lists: s.lists,
  decision: s.decision,
  matches: JSON.stringify(s.matches),
  case_id: s.caseId ?? '',
  trigger: s.trigger,
  screened_at: chDateTime(s.screenedAtMs),
});

export const caseToRow = (c: ReviewCase): CaseRow => ({
  case_id: c.caseId,
  party_kind: c.party.kind,
  party_id: c.party.id,
  party_name: c.party.name,
  party_country: c.party.country ?? '',
  auto_decision: c.autoDecision,
  matches: JSON.stringify(c.matches),
  opened_at: chDateTime(c.openedAtMs),
});

export const caseFromRow = (r: CaseRow): ReviewCase => ({
  caseId: r.case_id,
  party: { kind: r.party_kind as PartyKind, id: r.party_id, name: r.party_name, country: r.party_country || null },
  autoDecision: r.auto_decision as ReviewCase['autoDecision'],
  matches: JSON.parse(r.matches) as ScreeningMatch[],
  openedAtMs: parseChDateTime(r.opened_at),
});

export const decisionToRow = (d: ReviewDecisionRecord): DecisionRow => ({
  decision_id: d.decisionId,
  case_id: d.caseId,
  decision: d.decision,
  reason: d.reason,
  actor: d.actor,
  decided_at: chDateTime(d.decidedAtMs),
});

export const decisionFromRow = (r: DecisionRow): ReviewDecisionRecord => ({
  decisionId: r.decision_id,
  caseId: r.case_id,
  decision: r.decision as ReviewDecisionRecord['decision'],
  reason: r.reason,
  actor: r.actor,
  decidedAtMs: parseChDateTime(r.decided_at),
});
