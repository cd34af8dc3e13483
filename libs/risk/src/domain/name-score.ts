import { jaroWinkler } from './jaro-winkler';

export interface NameScoreOptions {
  /**
   * Below this, two tokens are different tokens, not a typo of one another. Without the floor a
   * shared surname plus any first name would reach review (`jane` ~ `john` is 0.70).
   */
  tokenFloor: number;
  /**
   * Factor per middle token present on one side only (`John Smith` against `John Michael Smith`):
   * 0.93 puts a dropped middle name in review, and in block only with the same country.
   */
  droppedMiddlePenalty: number;
  /**
   * Two tokens whose lengths differ more than this ratio are different tokens: Winkler's prefix bonus
   * would otherwise make `maknov` a typo of `maknovnov` (0.93) and `smith` one of `smithson`.
   */
  lengthRatioMin: number;
  /** At most this many tokens per side take part (the rest count as unmatched): bounds the assignment. */
  tokensMax: number;
}

export const DEFAULT_NAME_SCORE_OPTIONS: NameScoreOptions = { tokenFloor: 0.8, droppedMiddlePenalty: 0.93, lengthRatioMin: 0.75, tokensMax: 8 };

/**
 * How well two tokenised names match, in [0, 1]. Tokens are paired one to one to maximise the summed
 * (length-weighted) Jaro-Winkler similarity, whatever their order, so `Smith John` matches
 * `John Smith`. Then:
 *
 *   score = quality × coverage(query) × coverage(entry) × droppedMiddlePenalty^(middle tokens unmatched)
 *
 * - quality: mean similarity of the paired tokens, weighted by their lengths;
 * - coverage of a side: the length share of its tokens that are paired, not counting the unmatched
 *   middle tokens that the penalty already paid for;
 * - a middle token is neither the first nor the last written one, and only counts as dropped when two
 *   or more pairs hold the name together around it and every token of the other name is paired: when
 *   both names have tokens left over, one was substituted for the other, not dropped.
 *
 * So a shared surname alone covers half of each name at best (`Jane Smith` ~ `John Smith` is 0.31),
 * one typo in one token of two costs a few hundredths, and a dropped middle name seven hundredths.
 */
export function scoreTokens(query: readonly string[], entry: readonly string[], options: NameScoreOptions = DEFAULT_NAME_SCORE_OPTIONS): number {
  const q = query.slice(0, options.tokensMax);
  const e = entry.slice(0, options.tokensMax);
  if (q.length === 0 || e.length === 0) return 0;
  // The subsets run over the shorter side: 2^min(n, m) states.
  const pairs = q.length >= e.length ? bestAssignment(q, e, options) : bestAssignment(e, q, options).map((p) => ({ qi: p.ei, ei: p.qi, sim: p.sim }));
  if (pairs.length === 0) return 0;
  let weighted = 0;
  let weights = 0;
  const pairedQ = new Uint8Array(q.length);
  const pairedE = new Uint8Array(e.length);
  for (const p of pairs) {
    const w = q[p.qi]!.length + e[p.ei]!.length;
    weighted += p.sim * w;
    weights += w;
    pairedQ[p.qi] = 1;
    pairedE[p.ei] = 1;
  }
  const quality = weighted / weights;
  // Middle names count as dropped on one side only, and only when the other is wholly paired.
  const dropsQ = pairs.length >= 2 && pairs.length === e.length;
  const dropsE = pairs.length >= 2 && pairs.length === q.length;
  const sideQ = coverage(q, pairedQ, dropsQ, query.length);
  const sideE = coverage(e, pairedE, dropsE, entry.length);
  return quality * sideQ.coverage * sideE.coverage * options.droppedMiddlePenalty ** (sideQ.middlesDropped + sideE.middlesDropped);
}

function coverage(tokens: readonly string[], paired: Uint8Array, mayDropMiddles: boolean, fullLength: number): { coverage: number; middlesDropped: number } {
  let total = 0;
  let covered = 0;
  let middlesDropped = 0;
  for (let i = 0; i < tokens.length; i++) {
    const len = tokens[i]!.length;
    if (paired[i] === 1) {
      covered += len;
      total += len;
    } else if (mayDropMiddles && i > 0 && i < fullLength - 1) {
      middlesDropped++;
    } else {
      total += len;
    }
  }
  return { coverage: total === 0 ? 0 : covered / total, middlesDropped };
}

interface Pair {
  qi: number;
  ei: number;
  sim: number;
}

/**
 * The one-to-one pairing of query and entry tokens with the greatest summed weighted similarity,
 * among pairs at or above the floor: exact, by dynamic programming over the subsets of the entry's
 * tokens (at most 2^tokensMax states per query token).
 */
function bestAssignment(q: readonly string[], e: readonly string[], options: NameScoreOptions): Pair[] {
  const sims: number[][] = q.map((qt) =>
    e.map((et) => {
      if (Math.min(qt.length, et.length) < options.lengthRatioMin * Math.max(qt.length, et.length)) return 0;
      const s = jaroWinkler(qt, et);
      return s >= options.tokenFloor ? s : 0;
    }),
  );
  const n = q.length;
  const m = e.length;
  const states = 1 << m;
  // best[i][mask]: best total using query tokens i.. with entry tokens in mask already taken.
  const best: Float64Array[] = Array.from({ length: n + 1 }, () => new Float64Array(states));
  for (let i = n - 1; i >= 0; i--) {
    const row = sims[i]!;
    const next = best[i + 1]!;
    const here = best[i]!;
    for (let mask = 0; mask < states; mask++) {
      let value = next[mask]!;
      for (let j = 0; j < m; j++) {
        const s = row[j]!;
        if (s === 0 || (mask & (1 << j)) !== 0) continue;
        const candidate = s * (q[i]!.length + e[j]!.length) + next[mask | (1 << j)]!;
        if (candidate > value) value = candidate;
      }
      here[mask] = value;
    }
  }
  const pairs: Pair[] = [];
  let mask = 0;
  for (let i = 0; i < n; i++) {
    const target = best[i]![mask]!;
    if (target === best[i + 1]![mask]!) continue;
    const row = sims[i]!;
    for (let j = 0; j < m; j++) {
      const s = row[j]!;
      if (s === 0 || (mask & (1 << j)) !== 0) continue;
      if (s * (q[i]!.length + e[j]!.length) + best[i + 1]![mask | (1 << j)]! === target) {
        pairs.push({ qi: i, ei: j, sim: s });
        mask |= 1 << j;
        break;
      }
    }
  }
  return pairs;
}
