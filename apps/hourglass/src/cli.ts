import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { loadConfig } from '@hourglass/config';
import { Period } from '@hourglass/time';
import { ApiError } from './api-client';
import { exitCodeFor, hintForStatus } from './exit-codes';
import { api, flatten, formatOf, out, withFormat, type FormatOptions } from './output';
import { readDocuments } from './documents-file';
import { registerBillingCommands } from './commands/billing.commands';
import { registerSimulateCommand } from './commands/simulate.command';
import { registerUsageCommand } from './commands/usage.command';
import { registerPaymentsCommands } from './commands/payments.commands';
import { registerLedgerCommands } from './commands/ledger.commands';
import { registerCloseCommand } from './commands/close.command';
import { registerRiskCommands } from './commands/risk.commands';
import { registerPayoutsCommands } from './commands/payouts.commands';
import { registerDisputesCommands } from './commands/disputes.commands';
import { registerDunningCommand } from './commands/dunning.command';
import { registerRejectionsCommand } from './commands/rejections.command';
import { registerReconCommands } from './commands/recon.commands';
import { printTable } from './print';
import { load } from './lazy';
import { packageVersion } from './version';

function period(value: string): string {
  if (!Period.isPeriod(value)) throw new InvalidArgumentError(`expected YYYY-MM, e.g. 2026-10`);
  return value;
}

const EXIT_CODES_HELP = `
Exit codes: 0 ok, 1 failure, 2 usage error (bad flags or arguments), 3 not found,
4 refused (invalid input, no access, period not ended), 5 a dependency unavailable
(the API, NATS, Redis or ClickHouse). Commands that print data take --json or
--format table|json|csv.`;

