import type { Command } from 'commander';
import { load } from '../lazy';
import { withFormat } from '../output';
import type { SimulateOptions } from './simulate.run';

const ORDER = `
Order matters: Hourglass must know a rental before its usage outlives the grace period
(HOURGLASS_UNKNOWN_RENTAL_GRACE_MS, 10 min by default), or that usage is rejected as
unknown_rental. So by default this command first loads the fleet's customers, price books and
rentals through the API (HOURGLASS_API, a running 'hourglass serve'), then publishes usage to
NATS (NATS_URL). To load the fleet yourself instead, write it first and publish after,
with the same options (a fixed --end, since the fleet's rentals start within the span):
  hourglass simulate --end 2026-11-30T00:00:00Z --no-load --no-publish --reference-out fleet.ndjson
  hourglass load fleet.ndjson
  hourglass simulate --end 2026-11-30T00:00:00Z --no-load
If usage was rejected as unknown_rental all the same, load the rentals and run
  hourglass rejections replay --reason unknown_rental
(a resend of that usage would only count as a duplicate).

Examples:
  hourglass simulate --days 1 --customers 5
  hourglass simulate --days 0.5 --rate 2000 --faults standard --format csv`;

/** `hourglass simulate`: the agent simulator (libs/agent-sim) with the CLI's parsing, formats and exit codes. */
export function registerSimulateCommand(program: Command): void {
  withFormat(
    program
      .command('simulate')
      .description('simulated data-center agents: load their fleet through the API, then publish its usage to NATS')
      .option('--customers <n>', 'customers', '10')
      .option('--rentals-per-customer <n>', 'rentals per customer', '3')
      .option('--operators <n>', 'operators', '4')
      .option('--currencies <list>', 'currencies of the price books, e.g. USD,EUR,JPY', 'USD,EUR')
      .option('--days <d>', 'simulated days ending at --end (fractions allowed)', '1')
      .option('--end <iso>', 'end of the simulated span (default: now, floored to the step)')
      .option('--step-ms <ms>', 'reporting step of an agent', '60000')
      .option('--rate <n>', 'messages per second, 0 = as fast as possible', '0')
      .option('--in-flight <n>', 'unacknowledged publishes at once', '256')
      .option('--seed <n>', 'PRNG seed; the same seed publishes the same bytes', '1')
      .option('--id-prefix <p>', 'prefix of operator, customer, rental and price book ids', '')
      .option('--faults <spec>', 'none | standard | k=v,... (resend, unkeyed, overlap, outOfOrder, bad: rates in [0,1]) | JSON', 'none')
      .option('--reference-out <file>', "also write the fleet's reference documents as NDJSON to this file")
      .option('--no-load', 'do not load the fleet through the API first (then load it yourself before publishing)')
      .option('--no-publish', 'stop after loading or writing the fleet: publish no usage'),
  )
    .addHelpText('after', ORDER)
    .action(async (options: SimulateOptions) => {
      const { simulate } = load<typeof import('./simulate.run')>('./commands/simulate.run');
      await simulate(options);
    });
}

