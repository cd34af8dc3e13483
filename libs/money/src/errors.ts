import { DomainError } from '@hourglass/contracts';

/** Bad input to the money library: DomainErrors with a reason. Programmer errors below stay plain Errors (a 500). */
export class UnknownCurrencyError extends DomainError {
  constructor(readonly currency: string) {
    const hint = /^[a-z]{3}$/.test(currency) ? ` (codes are upper case: did you mean "${currency.toUpperCase()}"?)` : '';
    super('unknown_currency', `Unknown currency "${currency}": not an ISO 4217 code with minor units${hint}`, { currency });
  }
}

/** An amount carries more decimals than its currency has: a programmer error (a missed rounding). */
export class UnroundedAmountError extends Error {
  constructor(readonly amount: string, readonly currency: string, readonly minorDigits: number) {
    super(`Amount ${amount} has more than the ${minorDigits} minor digits of ${currency}; round it first`);
    this.name = 'UnroundedAmountError';
  }
}

export class InvalidRateError extends DomainError {
  constructor(readonly rate: string, problem: string) {
    super('invalid_rate', `Invalid rate "${rate}": ${problem}`, { rate });
  }
}

export class AllocationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AllocationError';
  }
}