export function buildCli(): Command {
  const program = new Command('hourglass')
    .description('Streaming usage metering, rating and settlement for GPU marketplaces')
    .version(packageVersion(), '-V, --version', 'print the version')
    // Settings are copied to subcommands created after this: every parse error becomes a
    // CommanderError that runCli turns into exit code 2, instead of commander's own exit(1).
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', EXIT_CODES_HELP);

  program
    .command('serve')
    .description('run all modules in one process (embedded ClickHouse unless CLICKHOUSE_URL is set)')
    .action(async () => {
      // Loaded on demand, here and for demo and publish: the commands that only talk HTTP start
      // without loading Nest, chDB and every module (a third of a second of CPU each time).
      const { serveUntilSignalled } = load<typeof import('./server')>('./server');
      await serveUntilSignalled(loadConfig());
    });

  withFormat(
    program
      .command('demo')
      .description('serve, a simulated fleet of agents, a billing run, a printed summary')
      .option('--days <n>', 'simulated days of usage', '3')
      .option('--customers <n>', 'simulated customers', '6')
      .option('--keep', 'keep the services and data running afterwards, to explore (Ctrl-C stops them)'),
  ).action(async (options: { days: string; customers: string; keep?: boolean } & FormatOptions) => {
    const { demoCommand } = load<typeof import('./commands/demo.command')>('./commands/demo.command');
    await demoCommand({ days: Number(options.days), customers: Number(options.customers), keep: options.keep === true, format: options });
  });

  withFormat(
    program
      .command('load')
      .description('apply reference-data documents (JSON or NDJSON; the kind is told by its keys)')
      .argument('<files...>'),
  ).action(async (files: string[], options: FormatOptions) => {
    const client = api(loadConfig());
    const results: Array<{ kind: string; key: string; outcome: string }> = [];
    for (const file of files) {
      const all = readDocuments(file);
      // Operators (CONTRACTS §7: operatorId and iban, no rentalId) are payouts' reference data.
      const isOperator = (d: unknown) => typeof d === 'object' && d !== null && 'operatorId' in d && 'iban' in d && !('rentalId' in d);
      const routes = [['/v1/reference', all.filter((d) => !isOperator(d))], ['/v1/operators', all.filter(isOperator)]] as const;
      for (const [route, documents] of routes) for (let i = 0; i < documents.length; i += 1_000) {
        try {
          const r = await client.request<{ results: typeof results }>('POST', route, { documents: documents.slice(i, i + 1_000) });
          results.push(...r.results);
        } catch (error) {
          if (error instanceof ApiError && error.status === 400) {
            const body = error.body as { index?: number; errors?: string[] };
            throw new ApiError(
              `${file}: document ${(body.index ?? 0) + i + 1} is invalid: ${(body.errors ?? [error.message]).join('; ')} (nothing from this chunk was applied; fix it and load the file again)`,
              400,
              body,
            );
          }
          throw error;
        }
      }
    }
    const counts: Record<string, number> = {};
    for (const r of results) counts[r.outcome] = (counts[r.outcome] ?? 0) + 1;
    out(options, { results, counts }, {
      table: () => `applied ${counts.applied ?? 0}, unchanged ${counts.unchanged ?? 0}, stale ${counts.stale ?? 0} of ${results.length} documents`,
      csv: () => results,
      csvColumns: ['kind', 'key', 'outcome'],
    });
  });

  withFormat(
    program
      .command('publish')
      .description('publish NDJSON usage events to NATS as agents would (subject from each event)')
      .argument('<file>')
      .option('--msg-id', 'set Nats-Msg-Id: <source>|<id>, so that NATS itself drops a resend that arrives within 2 minutes, before Hourglass counts it'),
  ).action(async (file: string, options: FormatOptions & { msgId?: boolean }) => {
    const { publishCommand } = load<typeof import('./commands/publish.command')>('./commands/publish.command');
    await publishCommand(loadConfig(), file, options);
  });

  withFormat(program.command('status').description('per-stream lag, counts of accepted, duplicate and rejected events by reason')).action(async (options: FormatOptions) => {
    const status = await api(loadConfig()).request<{
      accepted: number;
      duplicate: number;
      rejected: number;
      rejectedByReason: Record<string, number>;
      streams: Array<{ stream: string; messages: number; consumer: string | null; pending: number; ackPending: number; parked: number; lag: number }>;
    }>('GET', '/v1/status');
    out(options, status, {
      table: () => {
        const counts = [
          { events: 'accepted', count: status.accepted },
          { events: 'duplicate', count: status.duplicate },
          { events: 'rejected', count: status.rejected },
          ...Object.entries(status.rejectedByReason)
            .filter(([, n]) => n > 0)
            .map(([reason, n]) => ({ events: `  rejected ${reason}`, count: n })),
        ];
        const streams = status.streams.map((s) => ({ stream: s.stream, messages: s.messages, consumer: s.consumer ?? '', pending: s.pending, parked: s.parked, lag: s.lag }));
        return `${printTable(counts)}\n\n${printTable(streams)}`;
      },
      csv: () => flatten(status),
    });
  });

  withFormat(program.command('sql').description('one sandboxed read-only statement against the Hourglass database (finance or admin token)').argument('<query>')).action(
    async (query: string, options: FormatOptions) => {
      // CSV is streamed by ClickHouse itself (CSVWithNames), so large results never sit in memory twice.
      const csv = formatOf(options) === 'csv';
      const result = await api(loadConfig()).request<{ rows: Array<Record<string, unknown>> } | string>('POST', '/v1/sql', { query, ...(csv ? { format: 'CSVWithNames' } : {}) });
      // Text comes back when CSV was asked for, or when the query's own FORMAT clause names one.
      if (typeof result === 'string') {
        process.stdout.write(result);
        return;
      }
      const { rows } = result;
      out(options, rows, { table: () => printTable(rows), csv: () => rows });
    },
  );

  registerBillingCommands(program, period);
  registerUsageCommand(program);
  registerSimulateCommand(program);
  registerPaymentsCommands(program);
  registerLedgerCommands(program);
  registerCloseCommand(program, period);
  registerRiskCommands(program);
  registerPayoutsCommands(program);
  registerDisputesCommands(program);
  registerDunningCommand(program);
  registerRejectionsCommand(program);
  registerReconCommands(program);
  return program;
}

function report(error: unknown): string {
  const message = (error as Error)?.message ?? String(error);
  const hint = error instanceof ApiError ? hintForStatus(error.status) : '';
  return `hourglass: ${message}${hint && !message.includes(hint) ? `\n  ${hint}` : ''}\n`;
}

export async function runCli(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (error) {
    // Commander has already printed its own message (and the help, when asked for).
    if (!(error instanceof CommanderError)) process.stderr.write(report(error));
    const code = exitCodeFor(error);
    process.exitCode = code;
    // A half-started serve (NATS down, Redis still connected) would keep the process alive; the
    // timer lets stderr drain first and does not itself hold the process open.
    setTimeout(() => process.exit(code), 200).unref();
  }
}

