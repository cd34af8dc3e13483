/**
 * insert_deduplication_token of a batch keyed by its stream sequences: a retry of the very batch (same
 * sequences, same order) is then a no-op inside ClickHouse too.
 */
export function batchToken(kind: string, seqs: readonly number[]): string {
  let hash = 0x811c9dc5;
  for (const seq of seqs) hash = Math.imul(hash ^ seq, 0x01000193) >>> 0;
  return `${kind}:${seqs[0]}:${seqs.length}:${hash.toString(16)}`;
}
