import type { Command } from 'commander';
import { loadConfig } from '@hourglass/config';
import { api, out } from '../output';

interface PayoutView {
  operatorId: string;
  currency: string;
  gross: string;
  platformFee: string;
  net: string;
  lines: unknown[];
}

/** `hourglass payouts --period YYYY-MM [--json]`: earned payout statements (libs/payouts). */
export function registerPayoutsCommands(program: Command, period: (value: string) => string): void {
  program
    .command('payouts')
    .description("operators' earned payout statements for a period")
    .requiredOption('--period <YYYY-MM>', 'billing period', period)
    .option('--operator <id>', 'only this operator')
    .option('--json', 'print as JSON')
    .action(async (options: { period: string; operator?: string; json?: boolean }) => {
      const query = new URLSearchParams({ period: options.period, ...(options.operator ? { operatorId: options.operator } : {}) });
      const statements = await api(loadConfig()).request<PayoutView[]>('GET', `/v1/payout-statements?${query}`);
      out(options.json, statements, () =>
        statements.length
          ? statements.map((s) => `${s.operatorId}  ${s.currency}  gross ${s.gross}  fee ${s.platformFee}  net ${s.net}  (${s.lines.length} lines)`).join('\n')
          : `no payout statements for ${options.period}`,
      );
    });
}
