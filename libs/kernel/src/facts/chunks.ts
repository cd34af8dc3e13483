/**
 * Cuts rows into bounded inserts, each with a dedup token derived from the write's own token and the
 * chunk's offset. The same write retried (a process killed midway and run again) cuts the same rows
 * the same way, so every chunk that already landed is dropped by ClickHouse as a duplicate and only
 * the missing ones are written. Rows must therefore come in the same order on a retry.
 */
export interface Chunk<R> {
  rows: R[];
  dedupToken: string | null;
}

export function chunksOf<R>(rows: readonly R[], chunkRowsMax: number, dedupToken: string | null): Array<Chunk<R>> {
  if (!Number.isInteger(chunkRowsMax) || chunkRowsMax <= 0) throw new Error(`chunkRowsMax must be a positive integer, got ${chunkRowsMax}`);
  const chunks: Array<Chunk<R>> = [];
  for (let offset = 0; offset < rows.length; offset += chunkRowsMax) {
    chunks.push({ rows: rows.slice(offset, offset + chunkRowsMax), dedupToken: dedupToken === null ? null : `${dedupToken}:${offset}` });
  }
  return chunks;
}
