import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '@hourglass/config';
import { CLOSE_PACK_FORMATS, closePackManifest, type ClosePackSummary, type PackFile } from '@hourglass/finance';
import { api, formatOption, out, type Format } from '../output';
import { printTable } from '../print';
import { packageVersion } from '../version';

/**
 * `hourglass close --period YYYY-MM [--out DIR] [--as-of ISO]`: the period close pack. The server
 * answers what the pack holds (rows and totals as of one instant) and then each file as of that same
 * instant, so the counts in the manifest are the counts of the files; this command writes the files
 * and the manifest with their SHA-256. Running it again with the printed --as-of gives the same bytes.
 */
export function registerCloseCommand(program: Command, period: (v: string) => string): void {
  program
    .command('close')
    .description('export the period close pack: invoices, lines, credit notes, payments, payouts, ledger entries as CSV and Parquet, with a manifest of row counts, totals and SHA-256 checksums')
    .requiredOption('--period <YYYY-MM>', 'the period', period)
    .option('--out <dir>', 'directory to write (created; default ./close-<period>)')
    .option('--as-of <instant>', 'only facts recorded before this ISO instant (default: now); the manifest prints the one used')
    .option('--json', 'print the manifest as JSON')
    .addOption(formatOption())
    .action(async (options: { period: string; out?: string; asOf?: string; json?: boolean; format?: Format }) => {
      const client = api(loadConfig());
      const asOfQuery = options.asOf ? `?asOf=${encodeURIComponent(options.asOf)}` : '';
      const summary = await client.request<ClosePackSummary>('GET', `/v1/close/${options.period}${asOfQuery}`);
      const dir = path.resolve(options.out ?? `close-${summary.period}`);
      fs.mkdirSync(dir, { recursive: true });
      const files = new Map<string, PackFile[]>();
      for (const d of summary.datasets) {
        const written: PackFile[] = [];
        for (const format of CLOSE_PACK_FORMATS) {
          // The summary's asOf, not now: the files must hold exactly the rows the summary counted.
          const file = `${d.name}.${format}`;
          const { bytes, sha256 } = await client.download(`/v1/close/${summary.period}/${d.name}/${format}?asOf=${encodeURIComponent(summary.asOf)}`, path.join(dir, file));
          written.push({ file, format, bytes, sha256 });
        }
        files.set(d.name, written);
      }
      const manifest = closePackManifest(summary, files, `hourglass ${packageVersion()}`);
      fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
      out(options, manifest, {
        table: () =>
          `close pack of ${summary.period} as of ${summary.asOf} in ${dir}\n` +
          printTable(manifest.files.map((f) => ({ file: f.file, rows: f.rows, bytes: f.bytes, sha256: f.sha256 }))),
        csv: () => manifest.files.map((f) => ({ dataset: f.dataset, file: f.file, format: f.format, rows: f.rows, bytes: f.bytes, sha256: f.sha256 })),
      });
    });
}
