import type { SimulatedMessage } from '@hourglass/simulation';

/** What Hourglass should count for the messages sent: the oracle a run's summary prints beside its result. */
export interface ExpectedTally {
  good: number;
  duplicate: number;
  /** Duplicates sent with a Nats-Msg-Id, which JetStream's window may drop before Hourglass sees them. */
  keyedDuplicate: number;
  bad: Record<string, number>;
}

/** A tally and the tap that feeds it, one message at a time, as runAgentSim hands them to JetStream. */
export function expectedTally(): { expected: ExpectedTally; tap: (message: SimulatedMessage) => void } {
  const expected: ExpectedTally = { good: 0, duplicate: 0, keyedDuplicate: 0, bad: {} };
  const tap = (message: SimulatedMessage): void => {
    const outcome = message.expected;
    if (outcome.kind === 'bad') expected.bad[outcome.reason] = (expected.bad[outcome.reason] ?? 0) + 1;
    else expected[outcome.kind]++;
    if (outcome.kind === 'duplicate' && message.msgId !== null) expected.keyedDuplicate++;
  };
  return { expected, tap };
}
