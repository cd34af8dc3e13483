/** Keys of what earlier billing runs charged, so a run bills only what is new. */
export function usageKey(rentalId: string, priceBookVersion: number, servicePeriod: string): string {
  return `${rentalId}\u0000${priceBookVersion}\u0000${servicePeriod}`;
}

export function reservedKey(rentalId: string, servicePeriod: string): string {
  return `${rentalId}\u0000${servicePeriod}`;
}

export function rentalIdOfReservedKey(key: string): string {
  return key.slice(0, key.lastIndexOf('\u0000'));
}
