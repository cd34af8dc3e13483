import type { Command } from 'commander';
import { loadConfig } from '@hourglass/config';
import { api, formatOption, out, type Format } from '../output';
import { printTable } from '../print';

interface QueueItem {
  invoiceId: string;
  customerId: string;
  segment: string;
  currency: string;
  amountDue: string;
  attempt: number;
  attemptsMax: number;
  nextAttemptAt: string | null;
  state: string;
  failedAt: string;
  graceEndsAt: string;
  updatedAt: string;
}

/** Bound on what one command reads: 100 pages of 1,000. */
const PAGES_MAX = 100;

/** `hourglass dunning`: the dunning queue (GET /v1/dunning), every page. */
export function registerDunningCommand(program: Command): void {
  program
    .command('dunning')
    .description('invoices in dunning: retries made, the next retry, state (scheduled, exhausted, recovered, cancelled)')
    .option('--state <states>', 'only these states, comma-separated (e.g. scheduled,exhausted)')
    .option('--customer <id>', 'one customer')
    .option('--json', 'print one JSON document: [{invoiceId, customerId, attempt, nextAttemptAt, state, …}]')
    .addOption(formatOption())
    .action(async (options: { json?: boolean; format?: Format; state?: string; customer?: string }) => {
      const client = api(loadConfig());
      const items: QueueItem[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < PAGES_MAX; page += 1) {
        const params = new URLSearchParams({ limit: '1000' });
        if (options.state) params.set('state', options.state);
        if (options.customer) params.set('customerId', options.customer);
        if (cursor) params.set('cursor', cursor);
        const body: { items: QueueItem[]; nextCursor: string | null } = await client.request('GET', `/v1/dunning?${params}`);
        items.push(...body.items);
        cursor = body.nextCursor;
        if (cursor === null) break;
      }
      out(options, items, () =>
        printTable(
          items.map((i) => ({
            invoiceId: i.invoiceId,
            customerId: i.customerId,
            state: i.state,
            attempt: `${i.attempt}/${i.attemptsMax}`,
            nextAttemptAt: i.nextAttemptAt ?? '',
            amountDue: `${i.amountDue} ${i.currency}`,
            graceEndsAt: i.graceEndsAt,
          })),
        ),
      );
    });
}
