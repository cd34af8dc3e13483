import { writeFileSync } from 'node:fs';
import {
  CliError,
  expectedTally,
  NatsUnreachableError,
  parseAgentSimArgs,
  PublishFailedError,
  runAgentSim,
  USAGE_TEXT,
} from '@hourglass/agent-sim';
import { buildFleet, referenceDocuments } from '@hourglass/simulation';
import { systemClock } from '@hourglass/kernel';

async function cli(argv: string[], env: Record<string, string | undefined>): Promise<number> {
  const config = parseAgentSimArgs(argv, env, systemClock.nowMs());
  if (config.help) {
    process.stdout.write(`${USAGE_TEXT}\n`);
    return 0;
  }
  const fleet = buildFleet({
    seed: config.seed,
    customers: config.customers,
    rentalsPerCustomer: config.rentalsPerCustomer,
    operators: config.operators,
    currencies: config.currencies,
    periodStartMs: config.fromMs,
    periodEndMs: config.toMs,
    idPrefix: config.idPrefix,
  });
  if (config.referenceOut !== null) {
    writeFileSync(config.referenceOut, referenceDocuments(fleet).map((doc) => `${JSON.stringify(doc)}\n`).join(''));
  }

  const { expected, tap } = expectedTally();

  let published = 0;
  let lastPublished = 0;
  const progress = setInterval(() => {
    process.stderr.write(`agent-sim: ${published} published (${published - lastPublished}/s)\n`);
    lastPublished = published;
  }, 1000);
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
      onProgress: (n) => (published = n),
      tap,
      signal: abort.signal,
    });
    const summary = {
      ...result,
      ratePerSecond: result.seconds > 0 ? Math.round(result.published / result.seconds) : null,
      seed: config.seed,
      idPrefix: config.idPrefix,
      from: new Date(config.fromMs).toISOString(),
      to: new Date(config.toMs).toISOString(),
      stepMs: config.stepMs,
      faults: config.faults,
      operators: fleet.operators.length,
      customers: fleet.customers.length,
      rentals: fleet.rentals.length,
      referenceOut: config.referenceOut,
      expected,
    };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return result.aborted ? 130 : 0;
  } finally {
    clearInterval(progress);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

if (require.main === module) {
  cli(process.argv.slice(2), process.env).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const expected = error instanceof CliError || error instanceof RangeError || error instanceof NatsUnreachableError || error instanceof PublishFailedError;
      process.stderr.write(`agent-sim: ${expected ? (error as Error).message : String((error as Error)?.stack ?? error)}\n`);
      process.exitCode = error instanceof CliError ? 2 : 1;
    },
  );
}
