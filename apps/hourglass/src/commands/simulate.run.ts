import { writeFileSync } from 'node:fs';
import { agentSimConfig, CliError, expectedTally, runAgentSim, type AgentSimOptionValues } from '@hourglass/agent-sim';
import { loadConfig } from '@hourglass/config';
import { systemClock } from '@hourglass/kernel';
import { buildFleet, referenceDocuments } from '@hourglass/simulation';
import { ApiError } from '../api-client';
import { UnavailableError, UsageError } from '../exit-codes';
import { api, isMachineFormat, out, type FormatOptions } from '../output';
import { printTable } from '../print';
import { Progress } from '../progress';

const REFERENCE_CHUNK = 1_000;

export interface SimulateOptions extends FormatOptions {
  customers?: string;
  rentalsPerCustomer?: string;
  operators?: string;
  currencies?: string;
  days?: string;
  end?: string;
  stepMs?: string;
  rate?: string;
  inFlight?: string;
  seed?: string;
  idPrefix?: string;
  faults?: string;
  referenceOut?: string;
  load: boolean;
  publish: boolean;
}

/** The agent simulator run behind `hourglass simulate` (loaded only when it runs). */
export async function simulate(options: SimulateOptions): Promise<void> {
  const values: AgentSimOptionValues = {
    customers: options.customers,
    'rentals-per-customer': options.rentalsPerCustomer,
    operators: options.operators,
    currencies: options.currencies,
    days: options.days,
    end: options.end,
    'step-ms': options.stepMs,
    rate: options.rate,
    'in-flight': options.inFlight,
    seed: options.seed,
    'id-prefix': options.idPrefix,
    faults: options.faults,
    'reference-out': options.referenceOut,
  };
  const env = { ...process.env, NATS_URL: loadConfig().nats.url };
  let config;
  try {
    config = agentSimConfig(values, env, systemClock.nowMs());
  } catch (error) {
    if (error instanceof CliError) throw new UsageError(error.message);
    throw error;
  }
  const quiet = isMachineFormat(options);
  const say = (line: string) => {
    if (!quiet) process.stderr.write(`${line}\n`);
  };
  let fleet;
  try {
    fleet = buildFleet({
      seed: config.seed,
      customers: config.customers,
      rentalsPerCustomer: config.rentalsPerCustomer,
      operators: config.operators,
      currencies: config.currencies,
      periodStartMs: config.fromMs,
      periodEndMs: config.toMs,
      idPrefix: config.idPrefix,
    });
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(error.message);
    throw error;
  }
  const documents = referenceDocuments(fleet);
  if (config.referenceOut !== null) {
    writeFileSync(config.referenceOut, documents.map((doc) => `${JSON.stringify(doc)}\n`).join(''));
    say(`wrote ${documents.length} reference documents to ${config.referenceOut}`);
  }
  if (options.load) {
    const client = api(loadConfig());
    try {
      for (let i = 0; i < documents.length; i += REFERENCE_CHUNK) await client.request('POST', '/v1/reference', { documents: documents.slice(i, i + REFERENCE_CHUNK) });
    } catch (error) {
      if (error instanceof ApiError && error.status === 0) {
        throw new UnavailableError(`${error.message}. The fleet is loaded through the API before any usage is published; to publish without it, pass --no-load and load the fleet first (--reference-out FILE, then hourglass load FILE).`);
      }
      throw error;
    }
    say(`loaded ${fleet.customers.length} customers, ${fleet.priceBooks.length} price books and ${fleet.rentals.length} rentals through ${client.baseUrl}`);
  } else if (options.publish) {
    say('--no-load: publishing without loading the fleet; usage of rentals Hourglass does not know is rejected as unknown_rental after the grace period');
  }

  if (!options.publish) {
    out(options, { loaded: options.load, referenceOut: config.referenceOut, customers: fleet.customers.length, priceBooks: fleet.priceBooks.length, rentals: fleet.rentals.length }, () => '--no-publish: no usage published');
    return;
  }
  const { expected, tap } = expectedTally();
  const progress = new Progress('published', null, !quiet);
  const abort = new AbortController();
  const onSignal = (): void => abort.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const result = await runAgentSim({
      natsUrl: config.natsUrl,
      fleet,
      usage: { seed: config.seed, stepMs: config.stepMs, fromMs: config.fromMs, toMs: config.toMs, faults: config.faults },
      ratePerSecond: config.ratePerSecond,
      inFlightMax: config.inFlightMax,
      onProgress: (n) => progress.update(n),
      tap,
      signal: abort.signal,
    });
    progress.done(result.published);
    const summary = {
      published: result.published,
      seconds: result.seconds,
      ratePerSecond: result.seconds > 0 ? Math.round(result.published / result.seconds) : null,
      droppedByBroker: result.brokerDuplicates,
      retries: result.retries,
      aborted: result.aborted,
      loaded: options.load,
      seed: config.seed,
      idPrefix: config.idPrefix,
      from: new Date(config.fromMs).toISOString(),
      to: new Date(config.toMs).toISOString(),
      operators: fleet.operators.length,
      customers: fleet.customers.length,
      rentals: fleet.rentals.length,
      expected,
    };
    out(options, summary, () =>
      [
        `published ${summary.published.toLocaleString('en-US')} usage events from ${summary.rentals} rentals (${summary.from} to ${summary.to})` +
          `${result.aborted ? ', stopped early' : ''}; ${summary.droppedByBroker} quick resends were dropped by NATS before Hourglass saw them`,
        'what Hourglass should report once it has caught up (hourglass status):',
        printTable([
          { outcome: 'accepted', events: expected.good },
          { outcome: 'duplicate', events: Math.max(0, expected.duplicate - result.brokerDuplicates) },
          ...Object.entries(expected.bad).map(([reason, n]) => ({ outcome: `rejected ${reason}`, events: n })),
        ]),
      ].join('\n'),
    );
    if (result.aborted) process.exitCode = 130;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
