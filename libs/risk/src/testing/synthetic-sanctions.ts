import type { SanctionsEntry } from '../domain/entries';
import { tokenizeName } from '../domain/normalize';

/**
 * A synthetic sanctions list and a labelled screening sample, generated from a seed: what the
 * screening test and `bench/screening` measure precision, recall, false blocks and latency on. No real
 * list is fetched or shipped. Names mix Arabic, Slavic, Persian, Chinese, Latin-American and Western
 * names and trading-company names, with the repetition of the real lists (many Mohammeds, many
 * "Trading Co"s), so that look-alikes are plentiful.
 */

const FIRST = [
  'mohammed', 'ahmad', 'ali', 'hassan', 'hussein', 'omar', 'khalid', 'abdullah', 'ibrahim', 'yusuf', 'mustafa', 'tariq', 'karim', 'samir', 'walid', 'faisal', 'nasser', 'rashid', 'jamal', 'bilal',
  'fatima', 'aisha', 'maryam', 'layla', 'zainab', 'amina', 'noor', 'huda', 'salma', 'yasmin',
  'ivan', 'dmitri', 'sergei', 'alexei', 'nikolai', 'vladimir', 'mikhail', 'andrei', 'pavel', 'yuri', 'oleg', 'boris', 'viktor', 'igor', 'anatoly', 'gennady', 'konstantin', 'stanislav', 'arkady', 'leonid',
  'olga', 'tatiana', 'svetlana', 'natalia', 'irina', 'yelena', 'ludmila', 'galina', 'marina', 'anastasia',
  'reza', 'mahmoud', 'hossein', 'mehdi', 'javad', 'majid', 'saeed', 'hamid', 'kourosh', 'dariush',
  'wei', 'jian', 'ming', 'hong', 'xiaoping', 'jun', 'lei', 'qiang', 'hui', 'yong',
  'carlos', 'jose', 'luis', 'miguel', 'jorge', 'alejandro', 'rafael', 'fernando', 'ricardo', 'eduardo', 'diego', 'manuel', 'pablo', 'ramon', 'hector',
  'maria', 'carmen', 'lucia', 'isabel', 'rosa', 'elena', 'gabriela', 'veronica', 'patricia', 'adriana',
  'john', 'michael', 'robert', 'william', 'james', 'richard', 'thomas', 'charles', 'daniel', 'matthew', 'peter', 'george', 'edward', 'henry', 'frank',
  'anna', 'sarah', 'emily', 'helen', 'laura', 'claire', 'julia', 'susan', 'karen', 'nancy',
  'kim', 'jong', 'chol', 'song', 'hyon', 'min', 'sung', 'ri', 'pak', 'choe',
];

const LAST = [
  'al rashid', 'al zahrani', 'al masri', 'haddad', 'khoury', 'nasrallah', 'mansour', 'aziz', 'hamdan', 'saleh', 'qasim', 'darwish', 'barakat', 'farouk', 'ghanem', 'habib', 'jaber', 'kassem', 'makhlouf', 'nassar',
  'al baghdadi', 'al tikriti', 'al awlaki', 'bin laden', 'zawahiri', 'hekmatyar', 'haqqani', 'mehsud', 'yousef', 'shehzad',
  'ivanov', 'petrov', 'sidorov', 'smirnov', 'kuznetsov', 'popov', 'volkov', 'sokolov', 'lebedev', 'kozlov', 'novikov', 'morozov', 'pavlov', 'semenov', 'golubev', 'vinogradov', 'bogdanov', 'vorobyov', 'fedorov', 'mikhailov',
  'rotenberg', 'timchenko', 'deripaska', 'abramovich', 'usmanov', 'vekselberg', 'kovalchuk', 'sechin', 'miller', 'shamalov',
  'ahmadi', 'hosseini', 'mousavi', 'rezaei', 'karimi', 'jafari', 'rahimi', 'sadeghi', 'moradi', 'ghorbani', 'soleimani', 'larijani', 'rafsanjani', 'khamenei', 'velayati',
  'wang', 'li', 'zhang', 'liu', 'chen', 'yang', 'huang', 'zhao', 'wu', 'zhou', 'xu', 'sun', 'ma', 'zhu', 'hu',
  'garcia', 'rodriguez', 'martinez', 'hernandez', 'lopez', 'gonzalez', 'perez', 'sanchez', 'ramirez', 'torres', 'flores', 'rivera', 'gomez', 'diaz', 'cruz', 'morales', 'reyes', 'gutierrez', 'ortiz', 'chavez',
  'maduro', 'cabello', 'guzman', 'zambada', 'caro quintero', 'carrillo fuentes', 'arellano felix', 'cardenas', 'trevino', 'lazcano',
  'smith', 'johnson', 'williams', 'brown', 'jones', 'davis', 'wilson', 'anderson', 'taylor', 'thomas', 'moore', 'jackson', 'martin', 'lee', 'thompson', 'white', 'harris', 'clark', 'lewis', 'walker',
  'kim', 'park', 'choi', 'jang', 'ri', 'o', 'han', 'kang', 'yun', 'jon',
];

