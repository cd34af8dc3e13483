import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runAgentSim } from '@hourglass/agent-sim';
import { loadConfig } from '@hourglass/config';
import { hasBinary, startLocalNats, startLocalRedis, type LocalService } from '@hourglass/platform';
import { buildFleet, referenceDocuments } from '@hourglass/simulation';
import { ApiClient } from '../api-client';
import { UsageError } from '../exit-codes';
import { demoDispute } from './demo-disputes';
import { isMachineFormat, render, type FormatOptions } from '../output';
import { printTable } from '../print';
import { Progress } from '../progress';
import { startServer } from '../server';
import { DemoClock, demoDunningRecovery, startDemoPsp } from './demo-dunning';
import { systemClock } from '@hourglass/kernel';
import { MS_PER_DAY, Period } from '@hourglass/time';

interface DemoOptions {
  days: number;
  customers: number;
  /** Leave serve, nats-server, redis-server and the data running until Ctrl-C or SIGTERM. */
  keep: boolean;
  format: FormatOptions;
}

interface Status {
  accepted: number;
  duplicate: number;
  rejected: number;
  rejectedByReason: Record<string, number>;
  lag: number;
}

function log(quiet: boolean, line: string): void {
  if (!quiet) process.stderr.write(`${line}\n`);
}

function untilSignalled(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}

/**
 * The main job end to end on the embedded default: Hourglass with embedded ClickHouse, a simulated
 * fleet streaming a few days of last month's usage (with resends, overlaps and bad payloads), a
 * billing run for that month, and a summary. It runs against private nats-server and redis-server
 * processes and a fresh data directory, so it never touches an installation's state.
 */
