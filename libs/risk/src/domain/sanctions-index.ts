import type { SanctionsEntry, SanctionsListId } from './entries';
import { DEFAULT_NAME_SCORE_OPTIONS, scoreTokens, type NameScoreOptions } from './name-score';
import { tokenizeName } from './normalize';
import { soundex } from './phonetic';
import { decide, DEFAULT_THRESHOLDS, type ScreeningDecision, type ScreeningThresholds } from './screening-decision';

export interface ScreeningMatch {
  list: SanctionsListId;
  entryId: string;
  /** The list's name or alias that matched best. */
  name: string;
  /** In [0, 1], four decimals; the decision compares this rounded figure with the thresholds. */
  score: number;
}

export interface ScreeningResult {
  decision: ScreeningDecision;
  matches: ScreeningMatch[];
}

export interface MatcherOptions {
  thresholds: ScreeningThresholds;
  name: NameScoreOptions;
  /**
   * Country as a signal, when both the party and the entry name countries: one in common adds
   * `countryMatchBonus`, none in common takes `countryMismatchPenalty` off. An exact name still blocks
   * across countries (1 − 0.05 = 0.95); a one-letter neighbour in another country drops to review.
   */
  countryMatchBonus: number;
  countryMismatchPenalty: number;
  /** Matches returned, best first. */
  matchesMax: number;
  /** Longest name screened, in characters: bounds the work of one decision. */
  nameLengthMax: number;
}

export const DEFAULT_MATCHER_OPTIONS: MatcherOptions = {
  thresholds: DEFAULT_THRESHOLDS,
  name: DEFAULT_NAME_SCORE_OPTIONS,
  countryMatchBonus: 0.02,
  countryMismatchPenalty: 0.05,
  matchesMax: 10,
  nameLengthMax: 300,
};

/** The largest number of tokens of one listed name that the index keys (the rest still score). */
const INDEXED_TOKENS_MAX = 15;

interface IndexedName {
  entry: number;
  text: string;
  tokens: string[];
}

/**
 * Every listed name and alias, keyed for retrieval by the keys of its tokens (`tokenKeys`: Soundex
 * and the one-deletion neighbourhood of the first four letters). A screening collects the names that share a key with the query, bounds each one's best
 * possible score by which tokens hit on each side (a name whose hits cannot cover enough of both
 * names cannot reach review), and scores only the rest token by token. The bound is exact for pairs
 * the keys find; a pair of tokens that shares no key is not considered similar.
 */
export class SanctionsIndex {
  private readonly names: IndexedName[] = [];
  private readonly postings = new Map<string, number[]>();
  // Scratch for one screening, reused: a stamp per name says whether its masks belong to this call.
  private stamp: Uint32Array;
  private queryHits: Uint32Array;
  private entryHits: Uint32Array;
  private generation = 0;

  private constructor(
    readonly entries: readonly SanctionsEntry[],
    readonly options: MatcherOptions,
  ) {
    for (const [entryIndex, entry] of entries.entries()) {
      for (const text of [entry.name, ...entry.aliases]) {
        const tokens = tokenizeName(text);
        if (tokens.length === 0) continue;
        const nameIndex = this.names.length;
        this.names.push({ entry: entryIndex, text, tokens });
        for (let t = 0; t < Math.min(tokens.length, INDEXED_TOKENS_MAX); t++) {
          for (const key of tokenKeys(tokens[t]!)) {
            let list = this.postings.get(key);
            if (!list) {
              list = [];
              this.postings.set(key, list);
            }
            list.push(nameIndex * 16 + t);
          }
        }
      }
    }
    this.stamp = new Uint32Array(this.names.length);
    this.queryHits = new Uint32Array(this.names.length);
    this.entryHits = new Uint32Array(this.names.length);
  }

  static build(entries: readonly SanctionsEntry[], options: MatcherOptions = DEFAULT_MATCHER_OPTIONS): SanctionsIndex {
    return new SanctionsIndex(entries, options);
  }

  get nameCount(): number {
    return this.names.length;
  }

