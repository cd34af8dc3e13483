import { parseArgs } from 'node:util';
import { DEFAULT_BAD_REASONS, type BadReason, type UsageFaults } from '@hourglass/simulation';
import { MS_PER_DAY } from '@hourglass/time';
import { DomainError } from '@hourglass/contracts';

/** Bad command-line arguments: the CLI prints the message with its usage text. */
export class CliError extends DomainError {
  constructor(message: string) {
    super('usage_error', message);
  }
}

export interface AgentSimCliConfig {
  help: boolean;
  natsUrl: string;
  customers: number;
  rentalsPerCustomer: number;
  operators: number;
  currencies: string[];
  seed: number;
  idPrefix: string;
  stepMs: number;
  fromMs: number;
  toMs: number;
  ratePerSecond: number;
  inFlightMax: number;
  faults: UsageFaults;
  referenceOut: string | null;
}

export const USAGE_TEXT = `Usage: agent-sim [options]

Publishes simulated gpu.usage.v1 events to NATS JetStream, as a fleet of data center agents
would. Most people want 'hourglass simulate' instead: it takes the same options and loads the
fleet through the API before it publishes. This entry does not load reference data, so load the
fleet first and publish after: write it with 'hourglass simulate --end ISO --no-load
--no-publish --reference-out FILE', run 'hourglass load FILE', then run this with the same
options. Usage of a rental Hourglass does not know waits for it only for the grace period
(10 min by default) and is then rejected as unknown_rental; once the rental is loaded,
'hourglass rejections replay --reason unknown_rental' accepts that usage (a resend would be a
duplicate).

Options:
  --customers N              customers (default 10)
  --rentals-per-customer N   rentals per customer (default 3)
  --operators N              operators (default 4)
  --currencies LIST          e.g. USD,EUR,JPY (default USD,EUR)
  --days D                   simulated days, ending at --end (default 1; fractions allowed)
  --end ISO                  end of the simulated span (default: now, floored to the step)
  --step-ms MS               reporting step of an agent (default 60000)
  --rate N                   messages per second, 0 = as fast as possible (default 0)
  --in-flight N              unacknowledged publishes at once (default 256)
  --seed N                   PRNG seed; the same seed publishes the same bytes (default 1)
  --id-prefix P              prefix of operator, customer, rental and price book ids
  --faults SPEC              none | standard | k=v,... with keys resend, unkeyed, overlap,
                             outOfOrder, bad (rates in [0,1]) | a JSON UsageFaults object
  --reference-out FILE       write the fleet's reference documents as NDJSON to FILE
  -h, --help

Environment: NATS_URL (default nats://127.0.0.1:4222).
Progress goes to stderr once a second; a JSON summary to stdout at the end.`;


/**
 * A little of everything, at rates a busy fleet could plausibly show. Half the resends go
 * without msgId: keyed ones arrive within JetStream's duplicate window and are dropped by the
 * broker, so only unkeyed ones show Hourglass's own deduplication at work.
 */
export const STANDARD_FAULTS: UsageFaults = { resendRate: 0.01, resendUnkeyedShare: 0.5, overlapRate: 0.01, outOfOrderRate: 0.01, badRate: 0.005 };

const FAULT_KEYS: Record<string, keyof UsageFaults> = {
  resend: 'resendRate',
  resendRate: 'resendRate',
  unkeyed: 'resendUnkeyedShare',
  resendUnkeyedShare: 'resendUnkeyedShare',
  overlap: 'overlapRate',
  overlapRate: 'overlapRate',
  outOfOrder: 'outOfOrderRate',
  outOfOrderRate: 'outOfOrderRate',
  bad: 'badRate',
  badRate: 'badRate',
};

