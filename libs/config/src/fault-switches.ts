/**
 * Switches that make a process misbehave on purpose, for the fault tests (tests/faults): kept out of
 * HourglassConfig so that no production setting can turn one on by accident. They are read only when
 * HOURGLASS_TEST_FAULTS=1, which only the tests set.
 */
export interface FaultSwitches {
  /** A pause between a billing run's lines and its headers, to kill the run at a known point. */
  billingPauseAfterLinesMs: number;
}

export const NO_FAULTS: FaultSwitches = Object.freeze({ billingPauseAfterLinesMs: 0 });

export function loadFaultSwitches(env: Record<string, string | undefined> = process.env): FaultSwitches {
  if (env.HOURGLASS_TEST_FAULTS !== '1') return NO_FAULTS;
  const raw = env.HOURGLASS_BILLING_PAUSE_AFTER_LINES_MS;
  const pause = raw === undefined || raw === '' ? 0 : Number(raw);
  if (!Number.isSafeInteger(pause) || pause < 0) throw new Error(`HOURGLASS_BILLING_PAUSE_AFTER_LINES_MS=${raw} is not a whole number >= 0`);
  return { billingPauseAfterLinesMs: pause };
}
