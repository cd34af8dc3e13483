import type { PartyKind } from '@hourglass/contracts';

export const KYC_STATES = ['unverified', 'pending', 'verified', 'rejected', 'expired'] as const;
export type KycState = (typeof KYC_STATES)[number];
export const PARTY_KINDS: readonly PartyKind[] = ['operator', 'customer'];

/** One change of a party's KYC state: who decided it and why. Appended, never changed. */
export interface KycFact {
  factId: string;
  kind: PartyKind;
  partyId: string;
  state: KycState;
  actor: string;
  reason: string;
  atMs: number;
}

export function isKycState(s: unknown): s is KycState {
  return typeof s === 'string' && (KYC_STATES as readonly string[]).includes(s);
}

export function isPartyKind(s: unknown): s is PartyKind {
  return s === 'operator' || s === 'customer';
}

/**
 * The current state is the latest fact by (at, factId); a party with no fact is `unverified`.
 * Ordering by the fact's own time, not arrival, makes the answer the same whatever order facts came in.
 */
export function currentKycState(facts: readonly KycFact[]): KycState {
  let latest: KycFact | null = null;
  for (const f of facts) {
    if (!latest || f.atMs > latest.atMs || (f.atMs === latest.atMs && f.factId > latest.factId)) latest = f;
  }
  return latest?.state ?? 'unverified';
}
