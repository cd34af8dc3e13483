import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '@hourglass/config';
import { api, formatOption, out, type FormatOptions } from '../output';

/** CONTRACTS §6: exactly these keys, in this order. */
const COLUMNS = ['disputeId', 'provider', 'invoiceId', 'customerId', 'status', 'reason', 'amount', 'currency', 'openedAt', 'dueBy'] as const;
type DisputeRow = Record<(typeof COLUMNS)[number], string | null> & { rootCause?: string; deadline?: string };

/** Pages through `GET /v1/disputes` (bounded: a marketplace has tens of disputes a month). */
const PAGES_MAX = 100;

function table(rows: DisputeRow[]): string {
  if (rows.length === 0) return 'no disputes';
  return rows.map((r) => `${(r.dueBy ?? '-').padEnd(24)} ${String(r.status).padEnd(14)} ${String(r.provider).padEnd(6)} ${String(r.amount).padStart(12)} ${r.currency}  ${r.disputeId}  ${r.invoiceId}  ${r.reason}${r.rootCause ? ` (${r.rootCause})` : ''}`).join('\n');
}

/** `hourglass disputes …`: disputes by response deadline, and a dispute's evidence pack. */
export function registerDisputesCommands(program: Command): void {
  program.enablePositionalOptions();
  const disputes = program
    .command('disputes')
    .description('disputes and chargebacks of both processors, by response deadline; `disputes evidence ID` for the evidence pack')
    .enablePositionalOptions()
    .option('--status <status>', 'needs_response, under_review, won or lost')
    .option('--provider <provider>', 'stripe or adyen')
    .option('--customer <id>', 'one customer')
    .option('--invoice <id>', 'one invoice')
    .option('--json', 'print as JSON')
    .addOption(formatOption())
    .action(async (options: { status?: string; provider?: string; customer?: string; invoice?: string; json?: boolean; format?: FormatOptions['format'] }) => {
      const client = api(loadConfig());
      const query = new URLSearchParams({ limit: '500' });
      if (options.status) query.set('status', options.status);
      if (options.provider) query.set('provider', options.provider);
      if (options.customer) query.set('customerId', options.customer);
      if (options.invoice) query.set('invoiceId', options.invoice);
      const all: DisputeRow[] = [];
      for (let page = 0; page < PAGES_MAX; page++) {
        const r = await client.request<{ disputes: DisputeRow[]; nextCursor: string | null }>('GET', `/v1/disputes?${query.toString()}`);
        all.push(...r.disputes);
        if (!r.nextCursor) break;
        query.set('cursor', r.nextCursor);
      }
      const rows = all.map((d) => Object.fromEntries(COLUMNS.map((c) => [c, d[c] ?? null])));
      out(options, rows, { table: () => table(all), csvColumns: [...COLUMNS] });
    });

  disputes
    .command('evidence <disputeId>')
    .description('the evidence pack of a dispute: JSON on stdout, the PDF into --pdf FILE')
    .option('--pdf <file>', 'write the evidence PDF here')
    .option('--json', 'print the pack as JSON')
    .addOption(formatOption())
    .action(async (disputeId: string, options: { pdf?: string; json?: boolean; format?: FormatOptions['format'] }) => {
      const client = api(loadConfig());
      const path = `/v1/disputes/${encodeURIComponent(disputeId)}`;
      const pack = await client.request<{ disputeId: string; summary: string[] }>('GET', `${path}/evidence.json`);
      if (options.pdf) writeFileSync(options.pdf, await client.raw(`${path}/evidence.pdf`));
      out(options, pack, () => [...pack.summary, ...(options.pdf ? [`PDF written to ${options.pdf}`] : [])].join('\n'));
    });
}
