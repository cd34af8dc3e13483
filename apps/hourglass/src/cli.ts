import { Command } from 'commander';
import { loadConfig } from '@hourglass/config';
import { Period } from '@hourglass/time';
import { ApiError } from './api-client';
import { api, out } from './output';
import { readDocuments } from './documents-file';
import { registerBillingCommands } from './commands/billing.commands';
import { registerLedgerCommands } from './commands/ledger.commands';
import { demoCommand } from './commands/demo.command';
import { publishCommand } from './commands/publish.command';
import { serveUntilSignalled } from './server';
import { printTable } from './print';

function period(value: string): string {
  if (!Period.isPeriod(value)) throw new Error(`--period ${value}: expected YYYY-MM, e.g. 2026-10`);
  return value;
}

export function buildCli(): Command {
  const program = new Command('hourglass')
    .description('Streaming usage metering, rating and settlement for GPU marketplaces')
    .showHelpAfterError();

  program
    .command('serve')
    .description('run all modules in one process (embedded ClickHouse unless CLICKHOUSE_URL is set)')
    .action(async () => {
      await serveUntilSignalled(loadConfig());
    });

  program
    .command('demo')
    .description('serve, a simulated fleet of agents, a billing run, a printed summary')
    .option('--days <n>', 'simulated days of usage', '3')
    .option('--customers <n>', 'simulated customers', '6')
    .option('--json', 'print the summary as JSON')
    .action(async (options: { days: string; customers: string; json?: boolean }) => {
      await demoCommand({ days: Number(options.days), customers: Number(options.customers), json: options.json });
    });

  program
    .command('load')
    .description('apply reference-data documents (JSON or NDJSON; the kind is told by its keys)')
    .argument('<files...>')
    .option('--json', 'print the result as JSON')
    .action(async (files: string[], options: { json?: boolean }) => {
      const client = api(loadConfig());
      const results: Array<{ kind: string; key: string; outcome: string }> = [];
      for (const file of files) {
        const documents = readDocuments(file);
        for (let i = 0; i < documents.length; i += 1_000) {
          try {
            const r = await client.request<{ results: typeof results }>('POST', '/v1/reference', { documents: documents.slice(i, i + 1_000) });
            results.push(...r.results);
          } catch (error) {
            if (error instanceof ApiError && error.status === 400) {
              const body = error.body as { index?: number; errors?: string[] };
              throw new Error(`${file}: document ${(body.index ?? 0) + i + 1} is invalid: ${(body.errors ?? [error.message]).join('; ')} (nothing from this chunk was applied)`);
            }
            throw error;
          }
        }
      }
      const counts: Record<string, number> = {};
      for (const r of results) counts[r.outcome] = (counts[r.outcome] ?? 0) + 1;
      out(options.json, { results, counts }, () => `applied ${counts.applied ?? 0}, unchanged ${counts.unchanged ?? 0}, stale ${counts.stale ?? 0} of ${results.length} documents`);
    });

  program
    .command('publish')
    .description('publish NDJSON usage events to NATS as agents would (subject from each event)')
    .argument('<file>')
    .option('--msg-id', "set Nats-Msg-Id: <source>|<id>, so JetStream's duplicate window drops quick resends before Hourglass counts them")
    .option('--json', 'print the result as JSON')
    .action(async (file: string, options: { json?: boolean; msgId?: boolean }) => publishCommand(loadConfig(), file, options));

  program
    .command('status')
    .description('per-stream lag, counts of accepted, duplicate and rejected events by reason')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }) => {
      const status = await api(loadConfig()).request<{
        accepted: number;
        duplicate: number;
        rejected: number;
        rejectedByReason: Record<string, number>;
        streams: Array<{ stream: string; messages: number; lag: number }>;
      }>('GET', '/v1/status');
      out(options.json, status, () => {
        const lines = [`accepted ${status.accepted}, duplicate ${status.duplicate}, rejected ${status.rejected}`];
        for (const [reason, n] of Object.entries(status.rejectedByReason)) if (n > 0) lines.push(`  rejected ${reason}: ${n}`);
        for (const s of status.streams) lines.push(`stream ${s.stream}: ${s.messages} messages, lag ${s.lag}`);
        return lines.join('\n');
      });
    });

  program
    .command('sql')
    .description('a read-only query against the configured ClickHouse')
    .argument('<query>')
    .option('--json', 'print rows as JSON')
    .action(async (query: string, options: { json?: boolean }) => {
      const { rows } = await api(loadConfig()).request<{ rows: Array<Record<string, unknown>> }>('POST', '/v1/sql', { query });
      out(options.json, rows, () => printTable(rows));
    });

  registerBillingCommands(program, period);
  registerLedgerCommands(program);
  return program;
}

export async function runCli(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (error) {
    process.stderr.write(`hourglass: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
