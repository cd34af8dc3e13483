import type { Command } from 'commander';
import { loadConfig } from '@hourglass/config';
import { api, formatOption, out, type Format } from '../output';
import { printTable } from '../print';

interface TrialBalanceRow {
  currency: string;
  debits: string;
  credits: string;
}

interface BalanceRow {
  account: string;
  currency: string;
  balance: string;
}

interface EntriesPage {
  entries: Array<Record<string, string | number>>;
  nextCursor: string | null;
}

type FormatFlags = { json?: boolean; format?: Format };

function query(params: Record<string, string | undefined>): string {
  const defined = Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '');
  return defined.length ? `?${new URLSearchParams(defined)}` : '';
}

/** `hourglass ledger …`: CONTRACTS §6's trial balance and balances, and the entries behind them. */
export function registerLedgerCommands(program: Command): void {
  const ledger = program.command('ledger').description('the double-entry ledger: trial balance, balances, entries');

  ledger
    .command('trial-balance')
    .description('debits and credits per currency (they are equal)')
    .option('--json', 'print one JSON document: [{currency, debits, credits}]')
    .addOption(formatOption())
    .action(async (options: FormatFlags) => {
      const rows = await api(loadConfig()).request<TrialBalanceRow[]>('GET', '/v1/ledger/trial-balance');
      out(options, rows, () => printTable(rows.map((r) => ({ ...r, balanced: r.debits === r.credits ? 'yes' : 'NO' }))));
    });

  ledger
    .command('balances')
    .description('balance per account and currency: debit-positive for assets and expenses, credit-positive for the others')
    .option('--account <name>', 'one account (receivable:c-9) or a family (receivable)')
    .option('--currency <code>', 'one currency')
    .option('--json', 'print one JSON document: [{account, currency, balance}]')
    .addOption(formatOption())
    .action(async (options: FormatFlags & { account?: string; currency?: string }) => {
      const rows = await api(loadConfig()).request<BalanceRow[]>('GET', `/v1/ledger/balances${query({ account: options.account, currency: options.currency })}`);
      out(options, rows, () => printTable(rows as unknown as Array<Record<string, unknown>>));
    });

  ledger
    .command('entries')
    .description('postings, oldest first, one page at a time')
    .option('--account <name>', 'one account or a family')
    .option('--currency <code>', 'one currency')
    .option('--txn <id>', 'one transaction')
    .option('--cursor <cursor>', 'the nextCursor of the previous page')
    .option('--limit <n>', 'entries per page (at most 1000)', '100')
    .option('--json', 'print one JSON document: {entries, nextCursor}')
    .addOption(formatOption())
    .action(async (options: FormatFlags & { account?: string; currency?: string; txn?: string; cursor?: string; limit: string }) => {
      const page = await api(loadConfig()).request<EntriesPage>(
        'GET',
        `/v1/ledger/entries${query({ account: options.account, currency: options.currency, txnId: options.txn, cursor: options.cursor, limit: options.limit })}`,
      );
      out(options, page, {
        table: () => {
          const rows = page.entries.map((e) => ({ occurredAt: e.occurredAt, txnId: e.txnId, account: e.account, currency: e.currency, debit: e.debit, credit: e.credit }));
          return printTable(rows) + (page.nextCursor ? `\nmore: --cursor ${page.nextCursor}` : '');
        },
        csv: () => page.entries,
      });
    });

  ledger
    .command('sync')
    .description('post every fact recorded so far (serve also does it on a tick); running it twice changes nothing')
    .option('--json', 'print one JSON document')
    .addOption(formatOption())
    .action(async (options: FormatFlags) => {
      const result = await api(loadConfig()).request<{ posted: Record<string, number>; complete: boolean }>('POST', '/v1/ledger/sync');
      out(options, result, () => {
        const parts = Object.entries(result.posted).map(([kind, n]) => `${kind} ${n}`);
        return `posted ${parts.join(', ')}${result.complete ? '' : ' (more to post: run it again)'}`;
      });
    });
}
