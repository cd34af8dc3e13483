import { createHash } from 'node:crypto';
import type { PartyKind, PartyRef } from '@hourglass/contracts';
import { normalizeName } from './normalize';
import type { ScreeningMatch } from './sanctions-index';
import type { ScreeningDecision } from './screening-decision';

/** A customer or operator as screening sees it: whatever else it is, it has a name and maybe a country. */
export interface Party extends PartyRef {
  name: string;
  country: string | null;
}

export type ReviewDecision = 'clear' | 'block';
export const REVIEW_DECISIONS: readonly ReviewDecision[] = ['clear', 'block'];

/** Why a party was screened. */
export type ScreeningTrigger = 'changed' | 'refresh' | 'payout' | 'manual';

export interface ReviewCase {
  caseId: string;
  party: Party;
  /** What the matcher decided: a `block` case blocks until a reviewer clears it. */
  autoDecision: Exclude<ScreeningDecision, 'clear'>;
  matches: ScreeningMatch[];
  openedAtMs: number;
}

export interface ReviewDecisionRecord {
  decisionId: string;
  caseId: string;
  decision: ReviewDecision;
  reason: string;
  actor: string;
  decidedAtMs: number;
}

export type CaseStanding = 'pending' | 'blocked' | 'cleared';

function digest(parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 24);
}

export function partyKey(party: { kind: PartyKind; id: string }): string {
  return `${party.kind}:${party.id}`;
}

/** The fingerprint of the lists screened against, `eu:<version>,ofac_sdn:<version>`, sorted. */
export function listsFingerprint(versions: ReadonlyArray<{ list: string; version: string }>): string {
  return versions
    .map((v) => `${v.list}:${v.version}`)
    .sort()
    .join(',');
}

/**
 * One screening per party, name, country and list versions: screening it again with nothing changed
 * is the same row, and a change of any of the four is a new screening.
 */
export function screeningId(party: Party, lists: string): string {
  return `scr_${digest([party.kind, party.id, normalizeName(party.name), party.country ?? '', lists])}`;
}

/**
 * One case per party, name screened and set of matched entries: a refreshed list that matches the
 * same entries finds the case, and the reviewer's decision on it, still standing; a new entry matched
 * opens a new case. Scores are not part of it: a rescored match is the same question for a reviewer.
 */
export function caseId(party: Party, matches: readonly ScreeningMatch[]): string {
  const entries = matches.map((m) => `${m.list}:${m.entryId}`).sort();
  return `case_${digest([party.kind, party.id, normalizeName(party.name), party.country ?? '', ...entries])}`;
}

/** A decision retried with the same idempotency key is the same decision. */
export function decisionId(caseIdValue: string, idempotencyKey: string): string {
  return `dec_${digest([caseIdValue, idempotencyKey])}`;
}

/**
 * Where a case stands: the newest reviewer decision if there is one (decisions are appended, never
 * changed, so a later decision overrides an earlier one), else what the matcher decided. A `block`
 * case blocks until a reviewer clears it; a `review` case blocks nothing unless a reviewer blocks it.
 */
export function caseStanding(autoDecision: ReviewCase['autoDecision'], decisions: readonly ReviewDecisionRecord[]): CaseStanding {
  const latest = [...decisions].sort((a, b) => a.decidedAtMs - b.decidedAtMs || a.decisionId.localeCompare(b.decisionId)).at(-1);
  if (latest) return latest.decision === 'block' ? 'blocked' : 'cleared';
  return autoDecision === 'block' ? 'blocked' : 'pending';
}
