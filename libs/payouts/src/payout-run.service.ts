import type Big from 'big.js';
import { DomainError, NO_SANCTIONS, outgoingEventMessage, UNFENCED, type Clock, type FenceCheck, type LeaseRunner, type SanctionsGate } from '@hourglass/contracts';
import { Dec, dec, formatMoney, isRoundedToMinor } from '@hourglass/money';
import { Period } from '@hourglass/time';
import { eligibleShare, planItem, type ReserveTranche } from './eligibility/eligibility';
import { batchIdOf, checkTransition, endToEndIdOf, payoutIdOf, type PayoutBatch, type PayoutItem, type StatusUpdate } from './batches/payout-batch';
import { pain001, PAYOUT_CSV_COLUMNS, payoutCsvRows } from './batches/pain001';
import type { KycService } from './kyc/kyc.service';
import type { OperatorsService } from './operators/operators.service';
import type { PayoutsSettings } from './payouts-config';
import type { EarningsSource, PayoutMoneyFact, PayoutStore } from './ports';

type Key = string;
const keyOf = (operatorId: string, currency: string): Key => `${operatorId}\u0000${currency}`;
const splitKey = (k: Key) => k.split('\u0000') as [string, string];

function addTo(map: Map<Key, Big>, key: Key, amount: Big): void {
  map.set(key, (map.get(key) ?? new Dec(0)).plus(amount));
}

export interface ItemView {
  operatorId: string;
  currency: string;
  amount: string;
  status: string;
  holdReason?: string;
  endToEndId: string;
}

export interface BatchView {
  batchId: string;
  runKey: string;
  basis: string;
  createdAt: string;
  items: ItemView[];
}

export function batchView(b: PayoutBatch): BatchView {
  return {
    batchId: b.batchId,
    runKey: b.runKey,
    basis: b.basis,
    createdAt: new Date(b.createdAtMs).toISOString(),
    items: b.items.map((i) => ({
      operatorId: i.operatorId,
      currency: i.currency,
      amount: formatMoney(i.amount, i.currency),
      status: i.status,
      ...(i.holdReason ? { holdReason: i.holdReason } : {}),
      endToEndId: i.endToEndId,
    })),
  };
}

