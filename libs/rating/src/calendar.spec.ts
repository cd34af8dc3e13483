import { addMonthsClamped, isCalendarMonth } from './calendar';

const t = (iso: string) => Date.parse(iso);

describe('addMonthsClamped', () => {
  it.each([
    ['2027-01-31T10:00:00Z', 1, '2027-02-28T10:00:00.000Z'],
    ['2028-01-31T10:00:00Z', 1, '2028-02-29T10:00:00.000Z'],
    ['2027-01-31T00:00:00Z', 3, '2027-04-30T00:00:00.000Z'],
    ['2027-01-31T00:00:00Z', 6, '2027-07-31T00:00:00.000Z'],
    ['2026-11-10T00:00:00Z', 3, '2027-02-10T00:00:00.000Z'],
    ['2026-12-15T00:00:00Z', 13, '2028-01-15T00:00:00.000Z'],
  ])('%s + %i months = %s', (from, months, expected) => {
    expect(new Date(addMonthsClamped(t(from), months)).toISOString()).toBe(expected);
  });
});

describe('billing periods', () => {
  it('recognises whole months only', () => {
    expect(isCalendarMonth({ startMs: t('2026-11-01T00:00:00Z'), endMs: t('2026-12-01T00:00:00Z') })).toBe(true);
    expect(isCalendarMonth({ startMs: t('2026-11-01T00:00:00Z'), endMs: t('2026-11-30T00:00:00Z') })).toBe(false);
  });
});
