/**
 * RFC 3339 timestamps as the contracts accept them: `YYYY-MM-DDTHH:MM:SS[.f{1,3}](Z|±hh:mm)`.
 *
 * Hand-written on char codes rather than a regex or `Date.parse`: it runs several times per
 * usage event on the ingest hot path, and `Date.parse` accepts forms the contract does not
 * (no offset, Feb 30 rolled over in some engines, years mapped to 19xx).
 */

const MS_PER_DAY = 86_400_000;

const CHAR_0 = 48;
const CHAR_9 = 57;
const CHAR_DASH = 45;
const CHAR_COLON = 58;
const CHAR_DOT = 46;
const CHAR_PLUS = 43;
const CHAR_T = 84;
const CHAR_t = 116;
const CHAR_Z = 90;
const CHAR_z = 122;

/** Shortest form `2026-11-26T12:00:00Z`; longest `2026-11-26T12:00:00.000+01:00`. */
const LENGTH_MIN = 20;
const LENGTH_MAX = 29;

/**
 * Epoch milliseconds of an RFC 3339 date-time, or null when the text is not one.
 *
 * More than 3 fraction digits is refused rather than truncated: truncating would make two
 * distinct agent timestamps equal and silently move interval edges. Leap seconds (`:60`) are
 * refused because epoch milliseconds cannot represent them. `t`/`z` in lower case are accepted
 * as RFC 3339 §5.6 allows; `-00:00` means UTC.
 */
export function parseRfc3339Ms(s: string): number | null {
  const length = s.length;
  if (length < LENGTH_MIN || length > LENGTH_MAX) return null;

  const year = digits4(s, 0);
  const month = digits2(s, 5);
  const day = digits2(s, 8);
  const hour = digits2(s, 11);
  const minute = digits2(s, 14);
  const second = digits2(s, 17);
  if ((year | month | day | hour | minute | second) < 0) return null;
  if (s.charCodeAt(4) !== CHAR_DASH || s.charCodeAt(7) !== CHAR_DASH) return null;
  const t = s.charCodeAt(10);
  if (t !== CHAR_T && t !== CHAR_t) return null;
  if (s.charCodeAt(13) !== CHAR_COLON || s.charCodeAt(16) !== CHAR_COLON) return null;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;

  let i = 19;
  let millis = 0;
  if (s.charCodeAt(i) === CHAR_DOT) {
    i++;
    let fractionDigits = 0;
    let scale = 100;
    for (let c = s.charCodeAt(i); c >= CHAR_0 && c <= CHAR_9; c = s.charCodeAt(++i)) {
      if (++fractionDigits > 3) return null;
      millis += (c - CHAR_0) * scale;
      scale /= 10;
    }
    if (fractionDigits === 0) return null;
  }

  let offsetMinutes = 0;
  const zone = s.charCodeAt(i);
  if (zone === CHAR_Z || zone === CHAR_z) {
    if (i + 1 !== length) return null;
  } else if (zone === CHAR_PLUS || zone === CHAR_DASH) {
    if (i + 6 !== length || s.charCodeAt(i + 3) !== CHAR_COLON) return null;
    const offsetHour = digits2(s, i + 1);
    const offsetMinute = digits2(s, i + 4);
    if (offsetHour < 0 || offsetMinute < 0 || offsetHour > 23 || offsetMinute > 59) return null;
    offsetMinutes = offsetHour * 60 + offsetMinute;
    if (zone === CHAR_DASH) offsetMinutes = -offsetMinutes;
  } else {
    return null;
  }

  return (
    daysFromCivil(year, month, day) * MS_PER_DAY +
    ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 +
    millis
  );
}

/** `2026-11-26T12:00:00.000Z`: the one form Hourglass writes, so stored text sorts as time. */
export function formatUtc(ms: number): string {
  if (!Number.isSafeInteger(ms)) throw new RangeError(`formatUtc: ${ms} is not an integer epoch ms`);
  return new Date(ms).toISOString();
}

function digits2(s: string, at: number): number {
  const a = s.charCodeAt(at) - CHAR_0;
  const b = s.charCodeAt(at + 1) - CHAR_0;
  // Written as negated ranges so that NaN (reading past the end) is refused too.
  if (!(a >= 0 && a <= 9 && b >= 0 && b <= 9)) return -1;
  return a * 10 + b;
}

function digits4(s: string, at: number): number {
  const hi = digits2(s, at);
  const lo = digits2(s, at + 2);
  if (hi < 0 || lo < 0) return -1;
  return hi * 100 + lo;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
 * `Date.UTC` is avoided because it maps years 0..99 to 1900..1999.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}