const SYLLABLES = ['ka', 'ro', 'mi', 'sa', 'vel', 'dor', 'an', 'tek', 'zu', 'bra', 'lin', 'mor', 'ges', 'ti', 'nov', 'hal', 'qar', 'ser', 'pol', 'dan', 'vik', 'ush', 'ren', 'bel', 'mak', 'tor', 'fil', 'gan'];

const ENTITY_HEADS = ['golden', 'silver', 'eastern', 'western', 'northern', 'global', 'united', 'pacific', 'caspian', 'gulf', 'ocean', 'star', 'crescent', 'phoenix', 'falcon', 'eagle', 'delta', 'atlas', 'orient', 'sahara', 'baltic', 'arctic', 'crimson', 'emerald', 'royal'];
const ENTITY_BODIES = ['trading', 'shipping', 'petroleum', 'energy', 'industrial', 'logistics', 'investment', 'holding', 'marine', 'aviation', 'technology', 'engineering', 'metals', 'chemicals', 'finance', 'exchange', 'construction', 'mining', 'electronics', 'pharma'];
const ENTITY_SUFFIXES = ['company', 'co ltd', 'llc', 'limited', 'group', 'corporation', 'fze', 'jsc', 'gmbh', 'sa', 'establishment', 'bank'];

const COUNTRIES = ['IR', 'RU', 'SY', 'KP', 'CU', 'VE', 'IQ', 'AF', 'LB', 'YE', 'CN', 'MX', 'CO', 'AE', 'TR', 'BY', 'MM', 'PK', 'SD', 'LY'];

/** Mulberry32: small, fast and reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rnd: () => number, from: readonly T[]): T {
  return from[Math.floor(rnd() * from.length)]!;
}

function title(s: string): string {
  return s.replace(/\b[a-z]/g, (c) => c.toUpperCase());
}

function syllableName(rnd: () => number): string {
  const n = 2 + Math.floor(rnd() * 2);
  let s = '';
  for (let i = 0; i < n; i++) s += pick(rnd, SYLLABLES);
  return s;
}

function surname(rnd: () => number): string {
  return rnd() < 0.5 ? pick(rnd, LAST) : syllableName(rnd) + pick(rnd, ['ov', 'ani', 'ez', 'i', 'son', 'enko', '']);
}

function personName(rnd: () => number): string {
  const parts = [pick(rnd, FIRST)];
  if (rnd() < 0.45) parts.push(rnd() < 0.5 ? pick(rnd, FIRST) : syllableName(rnd));
  parts.push(surname(rnd));
  return title(parts.join(' '));
}

function entityName(rnd: () => number): string {
  const head = rnd() < 0.5 ? pick(rnd, ENTITY_HEADS) : syllableName(rnd);
  const parts = [head];
  if (rnd() < 0.5) parts.push(syllableName(rnd));
  parts.push(pick(rnd, ENTITY_BODIES), pick(rnd, ENTITY_SUFFIXES));
  return title(parts.join(' '));
}

/** A spelling variant as lists give aliases: another transliteration, or a name used elsewhere. */
function aliasOf(rnd: () => number, name: string, individual: boolean): string {
  const r = rnd();
  if (r < 0.4) {
    const variants: Array<[RegExp, string]> = [[/mohammed/i, 'Muhammad'], [/ou/g, 'u'], [/y/g, 'i'], [/ei/g, 'ey'], [/kh/g, 'h'], [/ov\b/g, 'off'], [/q/g, 'k'], [/ee/g, 'i'], [/a\b/g, 'ah']];
    for (const [re, by] of variants) if (re.test(name)) return name.replace(re, by);
    return `${name} ${individual ? pick(rnd, FIRST) : 'International'}`.replace(/\b[a-z]/g, (c) => c.toUpperCase());
  }
  return individual ? personName(rnd) : entityName(rnd);
}

