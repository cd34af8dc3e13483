import { formatUtc, type Rental, type UsageEvent } from '@hourglass/contracts';

export type RentalCheckFailure = { reason: 'rental_mismatch' | 'outside_rental_window'; detail: string };

/**
 * The rental checks of CONTRACTS.md §1, in order, for an event whose rental is known.
 * A partial overlap with the rental window is accepted here: covered time is clipped to the
 * window when it is billed, so the part inside is paid and the part outside is not.
 */
export function checkAgainstRental(event: UsageEvent, rental: Rental): RentalCheckFailure | null {
  if (event.rentalId !== rental.rentalId) {
    throw new Error(`checkAgainstRental: event of rental ${event.rentalId} checked against rental ${rental.rentalId}`);
  }
  if (
    event.operatorId !== rental.operatorId ||
    event.datacenterId !== rental.datacenterId ||
    event.nodeId !== rental.nodeId ||
    event.gpuModel !== rental.gpuModel ||
    event.gpuCount !== rental.gpuCount
  ) {
    return { reason: 'rental_mismatch', detail: mismatchDetail(event, rental) };
  }
  // Half-open on both sides: an interval ending exactly at startedAt shares no millisecond with it.
  if (event.intervalEndMs <= rental.startedAtMs) {
    return {
      reason: 'outside_rental_window',
      detail: `${intervalText(event)} ends at or before the rental start ${formatUtc(rental.startedAtMs)}`,
    };
  }
  if (rental.endedAtMs !== null && event.intervalStartMs >= rental.endedAtMs) {
    return {
      reason: 'outside_rental_window',
      detail: `${intervalText(event)} starts at or after the rental end ${formatUtc(rental.endedAtMs)}`,
    };
  }
  return null;
}

const COMPARED = ['operatorId', 'datacenterId', 'nodeId', 'gpuModel', 'gpuCount'] as const;

function mismatchDetail(event: UsageEvent, rental: Rental): string {
  return COMPARED.filter((field) => event[field] !== rental[field])
    .map((field) => `${field} is ${event[field]} in the event but ${rental[field]} in the rental`)
    .join('; ');
}

function intervalText(event: UsageEvent): string {
  return `interval [${formatUtc(event.intervalStartMs)}, ${formatUtc(event.intervalEndMs)})`;
}
