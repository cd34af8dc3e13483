/**
 * A `gpu.usage.v1` event once it passed the envelope checks: timestamps are UTC epoch ms,
 * optional CloudEvents attributes and measurements are null when absent.
 *
 * (`source`, `id`) identifies the event forever; `[intervalStartMs, intervalEndMs)` is
 * half-open, so back-to-back intervals from one agent never share a millisecond.
 */
export interface UsageEvent {
  id: string;
  source: string;
  /** CloudEvents `time`: when the agent produced the event, not what it measures. */
  timeMs: number | null;
  /** CloudEvents `subject` (e.g. `rental/r-123`), not the NATS subject. */
  subject: string | null;
  rentalId: string;
  operatorId: string;
  datacenterId: string;
  nodeId: string;
  gpuModel: string;
  gpuCount: number;
  intervalStartMs: number;
  intervalEndMs: number;
  gpuUtilizationPct: number | null;
  energyWh: number | null;
}
