import type Big from 'big.js';
import { DomainError, type Clock, type Outbox, type PartyKind } from '@hourglass/contracts';
import { dec, formatMoney } from '@hourglass/money';
import { currentKycState, isKycState, isPartyKind, type KycFact, type KycState } from './kyc';
import type { EarningsSource, KycRepository } from '../ports';

export const KYC_REQUIRED_SUBJECT = 'billing.v1.kyc.verification_required';

export interface KycView {
  kind: PartyKind;
  id: string;
  state: KycState;
  history: Array<{ state: KycState; actor: string; reason: string; at: string }>;
}

/** KYC states of operators and customers as append-only facts with who and why. */
export class KycService {
  constructor(
    private readonly repository: KycRepository,
    private readonly outbox: Outbox,
    private readonly earnings: EarningsSource,
    private readonly clock: Clock,
    private readonly customerSpendLimit: string | null,
  ) {}

  async record(input: { kind: unknown; id: string; state: unknown; reason?: unknown; actor: string; idempotencyKey?: string | null }): Promise<KycView> {
    if (!isPartyKind(input.kind)) throw new DomainError('bad_request', 'kind must be operator or customer');
    if (!isKycState(input.state)) throw new DomainError('bad_request', 'state must be one of unverified, pending, verified, rejected, expired');
    if (typeof input.reason !== 'string' || input.reason.trim() === '') throw new DomainError('bad_request', 'reason: say why the state changes');
    const atMs = this.clock.nowMs();
    const fact: KycFact = {
      // A retried request with its Idempotency-Key writes the same fact; without one, the time names it.
      factId: input.idempotencyKey ? `kyc:${input.kind}:${input.id}:key:${input.idempotencyKey}` : `kyc:${input.kind}:${input.id}:${atMs}:${input.state}`,
      kind: input.kind,
      partyId: input.id,
      state: input.state,
      actor: input.actor,
      reason: input.reason,
      atMs,
    };
    await this.repository.append([fact], atMs);
    return this.view(input.kind, input.id);
  }

  async view(kind: PartyKind, id: string): Promise<KycView> {
    const facts = await this.repository.facts({ kind, partyId: id });
    const sorted = [...facts].sort((a, b) => a.atMs - b.atMs || (a.factId < b.factId ? -1 : 1));
    return {
      kind,
      id,
      state: currentKycState(facts),
      history: sorted.map((f) => ({ state: f.state, actor: f.actor, reason: f.reason, at: new Date(f.atMs).toISOString() })),
    };
  }

  /** Current state of every party of a kind that has any fact (the rest are `unverified`). */
  async states(kind: PartyKind): Promise<Map<string, KycState>> {
    const byParty = new Map<string, KycFact[]>();
    for (const f of await this.repository.facts({ kind })) byParty.set(f.partyId, [...(byParty.get(f.partyId) ?? []), f]);
    return new Map([...byParty].map(([id, facts]) => [id, currentKycState(facts)]));
  }

  /**
   * Customers whose invoiced spend in `period` exceeds the configured limit and who are not verified:
   * each is announced once per period on billing.v1.kyc.verification_required, for the control plane
   * to stop new rentals until they are verified.
   */
  async checkCustomerSpend(period: string): Promise<Array<{ customerId: string; currency: string; spend: string; state: KycState }>> {
    if (this.customerSpendLimit === null) return [];
    const limit: Big = dec(this.customerSpendLimit);
    const states = await this.states('customer');
    const over = (await this.earnings.customerSpend(period))
      .filter((s) => s.amount.gt(limit) && states.get(s.customerId) !== 'verified')
      .map((s) => ({ customerId: s.customerId, currency: s.currency, spend: formatMoney(s.amount, s.currency), state: states.get(s.customerId) ?? ('unverified' as KycState) }));
    if (over.length > 0) {
      const nowMs = this.clock.nowMs();
      await this.outbox.enqueue(
        over.map((o) => ({
          id: `kyc.verification_required:${o.customerId}:${period}`,
          subject: KYC_REQUIRED_SUBJECT,
          payload: JSON.stringify({ customerId: o.customerId, action: 'verification_required', reason: 'monthly_spend', period, currency: o.currency, spend: o.spend, limit: this.customerSpendLimit, kycState: o.state, at: new Date(nowMs).toISOString() }),
        })),
        `kyc-spend:${period}:${over.map((o) => o.customerId).join(',')}`,
      );
    }
    return over;
  }
}
