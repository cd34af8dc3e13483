/*
 * Operating errors caused by reference data: billing cannot price what it was given.
 * They name the rental and version so an operator can fix the price book and re-run.
 */
export class MissingRateError extends Error {
  constructor(
    readonly rentalId: string,
    readonly priceBookId: string,
    readonly priceBookVersion: number,
    readonly gpuModel: string,
    readonly pricingClass: string,
  ) {
    super(
      `Price book ${priceBookId} v${priceBookVersion} has no rate for ${gpuModel}/${pricingClass} (rental ${rentalId})`,
    );
    this.name = 'MissingRateError';
  }
}

/** Covered time before the first version of the rental's price book: there is no price for it. */
export class UnpricedUsageError extends Error {
  constructor(readonly rentalId: string, readonly priceBookId: string, readonly startMs: number, readonly endMs: number) {
    super(
      `Rental ${rentalId} has covered time in [${new Date(startMs).toISOString()}, ${new Date(endMs).toISOString()}) ` +
        `before the first version of price book ${priceBookId}`,
    );
    this.name = 'UnpricedUsageError';
  }
}

export class CurrencyMismatchError extends Error {
  constructor(readonly expected: string, readonly actual: string, readonly priceBookId: string, readonly version: number) {
    super(`Price book ${priceBookId} v${version} is in ${actual}, the invoice is in ${expected}`);
    this.name = 'CurrencyMismatchError';
  }
}

export class InvalidPriceBookError extends Error {
  constructor(readonly priceBookId: string, readonly version: number, readonly problems: readonly string[]) {
    super(`Price book ${priceBookId} v${version} is invalid: ${problems.join('; ')}`);
    this.name = 'InvalidPriceBookError';
  }
}

export class InvalidRentalError extends Error {
  constructor(readonly rentalId: string, problem: string) {
    super(`Rental ${rentalId}: ${problem}`);
    this.name = 'InvalidRentalError';
  }
}