export function parseAgentSimArgs(argv: string[], env: Record<string, string | undefined>, nowMs: number): AgentSimCliConfig {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        customers: { type: 'string' },
        'rentals-per-customer': { type: 'string' },
        operators: { type: 'string' },
        currencies: { type: 'string' },
        days: { type: 'string' },
        end: { type: 'string' },
        'step-ms': { type: 'string' },
        rate: { type: 'string' },
        'in-flight': { type: 'string' },
        seed: { type: 'string' },
        'id-prefix': { type: 'string' },
        faults: { type: 'string' },
        'reference-out': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n\n${USAGE_TEXT}`);
  }
  return agentSimConfig(values, env, nowMs);
}

/** Option values by long name (`'step-ms'`, `'reference-out'`, …), as any argument parser collects them. */
export type AgentSimOptionValues = Record<string, string | boolean | undefined>;

/**
 * The checks and defaults of every option, apart from how argv was parsed: the standalone
 * entry parses with node:util, `hourglass simulate` with commander, and both agree.
 */
export function agentSimConfig(values: AgentSimOptionValues, env: Record<string, string | undefined>, nowMs: number): AgentSimCliConfig {
  const text = (name: string): string | undefined => values[name] as string | undefined;

  const stepMs = integer('--step-ms', text('step-ms'), 60_000, 1);
  const days = number('--days', text('days'), 1);
  if (days <= 0) throw new CliError(`--days must be > 0, got ${days}`);
  const endText = text('end');
  let toMs: number;
  if (endText === undefined) {
    // Floored to the step so that no interval ends in the future (future_timestamp).
    toMs = Math.floor(nowMs / stepMs) * stepMs;
  } else {
    toMs = Date.parse(endText);
    if (!Number.isFinite(toMs) || !/(Z|[+-]\d\d:\d\d)$/i.test(endText)) throw new CliError(`--end ${endText} is not an ISO timestamp with an offset`);
  }

  return {
    help: values.help === true,
    natsUrl: env.NATS_URL || 'nats://127.0.0.1:4222',
    customers: integer('--customers', text('customers'), 10, 1),
    rentalsPerCustomer: integer('--rentals-per-customer', text('rentals-per-customer'), 3, 0),
    operators: integer('--operators', text('operators'), 4, 1),
    currencies: (text('currencies') ?? 'USD,EUR').split(',').map((c) => c.trim().toUpperCase()).filter((c) => c !== ''),
    seed: integer('--seed', text('seed'), 1, Number.MIN_SAFE_INTEGER),
    idPrefix: text('id-prefix') ?? '',
    stepMs,
    fromMs: toMs - Math.round(days * MS_PER_DAY),
    toMs,
    ratePerSecond: number('--rate', text('rate'), 0),
    inFlightMax: integer('--in-flight', text('in-flight'), 256, 1),
    faults: parseFaults(text('faults')),
    referenceOut: text('reference-out') ?? null,
  };
}

/** `none`, `standard`, `resend=0.01,overlap=0.02,…`, or a JSON UsageFaults object. */
export function parseFaults(spec: string | undefined): UsageFaults {
  if (spec === undefined || spec === '' || spec === 'none') return {};
  if (spec === 'standard') return { ...STANDARD_FAULTS };
  if (spec.trim().startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(spec);
    } catch (error) {
      throw new CliError(`--faults is not valid JSON: ${(error as Error).message}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new CliError('--faults JSON must be an object');
    const faults: UsageFaults = {};
    for (const [key, value] of Object.entries(parsed)) {
      if (key === 'badReasons') {
        if (!Array.isArray(value) || !value.every((r) => typeof r === 'string')) throw new CliError('--faults badReasons must be an array of reason codes');
        faults.badReasons = value as BadReason[];
        continue;
      }
      assign(faults, key, value);
    }
    return faults;
  }
  const faults: UsageFaults = {};
  for (const pair of spec.split(',')) {
    const [key, raw, ...rest] = pair.split('=');
    if (key === undefined || raw === undefined || rest.length > 0) throw new CliError(`--faults: '${pair}' is not key=rate`);
    assign(faults, key.trim(), Number(raw));
  }
  return faults;
}

function assign(faults: UsageFaults, key: string, value: unknown): void {
  const field = FAULT_KEYS[key];
  if (field === undefined || field === 'badReasons') {
    throw new CliError(`--faults: unknown key '${key}' (use ${Object.keys(FAULT_KEYS).join(', ')}, or badReasons in JSON: ${DEFAULT_BAD_REASONS.join(', ')}, …)`);
  }
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw new CliError(`--faults: ${key} must be a rate in [0, 1], got ${String(value)}`);
  faults[field] = value;
}

function number(flag: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < 0) throw new CliError(`${flag} must be a number >= 0, got '${raw}'`);
  return value;
}

function integer(flag: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isSafeInteger(value) || value < min) throw new CliError(`${flag} must be a whole number >= ${min}, got '${raw}'`);
  return value;
}
