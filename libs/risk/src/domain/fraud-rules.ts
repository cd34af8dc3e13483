/**
 * The usage-fraud rules (issue #11 item 7). Each is SQL over ClickHouse (adapters/fraud-signals.sql.ts)
 * evaluated over a window; what it measures, its subject and its threshold are documented here and in
 * the README, and each fired rule is a `risk_signals` row, a `risk.v1.signals` event and a count in
 * `hourglass_risk_signals_total{rule}`.
 */
export const FRAUD_RULES = {
  node_overcommit: {
    subject: 'node',
    summary: "covered GPU-time of a node's rentals above its wall-clock × the largest GPU count rented on it",
  },
  overlapping_resends: {
    subject: 'operator',
    summary: "share of an operator's events that overlap an earlier event of the same rental, or resend one",
  },
  outside_rental_window: {
    subject: 'operator',
    summary: 'events of an operator wholly (rejected) or partly outside their rental window',
  },
  zero_utilization: {
    subject: 'rental',
    summary: 'the longest stretch of billed time a rental reported at 0 % GPU utilisation',
  },
  rental_velocity: {
    subject: 'customer',
    summary: 'new rentals of a customer in the window against the mean of the windows before',
  },
  spend_jump: {
    subject: 'customer',
    summary: 'rated spend of a customer in the window against the mean of the windows before, per currency',
  },
} as const;

export type FraudRule = keyof typeof FRAUD_RULES;
export const FRAUD_RULE_NAMES = Object.keys(FRAUD_RULES) as FraudRule[];

/** One rule that fired, as its SQL returns it. */
export interface FiredRule {
  rule: FraudRule;
  subjectKind: string;
  subjectId: string;
  value: number;
  threshold: number;
  detail: Record<string, unknown>;
}

export interface SignalWindow {
  fromMs: number;
  toMs: number;
}

/**
 * The window an evaluation at `nowMs` looks at: `windowMs` long, ending at the last whole hour, so
 * evaluations within one hour look at the same window and name the same signals.
 */
export function signalWindow(nowMs: number, windowMs: number): SignalWindow {
  const hour = 3_600_000;
  const toMs = Math.floor(nowMs / hour) * hour;
  return { fromMs: toMs - windowMs, toMs };
}

export function signalId(fired: Pick<FiredRule, 'rule' | 'subjectKind' | 'subjectId'>, window: SignalWindow): string {
  return `${fired.rule}:${fired.subjectKind}:${fired.subjectId}:${new Date(window.toMs).toISOString()}`;
}

/** The configurable thresholds of the rules (HOURGLASS_RISK_*; README). */
export interface FraudThresholds {
  nodeOvercommitRatio: number;
  overlapResendRatio: number;
  overlapResendMin: number;
  outsideWindowMin: number;
  zeroUtilizationMs: number;
  rentalVelocityFactor: number;
  rentalVelocityMin: number;
  spendJumpFactor: number;
  spendJumpMin: number;
  baselineWindows: number;
}

/** The figure each rule's value is compared with, as stored beside the signal. */
export function thresholdOf(rule: FraudRule, t: FraudThresholds): number {
  switch (rule) {
    case 'node_overcommit':
      return t.nodeOvercommitRatio;
    case 'overlapping_resends':
      return t.overlapResendRatio;
    case 'outside_rental_window':
      return t.outsideWindowMin;
    case 'zero_utilization':
      return t.zeroUtilizationMs;
    case 'rental_velocity':
      return t.rentalVelocityFactor;
    case 'spend_jump':
      return t.spendJumpFactor;
  }
}