export async function demoCommand(options: DemoOptions): Promise<void> {
  if (!Number.isInteger(options.days) || options.days < 1 || options.days > 31) throw new UsageError('--days must be a whole number from 1 to 31');
  if (!Number.isInteger(options.customers) || options.customers < 1 || options.customers > 1000) throw new UsageError('--customers must be a whole number from 1 to 1000');
  const quiet = isMachineFormat(options.format);
  const started = performance.now();
  const services: LocalService[] = [];
  const env: Record<string, string | undefined> = { ...process.env };
  if (hasBinary('nats-server') && hasBinary('redis-server')) {
    const [nats, redis] = await Promise.all([startLocalNats(), startLocalRedis()]);
    services.push(nats, redis);
    env.NATS_URL = nats.url;
    env.REDIS_URL = redis.url;
    log(quiet, `private nats-server at ${nats.url}, redis-server at ${redis.url}`);
  } else {
    log(quiet, `nats-server/redis-server not installed here: using NATS_URL and REDIS_URL (${env.NATS_URL ?? 'nats://127.0.0.1:4222'})`);
  }
  const dataDir = process.env.HOURGLASS_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'hourglass-demo-'));
  // Payments, dunning and disputes go through the PSP simulator (libs/psp-sim) on loopback; the clock
  // moves forward for dunning's retry (demo-dunning.ts).
  const clock = new DemoClock();
  const psp = await startDemoPsp(clock);
  const config = loadConfig({
    ...env,
    ...psp.env,
    HOURGLASS_DATA_DIR: dataDir,
    HOURGLASS_HTTP_PORT: env.HOURGLASS_HTTP_PORT ?? '0',
    HOURGLASS_HTTP_HOST: '127.0.0.1',
    HOURGLASS_UNKNOWN_RENTAL_GRACE_MS: env.HOURGLASS_UNKNOWN_RENTAL_GRACE_MS ?? '3000',
  });
  const server = await startServer(config, { logLevels: ['error'], clock });
  try {
    const api = new ApiClient(server.url, server.adminToken);
    // Last month: the demo bills a period that has ended, as a real run would.
    const lastMonth = Period.containing(systemClock.nowMs()).previous();
    const { startMs: periodStartMs, endMs: periodEndMs } = lastMonth;
    const period = lastMonth.toString();
    const fleet = buildFleet({
      seed: 42,
      customers: options.customers,
      rentalsPerCustomer: 3,
      operators: 3,
      currencies: ['USD', 'EUR', 'JPY', 'BHD'],
      periodStartMs,
      periodEndMs,
      priceChangeAtMs: periodEndMs - Math.ceil(options.days / 2) * MS_PER_DAY,
    });
    const documents = referenceDocuments(fleet);
    await api.request('POST', '/v1/reference', { documents });
    log(quiet, `loaded ${fleet.customers.length} customers, ${fleet.priceBooks.length} price books, ${fleet.rentals.length} rentals`);

    const usage = {
      seed: 7,
      fromMs: periodEndMs - options.days * MS_PER_DAY,
      toMs: periodEndMs,
      faults: { resendRate: 0.01, resendUnkeyedShare: 1, overlapRate: 0.01, outOfOrderRate: 0.01, badRate: 0.005 },
    };
    const publishing = new Progress('agents published', null, !quiet);
    const published = await runAgentSim({ natsUrl: config.nats.url, fleet, usage, onProgress: (n) => publishing.update(n) });
    publishing.done(published.published);

    const expected = published.published - published.brokerDuplicates;
    const ingesting = new Progress('metered', expected, !quiet);
    let status = await api.request<Status>('GET', '/v1/status');
    // Metering ran while the agents published: what it did already is not part of the rate from here on.
    ingesting.start(status.accepted + status.duplicate + status.rejected);
    const deadline = Date.now() + 10 * 60_000;
    while (status.accepted + status.duplicate + status.rejected < expected || status.lag > 0) {
      if (Date.now() > deadline) throw new Error(`metering did not catch up within 10 minutes (${JSON.stringify(status)})`);
      ingesting.update(status.accepted + status.duplicate + status.rejected);
      await new Promise((r) => setTimeout(r, 250));
      status = await api.request<Status>('GET', '/v1/status');
    }
    ingesting.done(status.accepted + status.duplicate + status.rejected);

    log(quiet, `billing ${period}…`);
    const run = await api.request<{ invoices: number; totals: Record<string, string> }>('POST', '/v1/billing-runs', { period });
    const invoices = await api.request<Array<{ invoiceId: string; number: string; customerId: string; currency: string; total: string; lines: unknown[] }>>('GET', `/v1/invoices?period=${period}`);
    const payouts = await api.request<Array<{ operatorId: string; currency: string; gross: string; platformFee: string; net: string }>>('GET', `/v1/payout-statements?period=${period}`);
    const disputed = invoices.find((i) => Number(i.total) > 0);
    const dispute = disputed ? await demoDispute(api, server.app, psp, server.url, disputed.invoiceId) : null;
    log(quiet, 'dunning: a declined payment, retried days later…');
    // Another invoice than the disputed one, which its collection paid.
    const owed = invoices.find((i) => i.invoiceId !== disputed?.invoiceId && !/^0(\.0+)?$/.test(i.total));
    const dunning = owed ? await demoDunningRecovery(server, api, psp.sim, clock, owed.invoiceId) : null;
    // Posted now rather than at serve's next tick, so the summary shows the run in the ledger.
    await api.request('POST', '/v1/ledger/sync');
    const trialBalance = await api.request<Array<{ currency: string; debits: string; credits: string }>>('GET', '/v1/ledger/trial-balance');
    const sql = async (query: string) => (await api.request<{ rows: Array<Record<string, unknown>> }>('POST', '/v1/sql', { query })).rows;
    const gpuHoursSql = (key: string) =>
      `SELECT ${key}, toString(toDecimal128(sum(gpu_ms), 0) / 3600000) AS gpu_hours FROM usage_covered_hourly GROUP BY ${key} ORDER BY ${key}`;
    const summary = {
      period,
      events: { published: published.published, droppedByJetStream: published.brokerDuplicates, accepted: status.accepted, duplicate: status.duplicate, rejected: status.rejectedByReason },
      gpuHoursByCustomer: await sql(gpuHoursSql('customer_id')),
      gpuHoursByOperator: await sql(gpuHoursSql('operator_id')),
      billing: { invoices: run.invoices, totals: run.totals },
      invoices: invoices.map((i) => ({ number: i.number, customerId: i.customerId, currency: i.currency, total: i.total, lines: i.lines.length })),
      payouts: payouts.map((p) => ({ operatorId: p.operatorId, currency: p.currency, gross: p.gross, platformFee: p.platformFee, net: p.net })),
      ledgerTrialBalance: trialBalance,
      dispute,
      dunning,
      seconds: Math.round((performance.now() - started) / 100) / 10,
    };
    const rejected = Object.entries(status.rejectedByReason).filter(([, n]) => n > 0);
    const count = (n: number) => n.toLocaleString('en-US');
    process.stdout.write(
      render(options.format, summary, {
        table: () =>
          [
          '',
          `Hourglass demo — ${options.days} simulated days of ${period}, ${fleet.rentals.length} rentals, ${summary.seconds} s from start to this summary`,
          '',
          `events: ${count(published.published)} published by the agents; ${count(published.brokerDuplicates)} quick resends were dropped by NATS before Hourglass saw them`,
          printTable([
            { events: 'accepted', count: status.accepted },
            { events: 'duplicate (resends Hourglass dropped)', count: status.duplicate },
            ...rejected.map(([reason, n]) => ({ events: `rejected: ${reason}`, count: n })),
          ]),
          '',
          'GPU-hours per customer',
          printTable(summary.gpuHoursByCustomer),
          '',
          'GPU-hours per operator',
          printTable(summary.gpuHoursByOperator),
          '',
          `invoices for ${period}`,
          printTable(summary.invoices),
          '',
          `payout statements for ${period}`,
          printTable(summary.payouts),
          '',
          'ledger trial balance (debits = credits per currency; hourglass ledger balances for the accounts)',
          printTable(summary.ledgerTrialBalance),
          '',
          'a dispute (Stripe simulator): opened by the bank, evidence pack from the metered usage submitted (its PDF uploaded to Stripe); hourglass disputes, hourglass disputes evidence ID --pdf F',
          dispute ? printTable([{ ...dispute }]) : '(none: no invoice to collect)',
          dunning
            ? `dunning: ${dunning.invoiceId} (${dunning.amount} ${dunning.currency}) declined at ${dunning.declinedAt}, retried at ${dunning.retriedAt}: ${dunning.state} after ${dunning.attempt} retry (hourglass dunning)`
            : 'dunning: no invoice owed anything',
        ].join('\n'),
      }),
    );
    if (options.keep) {
      const dataNote = process.env.HOURGLASS_DATA_DIR ? 'kept' : 'deleted';
      process.stderr.write(
        [
          '',
          'The demo keeps running, to explore (Ctrl-C or SIGTERM stops it):',
          `  console      ${server.url}/console/  (sign in with the token below)`,
          `  token        ${server.adminToken ?? '(a tokens file is configured: use one of its tokens)'}`,
          `  API          ${server.url}/v1 (OpenAPI: ${server.url}/v1/docs)`,
          `  data dir     ${dataDir} (the admin API token is in admin.token there; ${dataNote} when the demo stops)`,
          `  NATS, Redis  ${config.nats.url}, ${config.redis.url}`,
          '  from another shell:',
          `    export HOURGLASS_API=${server.url}`,
          `    export HOURGLASS_API_TOKEN="$(cat ${path.join(dataDir, 'admin.token')})"`,
          `    npx hourglass invoices --period ${period}`,
          `    npx hourglass usage --from ${period} --to ${new Date(periodEndMs).toISOString().slice(0, 7)} --window day --group-by customer`,
          '',
        ].join('\n'),
      );
      const signal = await untilSignalled();
      process.stderr.write(`${signal}: stopping the demo\n`);
    }
  } finally {
    await server.app.close();
    await psp.sim.close();
    for (const s of services) await s.stop();
    if (!process.env.HOURGLASS_DATA_DIR) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