  screen(name: string, country?: string | null): ScreeningResult {
    const { thresholds, matchesMax } = this.options;
    const query = tokenizeName(name.slice(0, this.options.nameLengthMax)).slice(0, this.options.name.tokensMax);
    if (query.length === 0) return { decision: 'clear', matches: [] };
    const candidates = this.candidates(query);
    const best = new Map<number, { score: number; text: string }>();
    const partyCountry = country ? country.toUpperCase() : null;
    for (const nameIndex of candidates) {
      const listed = this.names[nameIndex]!;
      const entry = this.entries[listed.entry]!;
      let score = scoreTokens(query, listed.tokens, this.options.name);
      if (score === 0) continue;
      if (partyCountry && entry.countries.length > 0) {
        score = entry.countries.includes(partyCountry) ? Math.min(1, score + this.options.countryMatchBonus) : Math.max(0, score - this.options.countryMismatchPenalty);
      }
      score = Math.round(score * 10_000) / 10_000;
      if (score < thresholds.review) continue;
      const current = best.get(listed.entry);
      if (!current || score > current.score) best.set(listed.entry, { score, text: listed.text });
    }
    const matches = [...best.entries()]
      .map(([entryIndex, m]) => ({ list: this.entries[entryIndex]!.list, entryId: this.entries[entryIndex]!.entryId, name: m.text, score: m.score }))
      .sort((a, b) => b.score - a.score || a.list.localeCompare(b.list) || a.entryId.localeCompare(b.entryId))
      .slice(0, matchesMax);
    return { decision: decide(matches[0]?.score ?? 0, thresholds), matches };
  }

  /** Names that share a key with the query and whose hits could still reach the review threshold. */
  private candidates(query: readonly string[]): number[] {
    this.generation = (this.generation + 1) >>> 0;
    if (this.generation === 0) {
      this.stamp.fill(0);
      this.generation = 1;
    }
    const gen = this.generation;
    const touched: number[] = [];
    for (let q = 0; q < query.length; q++) {
      const bit = 1 << q;
      for (const key of tokenKeys(query[q]!)) {
        const list = this.postings.get(key);
        if (!list) continue;
        for (let i = 0; i < list.length; i++) {
          const code = list[i]!;
          const nameIndex = (code / 16) | 0;
          if (this.stamp[nameIndex] !== gen) {
            this.stamp[nameIndex] = gen;
            this.queryHits[nameIndex] = 0;
            this.entryHits[nameIndex] = 0;
            touched.push(nameIndex);
          }
          this.queryHits[nameIndex]! |= bit;
          this.entryHits[nameIndex]! |= 1 << (code % 16);
        }
      }
    }
    const review = this.options.thresholds.review;
    const queryLengths = query.map((t) => t.length);
    return touched.filter((nameIndex) => {
      const tokens = this.names[nameIndex]!.tokens;
      const entryLengths = tokens.map((t) => t.length);
      const bound = Math.min(coverageBound(queryLengths, this.queryHits[nameIndex]!), coverageBound(entryLengths, this.entryHits[nameIndex]!, INDEXED_TOKENS_MAX));
      // The country bonus can lift a name by at most countryMatchBonus.
      return bound + this.options.countryMatchBonus >= review;
    });
  }
}

/**
 * The highest coverage a side can reach given which of its tokens were hit: unhit first and last
 * tokens count against it, unhit middle tokens are dropped (name-score's rule, at its most lenient).
 */
function coverageBound(lengths: readonly number[], hits: number, indexedMax = 32): number {
  let covered = 0;
  let total = 0;
  const hitCount = popcount(hits);
  for (let i = 0; i < lengths.length; i++) {
    const hit = i < indexedMax ? (hits & (1 << i)) !== 0 : true;
    if (hit) {
      covered += lengths[i]!;
      total += lengths[i]!;
    } else if (!(hitCount >= 2 && i > 0 && i < lengths.length - 1)) {
      total += lengths[i]!;
    }
  }
  return total === 0 ? 0 : covered / total;
}

function popcount(n: number): number {
  let c = 0;
  let v = n >>> 0;
  while (v) {
    v &= v - 1;
    c++;
  }
  return c;
}

/**
 * The keys of one token: its Soundex, and its first four letters with one of them deleted (the
 * deletion neighbourhood of SymSpell), so two spellings that differ by one substitution, insertion,
 * deletion or transposition within their first four letters still share a key (`harlen`/`halren`
 * share `har`, `smith`/`dmith` share `mit`). Tokens of three letters or fewer are their own key.
 */
function tokenKeys(token: string): string[] {
  const keys = [`f${soundex(token)}`];
  if (token.length <= 3) {
    keys.push(`d${token}`);
    return keys;
  }
  const head = token.slice(0, 4);
  for (let i = 0; i < 4; i++) {
    const key = `d${head.slice(0, i)}${head.slice(i + 1)}`;
    if (!keys.includes(key)) keys.push(key);
  }
  return keys;
}
