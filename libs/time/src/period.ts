import { DomainError } from '@hourglass/contracts';
import type { Span } from './span';

/** `YYYY-MM`, months 01 to 12: the one pattern of a billing period (CONTRACTS.md §4). */
export const PERIOD_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** `setUTCFullYear` rather than `Date.UTC`, which maps years 0..99 to 1900..1999; months overflow into years. */
function utcMonthStart(year: number, monthIndex: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, 1);
  return date.getTime();
}

export class InvalidPeriodError extends DomainError {
  constructor(readonly text: string) {
    super('invalid_period', `period ${JSON.stringify(text)} is not YYYY-MM (e.g. 2026-10)`, { period: text });
  }
}

/**
 * A billing period: one UTC calendar month, [first instant, first instant of the next month).
 * Immutable; `toString()` is its `YYYY-MM` text, so it can stand wherever a period string did.
 */
export class Period implements Span {
  readonly startMs: number;
  readonly endMs: number;

  private constructor(
    readonly year: number,
    /** 1 to 12. */
    readonly month: number,
  ) {
    this.startMs = utcMonthStart(year, month - 1);
    this.endMs = utcMonthStart(year, month);
  }

  /** The period `text` names; InvalidPeriodError (reason `invalid_period`) otherwise. */
  static parse(text: string): Period {
    const period = Period.tryParse(text);
    if (!period) throw new InvalidPeriodError(text);
    return period;
  }

  static tryParse(text: unknown): Period | null {
    if (typeof text !== 'string') return null;
    const match = PERIOD_PATTERN.exec(text);
    if (!match) return null;
    return new Period(Number(match[1]), Number(match[2]));
  }

  static isPeriod(text: unknown): text is string {
    return Period.tryParse(text) !== null;
  }

  /** The month that holds the instant `ms`. */
  static containing(ms: number): Period {
    if (!Number.isFinite(ms)) throw new RangeError(`${ms} is not an instant`);
    const d = new Date(ms);
    return new Period(d.getUTCFullYear(), d.getUTCMonth() + 1);
  }

  get span(): Span {
    return { startMs: this.startMs, endMs: this.endMs };
  }

  next(): Period {
    return this.plus(1);
  }

  previous(): Period {
    return this.plus(-1);
  }

  plus(months: number): Period {
    if (!Number.isSafeInteger(months)) throw new RangeError(`${months} is not a whole number of months`);
    const index = this.year * 12 + (this.month - 1) + months;
    const year = Math.floor(index / 12);
    if (year < 0 || year > 9999) throw new RangeError(`${this} + ${months} months leaves the years 0000 to 9999`);
    return new Period(year, index - year * 12 + 1);
  }

  contains(ms: number): boolean {
    return this.startMs <= ms && ms < this.endMs;
  }

  /** Whether the period is over at `nowMs`: its end is not after now. */
  hasEndedAt(nowMs: number): boolean {
    return this.endMs <= nowMs;
  }

  equals(other: Period): boolean {
    return this.year === other.year && this.month === other.month;
  }

  toString(): string {
    return `${String(this.year).padStart(4, '0')}-${String(this.month).padStart(2, '0')}`;
  }

  toJSON(): string {
    return this.toString();
  }
}

/** `YYYY-MM` of the UTC month containing `ms`. */
export function periodOf(ms: number): string {
  return Period.containing(ms).toString();
}
