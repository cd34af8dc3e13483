import { jaroWinkler } from './jaro-winkler';

/**
 * Name normalisation for sanctions screening. The same function runs over list entries (when the index
 * is built) and over the name being screened, so whatever it folds, it folds on both sides.
 *
 * - NFKD, then every combining mark dropped: `Müller` and `Muller`, `Ǆ` and `DZ` compare equal.
 * - Letters that NFKD does not decompose are spelled out (`ß` → `ss`, `ø` → `o`, `ł` → `l`, …).
 * - Apostrophes vanish inside a word (`O'Brien` → `obrien`); every other non-letter, non-digit is a
 *   token break (`AL-BAGHDADI` → `al baghdadi`, `Smith, John` → `smith john`).
 * - Connecting particles (`al`, `bin`, `van`, `de`, …) and legal forms (`LLC`, `Co Ltd`, `JSC`, …)
 *   are dropped: particles are written, joined and omitted inconsistently across transliterations,
 *   and legal forms are shared by thousands of unrelated entities; either would count as evidence.
 */

const SPELLED_OUT: Record<string, string> = {
  ß: 'ss',
  ẞ: 'ss',
  ø: 'o',
  Ø: 'o',
  æ: 'ae',
  Æ: 'ae',
  œ: 'oe',
  Œ: 'oe',
  ł: 'l',
  Ł: 'l',
  đ: 'd',
  Đ: 'd',
  ð: 'd',
  Ð: 'd',
  þ: 'th',
  Þ: 'th',
  ı: 'i',
  ħ: 'h',
  Ħ: 'h',
};

/**
 * Legal forms: every third listed entity is a `… Trading Co Ltd`, so a shared legal form is no
 * evidence, and `Caspian Studio JSC` must not ride on `JSC` towards `Caspian Marine JSC`.
 */
export const LEGAL_FORMS: ReadonlySet<string> = new Set([
  'co', 'company', 'ltd', 'limited', 'llc', 'llp', 'inc', 'incorporated', 'corp', 'corporation', 'group', 'plc', 'fze', 'fzco', 'fzc', 'fzllc',
  'jsc', 'ojsc', 'cjsc', 'pjsc', 'oao', 'ooo', 'zao', 'pao', 'ao', 'tov', 'gmbh', 'ag', 'sa', 'sarl', 'sas', 'srl', 'spa', 'bv', 'nv', 'ab', 'oy', 'as', 'kft', 'establishment', 'est',
]);

/** Joining particles and English function words that carry no identity on their own. */
export const NAME_PARTICLES: ReadonlySet<string> = new Set(['of', 'the', 'and', 'al', 'el', 'ul', 'bin', 'ibn', 'bint', 'binti', 'de', 'da', 'del', 'della', 'di', 'du', 'van', 'von', 'der', 'den', 'y']);

/** The long legal forms, also recognised through a typo (`Corproation`, `Establishment`). */
const LONG_LEGAL_FORMS = [...LEGAL_FORMS].filter((f) => f.length >= 7);
const LEGAL_FORM_TYPO_MIN = 0.92;

function isLegalForm(token: string): boolean {
  if (LEGAL_FORMS.has(token)) return true;
  if (token.length < 6) return false;
  return LONG_LEGAL_FORMS.some((f) => Math.abs(f.length - token.length) <= 1 && jaroWinkler(f, token) >= LEGAL_FORM_TYPO_MIN);
}

const APOSTROPHES = /['’‘`´]/g;
const SPELLED_OUT_RE = new RegExp(`[${Object.keys(SPELLED_OUT).join('')}]`, 'g');

/** Lower-case ASCII-ish text with single spaces between tokens. */
export function normalizeName(raw: string): string {
  return raw
    .replace(SPELLED_OUT_RE, (c) => SPELLED_OUT[c] ?? c)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(APOSTROPHES, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * The tokens a name is compared by, in written order. Particles and legal forms are dropped unless
 * nothing else is left (a name that is only particles still has to be comparable with itself).
 */
export function tokenizeName(raw: string): string[] {
  const normalized = normalizeName(raw);
  if (normalized === '') return [];
  const all = normalized.split(' ');
  const meaningful = all.filter((t) => !NAME_PARTICLES.has(t) && !isLegalForm(t));
  return meaningful.length > 0 ? meaningful : all;
}