/** A run key is a period (YYYY-MM) or the date of a weekly run (YYYY-MM-DD). */
function uptoPeriodOf(runKey: string, nowMs: number): string {
  if (Period.isPeriod(runKey)) {
    const { endMs } = Period.parse(runKey);
    if (nowMs < endMs) throw new DomainError('period_not_ended', `${runKey} has not ended: its payouts can be run from ${new Date(endMs).toISOString()}`);
    return runKey;
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(runKey) || Number.isNaN(Date.parse(`${runKey}T00:00:00Z`))) throw new DomainError('invalid_period', `expected YYYY-MM (or YYYY-MM-DD for a weekly run), got ${runKey}`);
  // A weekly run pays what is eligible from the months already closed before its date.
  const d = new Date(`${runKey}T00:00:00Z`);
  const prev = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1));
  return `${prev.getUTCFullYear()}-${String(prev.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** Runs work alone in this process: for specs and tools without Redis. */
export const IN_PROCESS_LOCK: LeaseRunner = { runExclusive: async (_name, _ms, work) => ({ acquired: true, value: await work(UNFENCED) }) };

const LOCK = 'payouts';
const LOCK_LEASE_MS = 300_000;

/**
 * Payout batches (CONTRACTS §7): what each operator may be paid now, the reserve movements that go
 * with it, holds, the status the bank reports, and the bank file. Batches are keyed by their run key,
 * so a rerun returns the batch it made and pays nothing twice. Runs and status changes hold one fenced
 * lease across replicas (and are serialised in this process): two planners reading the same balances
 * at once could each count the same money as available.
 */
export class PayoutRunService {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: PayoutStore,
    private readonly earnings: EarningsSource,
    private readonly operators: OperatorsService,
    private readonly kyc: KycService,
    private readonly clock: Clock,
    private readonly settings: PayoutsSettings,
    private readonly sanctions: SanctionsGate = NO_SANCTIONS,
    private readonly lock: LeaseRunner = IN_PROCESS_LOCK,
  ) {}

  private serial<T>(work: (fence: FenceCheck) => Promise<T>): Promise<T> {
    const locked = async () => {
      const outcome = await this.lock.runExclusive(LOCK, LOCK_LEASE_MS, work);
      if (!outcome.acquired) throw new DomainError('busy', 'another payout run or status change is in progress; try again in a moment');
      return outcome.value;
    };
    const next = this.queue.then(locked, locked);
    this.queue = next.catch(() => undefined);
    return next;
  }

  run(runKey: string): Promise<{ batch: BatchView; created: boolean }> {
    return this.serial(async (fence) => {
      const batchId = batchIdOf(runKey);
      const existing = await this.store.batch(batchId);
      if (existing) return { batch: batchView(existing), created: false };
      const nowMs = this.clock.nowMs();
      const upto = uptoPeriodOf(runKey, nowMs);

      const eligible = new Map<Key, Big>();
      for (const s of await this.earnings.shares(upto)) addTo(eligible, keyOf(s.operatorId, s.currency), eligibleShare(this.settings.basis, s));
      const clawbacks = new Map<Key, Big>();
      for (const c of [...(await this.store.clawbacks()), ...(await this.earnings.disputeClawbacks())]) addTo(clawbacks, keyOf(c.operatorId, c.currency), c.amount);
      const paid = new Map<Key, Big>();
      for (const p of await this.store.paidOrInFlight()) addTo(paid, keyOf(p.operatorId, p.currency), p.amount);
      const tranches = new Map<Key, ReserveTranche[]>();
      for (const t of await this.store.tranches()) tranches.set(keyOf(t.operatorId, t.currency), [...(tranches.get(keyOf(t.operatorId, t.currency)) ?? []), t]);
      const kyc = await this.kyc.states('operator');

      const keys = [...new Set([...eligible.keys(), ...clawbacks.keys(), ...tranches.keys()])].sort();
      const items: PayoutItem[] = [];
      const facts: PayoutMoneyFact[] = [];
      for (const key of keys) {
        const [operatorId, currency] = splitKey(key);
        const operator = this.operators.operator(operatorId);
        const plan = planItem(
          { operatorId, currency, eligible: eligible.get(key) ?? new Dec(0), clawbacks: clawbacks.get(key) ?? new Dec(0), paidOrInFlight: paid.get(key) ?? new Dec(0), tranches: tranches.get(key) ?? [] },
          { rate: this.settings.reserveRate, holdMs: this.settings.reserveHoldMs },
          {
            // An operator without a document has no verified identity or bank account: held as KYC.
            kycVerified: operator !== undefined && kyc.get(operatorId) === 'verified',
            sanctioned: await this.sanctions.isBlocked({ kind: 'operator', id: operatorId }),
            minimum: dec(this.settings.minimum[currency] ?? this.settings.minimum['*'] ?? '0'),
          },
          batchId,
          nowMs,
        );
        // Nothing owed, nothing moving: no item.
        if (plan.amount.eq(0) && !plan.newTranche && plan.releases.length === 0) continue;
        const base = { operatorId, currency, batchId, bankAccountId: '', reason: '', occurredAtMs: nowMs };
        if (plan.newTranche) facts.push({ ...base, kind: 'reserve_held', refId: plan.newTranche.reserveId, amount: plan.newTranche.amount, base: plan.newTranche.base, releaseAtMs: plan.newTranche.releaseAtMs });
        for (const r of plan.releases) facts.push({ ...base, kind: 'reserve_released', refId: r.reserveId, amount: r.amount, base: new Dec(0), releaseAtMs: null });
        if (plan.amount.eq(0)) continue;
        const payoutId = payoutIdOf({ batchId, operatorId, currency });
        items.push({
          batchId,
          operatorId,
          currency,
          amount: plan.amount,
          status: plan.status,
          holdReason: plan.holdReason,
          endToEndId: endToEndIdOf(payoutId),
          creditor: { name: operator?.name ?? '', iban: operator?.iban ?? '', bic: operator?.bic ?? '', country: operator?.country ?? '' },
          createdAtMs: nowMs,
        });
      }
      const batch: PayoutBatch = { batchId, runKey, basis: this.settings.basis, createdAtMs: nowMs, items };
      await fence.assertHeld();
      await this.store.createBatch(batch, facts);
      return { batch: batchView(batch), created: true };
    });
  }

  async batch(batchId: string): Promise<BatchView> {
    return batchView(await this.requireBatch(batchId));
  }

  async batches() {
    return (await this.store.batches()).map((b) => ({ batchId: b.batchId, runKey: b.runKey, basis: b.basis, createdAt: new Date(b.createdAtMs).toISOString(), items: b.items }));
  }

  private async requireBatch(batchId: string): Promise<PayoutBatch> {
    const batch = await this.store.batch(batchId);
    if (!batch) throw new DomainError('not_found', `no payout batch ${batchId}`);
    return batch;
  }

  /**
   * The bank's word on a transfer. `paid` posts operator payable against cash and announces
   * payout.paid; `returned` reverses that posting, so the amount is owed to the operator again and the
   * next batch pays it; `failed` was never posted, and the next batch pays it too.
   */
  updateStatus(input: { batchId: string; operatorId: string; currency?: string; status: unknown; reason?: unknown; actor: string }): Promise<ItemView> {
    return this.serial(async (fence) => {
      if (input.status !== 'paid' && input.status !== 'failed' && input.status !== 'returned') throw new DomainError('bad_request', 'status must be paid, failed or returned');
      const status: StatusUpdate = input.status;
      const batch = await this.requireBatch(input.batchId);
      const candidates = batch.items.filter((i) => i.operatorId === input.operatorId && (!input.currency || i.currency === input.currency));
      if (candidates.length === 0) throw new DomainError('not_found', `batch ${input.batchId} has no item for operator ${input.operatorId}${input.currency ? ` in ${input.currency}` : ''}`);
      if (candidates.length > 1) throw new DomainError('bad_request', `operator ${input.operatorId} has items in ${candidates.map((c) => c.currency).join(', ')}: name the currency`);
      const item = candidates[0]!;
      const view = () => batchView({ ...batch, items: [{ ...item, status }] }).items[0]!;
      if (checkTransition(item.status, status) === 'replay') return view();
      const atMs = this.clock.nowMs();
      const payoutId = payoutIdOf(item);
      const bankAccountId = this.bankAccountId();
      const money = (kind: PayoutMoneyFact['kind']): PayoutMoneyFact => ({
        kind,
        refId: payoutId,
        operatorId: item.operatorId,
        currency: item.currency,
        amount: item.amount,
        batchId: item.batchId,
        bankAccountId,
        base: new Dec(0),
        releaseAtMs: null,
        reason: typeof input.reason === 'string' ? input.reason : '',
        occurredAtMs: atMs,
      });
      await fence.assertHeld();
      const fact = status === 'paid' ? money('payout_paid') : status === 'returned' ? money('payout_returned') : null;
      const events =
        status === 'paid'
          ? [
              outgoingEventMessage({
                type: 'payout.paid',
                id: `payout.paid:${payoutId}`,
                timeMs: atMs,
                subject: `payout/${payoutId}`,
                data: { payoutId, batchId: item.batchId, operatorId: item.operatorId, currency: item.currency, amount: formatMoney(item.amount, item.currency), status: 'paid', endToEndId: item.endToEndId },
              }),
            ]
          : [];
      await this.store.recordStatus(
        { batchId: item.batchId, operatorId: item.operatorId, currency: item.currency, status, reason: typeof input.reason === 'string' ? input.reason : '', actor: input.actor, atMs },
        fact,
        events,
      );
      return view();
    });
  }

  /** The cash account payouts leave from: the debtor's IBAN, or `payouts` when none is configured. */
  private bankAccountId(): string {
    return this.settings.debtor?.iban ?? 'payouts';
  }

  /** Records an operator's share of a refund (or another correction) to net against the next payout. */
  async recordClawback(input: { clawbackId: unknown; operatorId: unknown; currency: unknown; amount: unknown; reason?: unknown }): Promise<{ clawbackId: string }> {
    const { clawbackId, operatorId, currency, amount } = input;
    if (typeof clawbackId !== 'string' || clawbackId === '' || typeof operatorId !== 'string' || operatorId === '' || typeof currency !== 'string') {
      throw new DomainError('bad_request', 'clawbackId, operatorId and currency are required');
    }
    if (typeof amount !== 'string' || !/^\d+(\.\d+)?$/.test(amount) || !dec(amount).gt(0) || !isRoundedToMinor(dec(amount), currency)) {
      throw new DomainError('invalid_amount', `amount must be a positive decimal string in ${currency} minor units`);
    }
    const atMs = this.clock.nowMs();
    await this.store.appendFacts(
      [{ kind: 'clawback', refId: clawbackId, operatorId, currency, amount: dec(amount), batchId: '', bankAccountId: '', base: new Dec(0), releaseAtMs: null, reason: typeof input.reason === 'string' && input.reason ? input.reason : 'refund', occurredAtMs: atMs }],
      atMs,
    );
    return { clawbackId };
  }

  async export(batchId: string, format: string): Promise<{ contentType: string; body: string }> {
    const batch = await this.requireBatch(batchId);
    if (format === 'csv') {
      const rows = payoutCsvRows(batch);
      const esc = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
      return { contentType: 'text/csv', body: [PAYOUT_CSV_COLUMNS.join(','), ...rows.map((r) => PAYOUT_CSV_COLUMNS.map((c) => esc(r[c])).join(','))].join('\n') + '\n' };
    }
    if (format !== 'pain.001') throw new DomainError('bad_request', 'format must be pain.001 or csv');
    const debtor = this.settings.debtor;
    if (!debtor) throw new DomainError('unprocessable', 'set HOURGLASS_PAYOUT_DEBTOR_NAME, HOURGLASS_PAYOUT_DEBTOR_IBAN and HOURGLASS_PAYOUT_DEBTOR_BIC to write a bank file');
    const nowMs = this.clock.nowMs();
    return { contentType: 'application/xml', body: pain001(batch, debtor, nowMs, new Date(nowMs).toISOString().slice(0, 10)) };
  }

  /**
   * Per operator and currency: earned (all shares), clawbacks, paid, in flight, reserve, and what is
   * payable. paid + inFlight + reserve + payable = earned − clawbacks, by construction here; the
   * integration test holds it against the ledger.
   */
  async balances(uptoPeriod: string) {
    const earned = new Map<Key, Big>();
    for (const s of await this.earnings.shares(uptoPeriod)) addTo(earned, keyOf(s.operatorId, s.currency), s.share);
    const clawbacks = new Map<Key, Big>();
    for (const c of [...(await this.store.clawbacks()), ...(await this.earnings.disputeClawbacks())]) addTo(clawbacks, keyOf(c.operatorId, c.currency), c.amount);
    const paid = new Map<Key, Big>();
    const inFlight = new Map<Key, Big>();
    for (const t of await this.store.itemTotals()) {
      if (t.status === 'paid') addTo(paid, keyOf(t.operatorId, t.currency), t.amount);
      if (t.status === 'scheduled') addTo(inFlight, keyOf(t.operatorId, t.currency), t.amount);
    }
    const reserve = new Map<Key, Big>();
    for (const t of await this.store.tranches()) if (!t.released) addTo(reserve, keyOf(t.operatorId, t.currency), t.amount);
    const keys = [...new Set([...earned.keys(), ...clawbacks.keys(), ...paid.keys(), ...reserve.keys()])].sort();
    const zero = new Dec(0);
    return keys.map((key) => {
      const [operatorId, currency] = splitKey(key);
      const e = earned.get(key) ?? zero;
      const c = clawbacks.get(key) ?? zero;
      const p = paid.get(key) ?? zero;
      const f = inFlight.get(key) ?? zero;
      const r = reserve.get(key) ?? zero;
      const m = (v: Big) => formatMoney(v, currency);
      return { operatorId, currency, earned: m(e), clawbacks: m(c), paid: m(p), inFlight: m(f), reserve: m(r), payable: m(e.minus(c).minus(p).minus(f).minus(r)) };
    });
  }
}
