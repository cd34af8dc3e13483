import fc from 'fast-check';
import { labelledSample, measureScreening, syntheticSanctionsList } from '../testing/synthetic-sanctions';
import type { SanctionsEntry } from './entries';
import { DEFAULT_MATCHER_OPTIONS, SanctionsIndex } from './sanctions-index';

const entry = (entryId: string, name: string, more: Partial<SanctionsEntry> = {}): SanctionsEntry => ({
  list: 'ofac_sdn',
  entryId,
  subjectType: 'individual',
  name,
  aliases: [],
  countries: [],
  programs: ['SDGT'],
  ...more,
});

describe('SanctionsIndex', () => {
  const index = SanctionsIndex.build([
    entry('1', 'Viktor Pavlovich Ostrovsky', { aliases: ['Viktor Ostrovskiy', 'Wiktor Ostrowski'], countries: ['RU'] }),
    entry('2', 'Selim Yusuf Karamanli', { countries: ['TR'] }),
    entry('3', 'Northwind Maritime Trading Co. Ltd.', { subjectType: 'entity', countries: ['IR'] }),
    entry('4', 'Maria Rossi', { countries: ['IT'] }),
    entry('5', 'Jürgen Müller-Öztürk', { countries: ['DE'] }),
  ]);
  const decision = (name: string, country?: string) => index.screen(name, country).decision;

  it.each([
    ['Viktor Pavlovich Ostrovsky', undefined, 'block'],
    ['OSTROVSKY, Viktor Pavlovich', undefined, 'block'],
    ['viktor ostrovskiy', undefined, 'block'],
    ['Wiktor Ostrowski', 'RU', 'block'],
    // Close enough to the alias `Viktor Ostrovskiy` to block.
    ['Viktor Ostrovsky', undefined, 'block'],
    // A dropped middle name: review, and block with the listed country.
    ['Selim Karamanli', undefined, 'review'],
    ['Selim Karamanli', 'TR', 'block'],
    ['Viktor Ostrovskky', undefined, 'block'],
    ['Juergen Mueller Ozturk', undefined, 'review'],
    ['Jurgen Muller Ozturk', 'DE', 'block'],
    ['NORTHWIND MARITIME TRADING LLC', undefined, 'block'],
    ['Northwind Maritime Trading', undefined, 'block'],
    // A dropped last word is not a dropped middle name: `Trading` is a third of the name.
    ['Northwind Maritime', undefined, 'clear'],
    ['Mario Rossi', 'IT', 'block'],
    ['Mario Rossi', 'FR', 'review'],
    ['Paolo Rossi', undefined, 'clear'],
    ['Rossi', undefined, 'clear'],
    ['Selim Demir', undefined, 'clear'],
    ['Anna Karamanli', undefined, 'clear'],
  ])('%j (country %s) is %s', (name, country, expected) => {
    expect(decision(name, country)).toBe(expected);
  });

  it('names the entry and the listed name that matched, best first', () => {
    const result = index.screen('Wiktor Ostrowski');
    expect(result.matches[0]).toEqual({ list: 'ofac_sdn', entryId: '1', name: 'Wiktor Ostrowski', score: 1 });
  });

  it('honours configured thresholds', () => {
    const strict = SanctionsIndex.build([entry('4', 'Maria Rossi')], { ...DEFAULT_MATCHER_OPTIONS, thresholds: { block: 0.99, review: 0.97 } });
    expect(strict.screen('Mario Rossi').decision).toBe('clear');
    expect(strict.screen('Maria Rossi').decision).toBe('block');
  });

  it('decides the same through case, diacritics, punctuation and token order (property)', () => {
    const list = syntheticSanctionsList({ entries: 2_000, aliasesPerEntry: 1, seed: 3 });
    const small = SanctionsIndex.build(list);
    const accents: Record<string, string> = { a: 'à', e: 'ê', i: 'ï', o: 'ô', u: 'ú', c: 'ć', n: 'ń', s: 'š', z: 'ž' };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: list.length - 1 }), fc.integer({ min: 0, max: 3 }), fc.boolean(), (i, style, reversed) => {
        const name = list[i]!.name;
        const tokens = name.split(' ');
        const reordered = (reversed && tokens.length === 2 ? [...tokens].reverse() : tokens).join(' ');
        const variant = [
          reordered.toUpperCase(),
          reordered.replace(/[aeioucnsz]/g, (c) => accents[c] ?? c),
          reordered.split(' ').join(' - ') + '.',
          `  ${reordered.toLowerCase().replace(/ /g, ',  ')}  `,
        ][style]!;
        const original = small.screen(name);
        const screened = small.screen(variant);
        expect(screened.decision).toBe(original.decision);
        expect(screened.matches[0]).toEqual(original.matches[0]);
      }),
      { numRuns: 200 },
    );
  });

  // The figures the README reports: a full-size synthetic list (18,000 entries, ~1.2 aliases each)
  // and 400 true matches (exact, case, diacritics, punctuation, order, middle name dropped, alias,
  // one-letter typo) against 400 innocent look-alikes (same surname, same first name, surname only,
  // names mixed from two entries, unrelated, a shared company word).
  it('finds perturbed true matches and spares look-alikes on a full-size list', () => {
    const list = syntheticSanctionsList({ entries: 18_000, aliasesPerEntry: 1.2, seed: 7 });
    const full = SanctionsIndex.build(list);
    const figures = measureScreening(labelledSample(list, 400, 11), (name, country) => full.screen(name, country));
    expect(figures.recall).toBeGreaterThanOrEqual(0.98);
    expect(figures.precision).toBeGreaterThanOrEqual(0.85);
    expect(figures.falseBlockRate).toBeLessThanOrEqual(0.015);
    expect(figures.blockRecall).toBeGreaterThanOrEqual(0.9);
  });
});
