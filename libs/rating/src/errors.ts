import { DomainError } from '@hourglass/contracts';

/*
 * Operating errors caused by reference data: billing cannot price what it was given.
 * They name the rental and version so an operator can fix the price book and re-run.
 */
export class MissingRateError extends DomainError {
  constructor(
    readonly rentalId: string,
    readonly priceBookId: string,
    readonly priceBookVersion: number,
    readonly gpuModel: string,
    readonly pricingClass: string,
  ) {
    super(
      'missing_rate',
      `Price book ${priceBookId} v${priceBookVersion} has no rate for ${gpuModel}/${pricingClass} (rental ${rentalId})`,
      { rentalId, priceBookId, priceBookVersion, gpuModel, pricingClass },
    );
  }
}

/** Covered time before the first version of the rental's price book: there is no price for it. */
export class UnpricedUsageError extends DomainError {
  constructor(readonly rentalId: string, readonly priceBookId: string, readonly startMs: number, readonly endMs: number) {
    super(
      'unpriced_usage',
      `Rental ${rentalId} has covered time in [${new Date(startMs).toISOString()}, ${new Date(endMs).toISOString()}) ` +
        `before the first version of price book ${priceBookId}`,
      { rentalId, priceBookId },
    );
  }
}

export class CurrencyMismatchError extends DomainError {
  constructor(readonly expected: string, readonly actual: string, readonly priceBookId: string, readonly version: number) {
    super('currency_mismatch', `Price book ${priceBookId} v${version} is in ${actual}, the invoice is in ${expected}`, { priceBookId, version });
  }
}

export class InvalidPriceBookError extends DomainError {
  constructor(readonly priceBookId: string, readonly version: number, readonly problems: readonly string[]) {
    super('invalid_price_book', `Price book ${priceBookId} v${version} is invalid: ${problems.join('; ')}`, { priceBookId, version, problems });
  }
}

export class InvalidRentalError extends DomainError {
  constructor(readonly rentalId: string, problem: string) {
    super('invalid_rental', `Rental ${rentalId}: ${problem}`, { rentalId });
  }
}
