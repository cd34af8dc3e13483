import fc from 'fast-check';
import { DomainError } from '@hourglass/contracts';
import { MS_PER_DAY } from './constants';
import { InvalidPeriodError, Period, periodOf } from './period';

const t = (iso: string) => Date.parse(iso);
const anyPeriod = fc.record({ year: fc.integer({ min: 0, max: 9998 }), month: fc.integer({ min: 1, max: 12 }) }).map(({ year, month }) =>
  Period.parse(`${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`),
);

describe('Period', () => {
  it('maps YYYY-MM to its UTC month and back', () => {
    const nov = Period.parse('2026-11');
    expect(nov.span).toEqual({ startMs: t('2026-11-01T00:00:00Z'), endMs: t('2026-12-01T00:00:00Z') });
    expect(Period.parse('2026-12').span).toEqual({ startMs: t('2026-12-01T00:00:00Z'), endMs: t('2027-01-01T00:00:00Z') });
    expect(String(nov)).toBe('2026-11');
    expect(JSON.stringify({ period: nov })).toBe('{"period":"2026-11"}');
    expect(periodOf(t('2026-11-30T23:59:59.999Z'))).toBe('2026-11');
    expect(periodOf(t('2026-12-01T00:00:00.000Z'))).toBe('2026-12');
  });

  it('walks across year ends both ways', () => {
    expect(Period.parse('2026-12').next().toString()).toBe('2027-01');
    expect(Period.parse('2027-01').previous().toString()).toBe('2026-12');
    expect(Period.parse('2026-11').plus(-23).toString()).toBe('2024-12');
  });

  it('keeps years below 100 as written (Date.UTC would map them to 19xx)', () => {
    expect(Period.parse('0050-01').span).toEqual({ startMs: -60_589_296_000_000, endMs: -60_586_617_600_000 });
    expect(Period.containing(-60_589_296_000_000).toString()).toBe('0050-01');
  });

  it.each(['2026-13', '2026-00', '2026-1', '26-11', '2026-11-01', ' 2026-11', 'Nov 2026', ''])('refuses %j with reason invalid_period', (text) => {
    expect(Period.tryParse(text)).toBeNull();
    expect(Period.isPeriod(text)).toBe(false);
    const error = (() => {
      try {
        Period.parse(text);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InvalidPeriodError);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).reason).toBe('invalid_period');
    expect((error as DomainError).message).toMatch(/YYYY-MM/);
  });

  it('has ended only once its last millisecond has passed', () => {
    const nov = Period.parse('2026-11');
    expect(nov.hasEndedAt(nov.endMs - 1)).toBe(false);
    expect(nov.hasEndedAt(nov.endMs)).toBe(true);
  });

  it('tiles time: each period ends where the next starts, 28 to 31 days long', () => {
    fc.assert(
      fc.property(anyPeriod, (p) => {
        expect(p.next().startMs).toBe(p.endMs);
        expect(p.next().previous().equals(p)).toBe(true);
        expect(Period.parse(p.toString()).equals(p)).toBe(true);
        const days = (p.endMs - p.startMs) / MS_PER_DAY;
        expect(days >= 28 && days <= 31).toBe(true);
      }),
    );
  });

  it.each<[string, number, number, number]>([
    ['mid-month', Date.UTC(2026, 10, 26, 12), Date.UTC(2026, 10, 1), Date.UTC(2026, 11, 1)],
    ['exactly at a month start', Date.UTC(2026, 10, 1), Date.UTC(2026, 10, 1), Date.UTC(2026, 11, 1)],
    ['1 ms before a month start', Date.UTC(2026, 11, 1) - 1, Date.UTC(2026, 10, 1), Date.UTC(2026, 11, 1)],
    ['in a leap February', Date.UTC(2028, 1, 29), Date.UTC(2028, 1, 1), Date.UTC(2028, 2, 1)],
    ['before 1970', Date.UTC(1969, 6, 20, 20, 17), Date.UTC(1969, 6, 1), Date.UTC(1969, 7, 1)],
  ])('places an instant %s in its month', (_name, ms, startMs, endMs) => {
    expect(Period.containing(ms).span).toEqual({ startMs, endMs });
  });

  it('starts every month on day 1 at midnight UTC, whatever instant names it', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) }), (ms) => {
        const p = Period.containing(ms);
        expect(new Date(p.startMs).toISOString().slice(8)).toBe('01T00:00:00.000Z');
        expect(Period.containing(p.endMs - 1).equals(p)).toBe(true);
        expect(p.toString()).toBe(new Date(ms).toISOString().slice(0, 7));
      }),
    );
  });

  it('finds the period containing any instant of it', () => {
    fc.assert(
      fc.property(anyPeriod, fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), (p, f) => {
        const ms = p.startMs + Math.floor(f * (p.endMs - p.startMs));
        expect(Period.containing(ms).equals(p)).toBe(true);
        expect(p.contains(ms)).toBe(true);
      }),
    );
  });

  it('adds months as a group: (p + a) + b = p + (a + b)', () => {
    fc.assert(
      fc.property(anyPeriod.filter((p) => p.year >= 40 && p.year <= 9950), fc.integer({ min: -200, max: 200 }), fc.integer({ min: -200, max: 200 }), (p, a, b) => {
        expect(p.plus(a).plus(b).equals(p.plus(a + b))).toBe(true);
      }),
    );
  });
});