export interface SyntheticListOptions {
  entries: number;
  /** Aliases per entry on average. */
  aliasesPerEntry: number;
  seed: number;
}

export function syntheticSanctionsList(options: SyntheticListOptions): SanctionsEntry[] {
  const rnd = seededRandom(options.seed);
  const list: SanctionsEntry[] = [];
  for (let i = 0; i < options.entries; i++) {
    const individual = rnd() < 0.6;
    const name = individual ? personName(rnd) : entityName(rnd);
    const aliases: string[] = [];
    let budget = options.aliasesPerEntry;
    while (rnd() < budget / (budget + 1)) {
      aliases.push(aliasOf(rnd, name, individual));
      budget -= 1;
    }
    const countries = rnd() < 0.8 ? [pick(rnd, COUNTRIES)] : [];
    list.push({
      list: rnd() < 0.8 ? 'ofac_sdn' : 'eu',
      entryId: String(10_000 + i),
      subjectType: individual ? 'individual' : 'entity',
      name,
      aliases,
      countries,
      programs: [pick(rnd, ['SDGT', 'IRAN', 'RUSSIA-EO14024', 'SDNTK', 'VENEZUELA', 'DPRK', 'SYRIA'])],
    });
  }
  return list;
}

export type Perturbation = 'case' | 'diacritics' | 'punctuation' | 'order' | 'middle_dropped' | 'alias' | 'typo' | 'exact';
export type LookAlike = 'same_surname' | 'same_first_name' | 'surname_only' | 'mixed_entries' | 'unrelated' | 'shared_entity_word';

export interface LabelledName {
  name: string;
  country: string | null;
  /** The entry this name stands for, or null for an innocent party. */
  truth: { list: string; entryId: string } | null;
  kind: Perturbation | LookAlike;
}

const ACCENTS: Record<string, string> = { a: 'á', e: 'é', i: 'í', o: 'ö', u: 'ü', c: 'ç', n: 'ñ', s: 'ş' };

function typo(rnd: () => number, name: string): string {
  const tokens = name.split(' ');
  // One letter in the longest token, never its first: a typo in a four-letter name is another name.
  let at = 0;
  for (let i = 1; i < tokens.length; i++) if (tokens[i]!.length > tokens[at]!.length) at = i;
  const t = tokens[at]!;
  if (t.length < 5) return name;
  const p = 1 + Math.floor(rnd() * (t.length - 2));
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const kind = Math.floor(rnd() * 4);
  let changed: string;
  if (kind === 0) changed = t.slice(0, p) + pick(rnd, [...letters]) + t.slice(p + 1);
  else if (kind === 1) changed = t.slice(0, p) + t.slice(p + 1);
  else if (kind === 2) changed = t.slice(0, p) + pick(rnd, [...letters]) + t.slice(p);
  else changed = t.slice(0, p) + t[p + 1]! + t[p]! + t.slice(p + 2);
  tokens[at] = changed;
  return tokens.join(' ');
}

