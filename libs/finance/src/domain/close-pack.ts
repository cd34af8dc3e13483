/**
 * The period close pack (issue #12.8): every dataset of a period as CSV and Parquet, with a manifest
 * an auditor ties back to: row counts, per-currency totals of the amount columns, and the SHA-256 of
 * every file. The pack is taken as of an instant (`asOf`): only facts recorded before it are in, so
 * running it again with the same `asOf` gives byte-identical files and the same checksums.
 */
export const CLOSE_PACK_FORMATS = ['csv', 'parquet'] as const;
export type ClosePackFormat = (typeof CLOSE_PACK_FORMATS)[number];

export interface DatasetSummary {
  name: string;
  description: string;
  rows: number;
  /** Per currency, the sum of each amount column, decimal text in major units. */
  totals: Record<string, Record<string, string>>;
}

export interface ClosePackSummary {
  period: string;
  periodStart: string;
  /** Exclusive. */
  periodEnd: string;
  asOf: string;
  datasets: DatasetSummary[];
}

export interface PackFile {
  file: string;
  format: ClosePackFormat;
  bytes: number;
  sha256: string;
}

export interface ClosePackManifest extends ClosePackSummary {
  generatedBy: string;
  files: Array<PackFile & { dataset: string; rows: number }>;
}

/** The manifest: the server's summary (counts, totals) beside the checksums of the files written. */
export function closePackManifest(summary: ClosePackSummary, files: ReadonlyMap<string, readonly PackFile[]>, generatedBy: string): ClosePackManifest {
  const rows: ClosePackManifest['files'] = [];
  for (const d of summary.datasets) {
    const written = files.get(d.name);
    if (!written || written.length !== CLOSE_PACK_FORMATS.length) throw new Error(`close pack: dataset ${d.name} has ${written?.length ?? 0} files, expected ${CLOSE_PACK_FORMATS.length}`);
    for (const f of written) rows.push({ dataset: d.name, rows: d.rows, ...f });
  }
  return { generatedBy, ...summary, files: rows };
}
