import type { OutboxMessage, PartyRef } from '@hourglass/contracts';
import type { ScreeningMatch } from './sanctions-index';

/** Every risk event goes out on this subject (stream RISK), for the marketplace's control plane. */
export const RISK_SIGNALS_SUBJECT = 'risk.v1.signals';

/**
 * A sanctions verdict the control plane acts on: `suspend` stops new rentals of the party (and payouts
 * here), `reinstate` lifts it after a reviewer cleared the case. The id names the case and the step
 * (`auto` for the matcher's block, else the reviewer's decision), so a retried write is one message.
 */
export interface SanctionsSignal {
  rule: 'sanctions';
  action: 'suspend' | 'reinstate';
  party: PartyRef;
  caseId: string;
  reason: 'sanctions';
  matches: ScreeningMatch[];
  at: string;
}

/** A usage-fraud rule that fired (README, "Usage-fraud signals"). */
export interface FraudSignal {
  rule: string;
  signalId: string;
  subject: { kind: string; id: string };
  windowStart: string;
  windowEnd: string;
  value: number;
  threshold: number;
  detail: Record<string, unknown>;
  at: string;
}

export function sanctionsSignalMessage(signal: SanctionsSignal, step: string): OutboxMessage {
  return { id: `risk.sanctions:${signal.caseId}:${signal.action}:${step}`, subject: RISK_SIGNALS_SUBJECT, payload: JSON.stringify(signal) };
}

export function fraudSignalMessage(signal: FraudSignal): OutboxMessage {
  return { id: `risk.signal:${signal.signalId}`, subject: RISK_SIGNALS_SUBJECT, payload: JSON.stringify(signal) };
}