function perturb(rnd: () => number, entry: SanctionsEntry, kind: Perturbation): string | null {
  const name = entry.name;
  switch (kind) {
    case 'exact':
      return name;
    case 'case':
      return rnd() < 0.5 ? name.toUpperCase() : name.toLowerCase();
    case 'diacritics':
      return name.replace(/[aeioucns]/g, (c) => (rnd() < 0.35 ? ACCENTS[c]! : c));
    case 'punctuation': {
      const tokens = name.split(' ');
      if (entry.subjectType === 'individual' && tokens.length >= 2) return `${tokens[tokens.length - 1]!.toUpperCase()}, ${tokens.slice(0, -1).join(' ')}`;
      return tokens.join(rnd() < 0.5 ? '-' : '. ') + '.';
    }
    case 'order':
      return name.split(' ').reverse().join(' ');
    case 'middle_dropped': {
      const tokens = name.split(' ');
      if (entry.subjectType !== 'individual' || tokens.length < 3) return null;
      return [tokens[0], ...tokens.slice(2)].join(' ');
    }
    case 'alias':
      return entry.aliases.length > 0 ? pick(rnd, entry.aliases) : null;
    case 'typo': {
      const t = typo(rnd, name);
      return t === name ? null : t;
    }
  }
}

function lookAlike(rnd: () => number, list: readonly SanctionsEntry[], kind: LookAlike): string | null {
  const a = pick(rnd, list);
  const individualTokens = (e: SanctionsEntry) => (e.subjectType === 'individual' ? e.name.split(' ') : null);
  switch (kind) {
    case 'same_surname': {
      const t = individualTokens(a);
      if (!t) return null;
      return title(`${pick(rnd, FIRST)} ${t[t.length - 1]}`);
    }
    case 'same_first_name': {
      const t = individualTokens(a);
      if (!t) return null;
      return title(`${t[0]} ${surname(rnd)}`);
    }
    case 'surname_only': {
      const t = individualTokens(a);
      return t ? t[t.length - 1]! : null;
    }
    case 'mixed_entries': {
      const b = pick(rnd, list);
      const ta = individualTokens(a);
      const tb = individualTokens(b);
      return ta && tb ? `${ta[0]} ${tb[tb.length - 1]}` : null;
    }
    case 'unrelated':
      return title(`${pick(rnd, ['lena', 'tomasz', 'ingrid', 'kwame', 'priya', 'hiroshi', 'sven', 'amara', 'mateo', 'chloe'])} ${syllableName(rnd)}${pick(rnd, ['berg', 'stein', 'sen', 'ski', 'wala'])}`);
    case 'shared_entity_word': {
      if (a.subjectType !== 'entity') return null;
      const words = a.name.split(' ');
      return title(`${words[0]} ${pick(rnd, ['bakery', 'dental', 'florist', 'software', 'consulting', 'tours', 'fitness', 'studio'])} ${pick(rnd, ENTITY_SUFFIXES)}`);
    }
  }
}

const PERTURBATIONS: readonly Perturbation[] = ['exact', 'case', 'diacritics', 'punctuation', 'order', 'middle_dropped', 'alias', 'typo'];
const LOOK_ALIKES: readonly LookAlike[] = ['same_surname', 'same_first_name', 'surname_only', 'mixed_entries', 'unrelated', 'shared_entity_word'];

/**
 * `size` true matches (an entry's name perturbed one way, with the entry's country half the time) and
 * `size` innocents built to look like listed names. An innocent whose tokens are exactly those of a
 * listed name or alias is not innocent, and is left out.
 */
