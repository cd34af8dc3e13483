/**
 * Ports between modules that must not import each other: payouts and rentals ask risk whether a
 * party may be paid or may rent, without depending on how screening and KYC are done.
 */

export type PartyKind = 'customer' | 'operator';

export interface PartyRef {
  kind: PartyKind;
  id: string;
}

/** Sanctions screening's verdict on a party, as of now (CONTRACTS.md §8). */
export interface SanctionsGate {
  /** True while an unresolved `block` decision stands against the party. */
  isBlocked(party: PartyRef): Promise<boolean>;
}

/** Nest injection token for the `SanctionsGate` the risk module provides. */
export const SANCTIONS_GATE = Symbol('SanctionsGate');

/** A gate that blocks no one: for code run without the risk module (unit specs, one-off tools). */
export const NO_SANCTIONS: SanctionsGate = { isBlocked: async () => false };
