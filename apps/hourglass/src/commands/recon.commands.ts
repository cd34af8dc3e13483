import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '@hourglass/config';
import { UsageError } from '../exit-codes';
import { api, formatOption, out, type FormatOptions } from '../output';
import { printTable } from '../print';

interface BreakView {
  breakId: string;
  type: string;
  status: string;
  currency: string;
  amount: string;
  openedAt: string;
  ageDays: number;
  severity: string;
  refs: Record<string, unknown>;
}

type Flags = { json?: boolean; format?: FormatOptions['format'] };

function query(params: Record<string, string | undefined>): string {
  const defined = Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '');
  return defined.length ? `?${new URLSearchParams(defined)}` : '';
}

const breakRow = (b: BreakView) => ({ breakId: b.breakId, type: b.type, status: b.status, severity: b.severity, amount: b.amount, currency: b.currency, ageDays: b.ageDays, openedAt: b.openedAt });

/** `hourglass psp import`, `hourglass bank import`, `hourglass recon run`, `hourglass breaks …` (CONTRACTS §9). */
export function registerReconCommands(program: Command): void {
  program.enablePositionalOptions();
  const psp = program.command('psp').description('payment service providers: settlement reports');
  psp
    .command('import')
    .description("import a settlement report: Stripe's itemized payout reconciliation report or Adyen's settlement details report (CSV); the same file twice changes nothing")
    .requiredOption('--provider <provider>', 'stripe or adyen')
    .argument('<file>', 'the CSV file')
    .option('--json', 'print one JSON document')
    .addOption(formatOption())
    .action(async (file: string, options: Flags & { provider: string }) => {
      if (!['stripe', 'adyen'].includes(options.provider)) throw new UsageError('psp import: --provider is stripe or adyen');
      const content = await readFile(file, 'utf8').catch((e: Error) => {
        throw new UsageError(`psp import: cannot read ${file}: ${e.message}`);
      });
      const r = await api(loadConfig()).request<{ importId: string; lines: number; alreadyImported: boolean; categories: Record<string, number> }>('POST', '/v1/psp/imports', {
        provider: options.provider,
        content,
        fileName: basename(file),
      });
      out(options, r, () => `${r.alreadyImported ? 'already imported' : 'imported'} ${r.lines} lines (${r.importId}): ${Object.entries(r.categories).map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
    });

  program
    .command('bank')
    .description('the bank account payouts leave from: statements')
    .command('import')
    .description('import a bank statement of the payout account (camt.053-lite CSV: entry_ref, account_iban, booking_date, credit_debit, amount, currency, payment_info_id, end_to_end_id, return_reason); the same file twice changes nothing')
    .argument('<file>', 'the CSV file')
    .option('--json', 'print one JSON document')
    .addOption(formatOption())
    .action(async (file: string, options: Flags) => {
      const content = await readFile(file, 'utf8').catch((e: Error) => {
        throw new UsageError(`bank import: cannot read ${file}: ${e.message}`);
      });
      const r = await api(loadConfig()).request<{ importId: string; lines: number; alreadyImported: boolean; debits: number; credits: number }>('POST', '/v1/bank/imports', { content, fileName: basename(file) });
      out(options, r, () => `${r.alreadyImported ? 'already imported' : 'imported'} ${r.lines} entries (${r.importId}): ${r.debits} debits, ${r.credits} credits\n`);
    });

  const recon = program.command('recon').description('reconciliation: match settlement lines, payments, invoices and billing');
  recon
    .command('run')
    .description('match a period (idempotent: a rerun finds the same matches and breaks)')
    .requiredOption('--period <YYYY-MM>', 'the period')
    .option('--json', 'print one JSON document')
    .addOption(formatOption())
    .action(async (options: Flags & { period: string }) => {
      const r = await api(loadConfig()).request<{ period: string; matches: Record<string, number>; breaks: Record<string, number>; opened: number; autoResolved: number; inFlight: unknown[] }>(
        'POST',
        '/v1/recon/runs',
        { period: options.period },
      );
      out(options, r, () =>
        [
          `${r.period}: ${Object.values(r.matches).reduce((a, b) => a + b, 0)} matches (${Object.entries(r.matches).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'})`,
          `breaks: ${Object.entries(r.breaks).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}; ${r.opened} new, ${r.autoResolved} resolved by the run; ${r.inFlight.length} in flight`,
          '',
        ].join('\n'),
      );
    });

  const breaks = program
    .command('breaks')
    .description('reconciliation breaks: list, assign, resolve, write off')
    .enablePositionalOptions()
    .option('--status <status>', 'open, assigned, resolved or written_off')
    .option('--type <type>', 'a break type (CONTRACTS §9)')
    .option('--period <YYYY-MM>', 'the period')
    .option('--currency <code>', 'one currency')
    .option('--json', 'print one JSON document: [{breakId, type, status, currency, amount, openedAt, ageDays, refs}]')
    .addOption(formatOption())
    .action(async (options: Flags & { status?: string; type?: string; period?: string; currency?: string }) => {
      const client = api(loadConfig());
      const all: BreakView[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.request<{ breaks: BreakView[]; nextCursor: string | null }>(
          'GET',
          `/v1/breaks${query({ status: options.status, type: options.type, period: options.period, currency: options.currency, cursor, limit: '1000' })}`,
        );
        all.push(...page.breaks);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      out(options, all, { table: () => printTable(all.map(breakRow)), csv: () => all.map((b) => ({ ...breakRow(b), refs: JSON.stringify(b.refs) })) });
    });

  for (const [action, what] of [
    ['assign', 'assign a break (open → assigned)'],
    ['resolve', 'resolve a break'],
    ['write-off', 'write a break off; the ledger posts the difference'],
  ] as const) {
    const cmd = breaks
      .command(action)
      .description(what)
      .argument('<id>', 'the break id')
      .option('--reason <text>', action === 'assign' ? 'why' : 'why (required)')
      .option('--json', 'print one JSON document')
      .addOption(formatOption());
    if (action === 'assign') cmd.option('--assignee <name>', 'who takes it (default: the token name)');
    cmd.action(async (id: string, options: Flags & { reason?: string; assignee?: string }) => {
      if (action !== 'assign' && !options.reason) throw new UsageError(`breaks ${action}: --reason "..." is required`);
      const b = await api(loadConfig()).request<BreakView>('POST', `/v1/breaks/${encodeURIComponent(id)}/${action}`, { reason: options.reason, assignee: options.assignee });
      out(options, b, () => `${b.breakId} ${b.status}\n`);
    });
  }
}