export function labelledSample(list: readonly SanctionsEntry[], size: number, seed: number): LabelledName[] {
  const rnd = seededRandom(seed);
  // Names an innocent may not have: a listed name or alias, or two or more of its tokens (the listed
  // name with its middle names dropped), which a screener must flag however the sample labels it.
  const listed = new Set<string>();
  for (const e of list) {
    for (const n of [e.name, ...e.aliases]) {
      const tokens = tokenizeName(n);
      listed.add([...tokens].sort().join(' '));
      for (let i = 1; i < tokens.length - 1; i++) listed.add([...tokens.slice(0, i), ...tokens.slice(i + 1)].sort().join(' '));
      if (tokens.length >= 3) listed.add([tokens[0]!, tokens[tokens.length - 1]!].sort().join(' '));
    }
  }
  const out: LabelledName[] = [];
  let trueCount = 0;
  let i = 0;
  while (trueCount < size) {
    const entry = pick(rnd, list);
    const kind = PERTURBATIONS[i++ % PERTURBATIONS.length]!;
    const name = perturb(rnd, entry, kind);
    if (name === null) continue;
    const country = entry.countries.length > 0 && rnd() < 0.5 ? entry.countries[0]! : null;
    out.push({ name, country, truth: { list: entry.list, entryId: entry.entryId }, kind });
    trueCount++;
  }
  let innocents = 0;
  i = 0;
  while (innocents < size) {
    const kind = LOOK_ALIKES[i++ % LOOK_ALIKES.length]!;
    const name = lookAlike(rnd, list, kind);
    if (name === null || listed.has(tokenizeName(name).sort().join(' '))) continue;
    out.push({ name, country: rnd() < 0.5 ? pick(rnd, COUNTRIES) : null, truth: null, kind });
    innocents++;
  }
  return out;
}

export interface ScreeningFigures {
  truePositives: number;
  falseNegatives: number;
  falsePositives: number;
  trueNegatives: number;
  blockedInnocents: number;
  innocents: number;
  precision: number;
  recall: number;
  falseBlockRate: number;
  /** True matches that were blocked outright (the rest went to review). */
  blockRecall: number;
  missedByKind: Record<string, number>;
  flaggedInnocentsByKind: Record<string, number>;
}

/**
 * A true match counts as found when the decision is not `clear` and its entry is among the matches;
 * an innocent counts as a false positive when the decision is not `clear`, and as a false block when
 * it is `block`.
 */
export function measureScreening(sample: readonly LabelledName[], screen: (name: string, country: string | null) => { decision: string; matches: Array<{ list: string; entryId: string }> }): ScreeningFigures {
  let tp = 0;
  let fn = 0;
  let fp = 0;
  let tn = 0;
  let blockedInnocents = 0;
  let blockedTrue = 0;
  let innocents = 0;
  const missedByKind: Record<string, number> = {};
  const flaggedInnocentsByKind: Record<string, number> = {};
  for (const s of sample) {
    const result = screen(s.name, s.country);
    if (s.truth) {
      const found = result.decision !== 'clear' && result.matches.some((m) => m.list === s.truth!.list && m.entryId === s.truth!.entryId);
      if (found) tp++;
      else {
        fn++;
        missedByKind[s.kind] = (missedByKind[s.kind] ?? 0) + 1;
      }
      if (found && result.decision === 'block') blockedTrue++;
    } else {
      innocents++;
      if (result.decision === 'clear') tn++;
      else {
        fp++;
        flaggedInnocentsByKind[s.kind] = (flaggedInnocentsByKind[s.kind] ?? 0) + 1;
        if (result.decision === 'block') blockedInnocents++;
      }
    }
  }
  return {
    truePositives: tp,
    falseNegatives: fn,
    falsePositives: fp,
    trueNegatives: tn,
    blockedInnocents,
    innocents,
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    recall: tp + fn === 0 ? 1 : tp / (tp + fn),
    falseBlockRate: innocents === 0 ? 0 : blockedInnocents / innocents,
    blockRecall: tp + fn === 0 ? 1 : blockedTrue / (tp + fn),
    missedByKind,
    flaggedInnocentsByKind,
  };
}
