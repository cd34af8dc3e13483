/** Domain errors of the money library; the app edge maps them to reason codes. */
export class UnknownCurrencyError extends Error {
  constructor(readonly currency: string) {
    const hint = /^[a-z]{3}$/.test(currency) ? ` (codes are upper case: did you mean "${currency.toUpperCase()}"?)` : '';
    super(`Unknown currency "${currency}": not an ISO 4217 code with minor units${hint}`);
    this.name = 'UnknownCurrencyError';
  }
}

/** An amount carries more decimals than its currency has: a programmer error (a missed rounding). */
export class UnroundedAmountError extends Error {
  constructor(readonly amount: string, readonly currency: string, readonly minorDigits: number) {
    super(`Amount ${amount} has more than the ${minorDigits} minor digits of ${currency}; round it first`);
    this.name = 'UnroundedAmountError';
  }
}

export class InvalidRateError extends Error {
  constructor(readonly rate: string, reason: string) {
    super(`Invalid rate "${rate}": ${reason}`);
    this.name = 'InvalidRateError';
  }
}

export class AllocationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AllocationError';
  }
}
