import { Rng } from './prng';
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE, MS_PER_SECOND } from '@hourglass/time';

/**
 * Reference documents exactly as the control plane sends them (CONTRACTS.md §2): plain JSON,
 * ISO timestamps, decimal strings. They are what a test posts to the HTTP API, so they are
 * kept in wire form rather than in Hourglass's parsed domain types.
 */
export interface FleetCustomer {
  customerId: string;
  name: string;
  currency: string;
  country: string;
  updatedAt: string;
}

export interface FleetRate {
  gpuModel: string;
  pricingClass: 'on_demand' | 'spot';
  unitPrice: string;
}

export interface FleetPriceBook {
  priceBookId: string;
  version: number;
  effectiveFrom: string;
  currency: string;
  platformFeeRate: string;
  rates: FleetRate[];
}

export interface FleetRental {
  rentalId: string;
  customerId: string;
  operatorId: string;
  datacenterId: string;
  nodeId: string;
  gpuModel: string;
  gpuCount: number;
  pricingClass: 'on_demand' | 'spot';
  priceBookId: string;
  startedAt: string;
  /** Exclusive; null while the rental runs. */
  endedAt: string | null;
  commitment: null;
  updatedAt: string;
}

/** Where agents live; not a contract document, but the generator needs it for `source`. */
export interface FleetOperator {
  operatorId: string;
  datacenters: Array<{ datacenterId: string; nodeIds: string[] }>;
}

export interface Fleet {
  seed: number;
  idPrefix: string;
  periodStartMs: number;
  periodEndMs: number;
  operators: FleetOperator[];
  customers: FleetCustomer[];
  /** One book per currency, each with version 1 (and version 2 when `priceChangeAtMs` is set). */
  priceBooks: FleetPriceBook[];
  rentals: FleetRental[];
}

export interface FleetOptions {
  seed: number;
  customers: number;
  rentalsPerCustomer: number;
  operators: number;
  /** Customers take these in turn, so each has at least one customer when customers >= length. Default USD, EUR. */
  currencies?: string[];
  periodStartMs: number;
  periodEndMs: number;
  /**
   * Prepended to operator, customer, rental and price book ids, so tests sharing one NATS,
   * Redis and ClickHouse do not bill each other's rentals. Letters, digits, `_` and `-` only:
   * operator ids become NATS subject tokens.
   */
  idPrefix?: string;
  /** When set, every price book gets a version 2 effective then, 10 % dearer, to exercise version splits. */
  priceChangeAtMs?: number;
}

export interface GpuModelSpec {
  gpuModel: string;
  /** Board power, for plausible `energyWh`. */
  watts: number;
  /** USD per GPU-hour, in ten-thousandths, so no price is ever a float. */
  onDemandUsd4: number;
  spotUsd4: number;
  weight: number;
}

export const GPU_MODELS: readonly GpuModelSpec[] = [
  { gpuModel: 'H100-SXM-80GB', watts: 700, onDemandUsd4: 24_900, spotUsd4: 17_900, weight: 4 },
  { gpuModel: 'H100-PCIe-80GB', watts: 350, onDemandUsd4: 21_900, spotUsd4: 14_900, weight: 1 },
  { gpuModel: 'A100-80GB', watts: 400, onDemandUsd4: 15_900, spotUsd4: 10_900, weight: 3 },
  { gpuModel: 'A100-40GB', watts: 400, onDemandUsd4: 11_900, spotUsd4: 7_900, weight: 1 },
  { gpuModel: 'L40S', watts: 350, onDemandUsd4: 9_900, spotUsd4: 6_850, weight: 2 },
  // Sub-cent list prices, as consumer-GPU marketplaces quote them: they exercise rounding.
  { gpuModel: 'RTX-4090', watts: 450, onDemandUsd4: 4_450, spotUsd4: 2_875, weight: 2 },
  { gpuModel: 'RTX-A6000', watts: 300, onDemandUsd4: 6_900, spotUsd4: 4_925, weight: 1 },
];

interface CurrencySpec {
  /** USD → currency as a ratio of integers. */
  fxNumerator: number;
  fxDenominator: number;
  /** Decimals of a list price: USD keeps the table's, others are set in whole minor units. */
  priceDecimals: number;
  countries: string[];
  platformFeeRate: string;
}

const CURRENCIES: Record<string, CurrencySpec> = {
  USD: { fxNumerator: 1, fxDenominator: 1, priceDecimals: 4, countries: ['US', 'CA'], platformFeeRate: '0.15' },
  EUR: { fxNumerator: 92, fxDenominator: 100, priceDecimals: 2, countries: ['DE', 'FR', 'NL', 'IE'], platformFeeRate: '0.12' },
  GBP: { fxNumerator: 79, fxDenominator: 100, priceDecimals: 2, countries: ['GB'], platformFeeRate: '0.15' },
  CHF: { fxNumerator: 88, fxDenominator: 100, priceDecimals: 2, countries: ['CH'], platformFeeRate: '0.18' },
  JPY: { fxNumerator: 150, fxDenominator: 1, priceDecimals: 0, countries: ['JP'], platformFeeRate: '0.2' },
  BHD: { fxNumerator: 377, fxDenominator: 1000, priceDecimals: 3, countries: ['BH'], platformFeeRate: '0.15' },
};

export const SUPPORTED_CURRENCIES: readonly string[] = Object.keys(CURRENCIES);

const CITIES = ['fra', 'ams', 'lon', 'par', 'waw', 'sto', 'hel', 'mad', 'iad', 'ord', 'dfw', 'sjc', 'sea', 'yyz', 'sin', 'tyo', 'syd', 'bom'];
const NAME_HEADS = ['Northwind', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Cyberdyne', 'Tyrell', 'Soylent', 'Aperture', 'Wonka'];
const NAME_TAILS = ['Labs', 'AI', 'Research', 'Robotics', 'Vision', 'Systems'];
const GPU_COUNTS = [1, 2, 4, 8];
const GPU_COUNT_WEIGHTS = [3, 2, 2, 3];

/** Rentals start at most this long before the period; price books take effect before that. */
const EARLY_START_MAX_MS = 7 * MS_PER_DAY;
const PRICE_BOOK_LEAD_MS = 30 * MS_PER_DAY;
const COUNT_MAX = 1_000_000;
const ID_PREFIX = /^[A-Za-z0-9_-]*$/;

export function buildFleet(options: FleetOptions): Fleet {
  const { seed, periodStartMs, periodEndMs } = options;
  const idPrefix = options.idPrefix ?? '';
  const currencies = options.currencies ?? ['USD', 'EUR'];
  assertCount('customers', options.customers, 1);
  assertCount('rentalsPerCustomer', options.rentalsPerCustomer, 0);
  assertCount('operators', options.operators, 1);
  if (!Number.isSafeInteger(periodStartMs) || !Number.isSafeInteger(periodEndMs) || periodEndMs <= periodStartMs) {
    throw new RangeError(`period [${periodStartMs}, ${periodEndMs}) must be integer ms with start < end`);
  }
  if (!ID_PREFIX.test(idPrefix)) throw new RangeError(`idPrefix ${JSON.stringify(idPrefix)} may hold only letters, digits, _ and -`);
  if (currencies.length === 0) throw new RangeError('currencies must not be empty');
  for (const currency of currencies) {
    if (!(currency in CURRENCIES)) throw new RangeError(`currency ${currency} not simulated; use one of ${SUPPORTED_CURRENCIES.join(', ')}`);
  }
  if (new Set(currencies).size !== currencies.length) throw new RangeError(`currencies repeat: ${currencies.join(', ')}`);
  const { priceChangeAtMs } = options;
  if (priceChangeAtMs !== undefined && !(Number.isSafeInteger(priceChangeAtMs) && priceChangeAtMs > periodStartMs - PRICE_BOOK_LEAD_MS)) {
    throw new RangeError(`priceChangeAtMs ${priceChangeAtMs} must be an integer after the first version's effectiveFrom`);
  }

  const rng = new Rng(seed, `fleet:${idPrefix}`);
  const operators = buildOperators(rng, options.operators, idPrefix);
  const customers = buildCustomers(rng, options.customers, currencies, idPrefix, periodStartMs);
  const priceBooks = buildPriceBooks(currencies, idPrefix, periodStartMs, priceChangeAtMs);
  const rentals: FleetRental[] = [];
  for (const customer of customers) {
    for (let i = 0; i < options.rentalsPerCustomer; i++) {
      rentals.push(buildRental(rng, rentals.length + 1, customer, operators, idPrefix, periodStartMs, periodEndMs));
    }
  }
  return { seed, idPrefix, periodStartMs, periodEndMs, operators, customers, priceBooks, rentals };
}

/**
 * The documents to load before publishing usage, in an order that never names a missing
 * key: customers, then the price books rentals point at, then rentals.
 */
export function referenceDocuments(fleet: Fleet): object[] {
  return [...fleet.customers, ...fleet.priceBooks, ...fleet.rentals];
}

export function priceBookIdFor(idPrefix: string, currency: string): string {
  return `${idPrefix}pb-${currency.toLowerCase()}`;
}

export function gpuModelSpec(gpuModel: string): GpuModelSpec | undefined {
  return GPU_MODELS.find((m) => m.gpuModel === gpuModel);
}

function buildOperators(rng: Rng, count: number, idPrefix: string): FleetOperator[] {
  const operators: FleetOperator[] = [];
  for (let i = 1; i <= count; i++) {
    const cities = rng.sample(CITIES, rng.int(1, 3));
    operators.push({
      operatorId: `${idPrefix}op-${i}`,
      datacenters: cities.map((city) => ({
        datacenterId: `dc-${city}-1`,
        nodeIds: Array.from({ length: rng.int(4, 24) }, (_, n) => `node-${n + 1}`),
      })),
    });
  }
  return operators;
}

function buildCustomers(rng: Rng, count: number, currencies: string[], idPrefix: string, periodStartMs: number): FleetCustomer[] {
  const customers: FleetCustomer[] = [];
  for (let i = 1; i <= count; i++) {
    const currency = currencies[(i - 1) % currencies.length] as string;
    customers.push({
      customerId: `${idPrefix}c-${i}`,
      name: `${rng.pick(NAME_HEADS)} ${rng.pick(NAME_TAILS)} ${i}`,
      currency,
      country: rng.pick((CURRENCIES[currency] as CurrencySpec).countries),
      updatedAt: iso(periodStartMs - PRICE_BOOK_LEAD_MS),
    });
  }
  return customers;
}

function buildPriceBooks(currencies: string[], idPrefix: string, periodStartMs: number, priceChangeAtMs: number | undefined): FleetPriceBook[] {
  const firstEffectiveMs = Math.floor((periodStartMs - PRICE_BOOK_LEAD_MS) / MS_PER_DAY) * MS_PER_DAY;
  const books: FleetPriceBook[] = [];
  for (const currency of currencies) {
    const spec = CURRENCIES[currency] as CurrencySpec;
    const version = (number: number, effectiveMs: number, markupPct: number): FleetPriceBook => ({
      priceBookId: priceBookIdFor(idPrefix, currency),
      version: number,
      effectiveFrom: iso(effectiveMs),
      currency,
      platformFeeRate: spec.platformFeeRate,
      rates: GPU_MODELS.flatMap((model) => [
        { gpuModel: model.gpuModel, pricingClass: 'on_demand' as const, unitPrice: convertPrice(model.onDemandUsd4, spec, markupPct) },
        { gpuModel: model.gpuModel, pricingClass: 'spot' as const, unitPrice: convertPrice(model.spotUsd4, spec, markupPct) },
      ]),
    });
    books.push(version(1, firstEffectiveMs, 0));
    if (priceChangeAtMs !== undefined) books.push(version(2, priceChangeAtMs, 10));
  }
  return books;
}

/** Integer arithmetic throughout: a price list built with floats would print 2.4899999999999998. */
function convertPrice(usd4: number, spec: CurrencySpec, markupPct: number): string {
  const scale = 10 ** spec.priceDecimals;
  const numerator = BigInt(usd4) * BigInt(spec.fxNumerator) * BigInt(100 + markupPct) * BigInt(scale);
  const denominator = 10_000n * BigInt(spec.fxDenominator) * 100n;
  const units = (numerator * 2n + denominator) / (denominator * 2n); // half up; prices are positive
  const whole = units / BigInt(scale);
  if (spec.priceDecimals === 0) return whole.toString();
  const fraction = (units % BigInt(scale)).toString().padStart(spec.priceDecimals, '0').replace(/0+$/, '');
  return `${whole}.${fraction.padEnd(2, '0')}`;
}

function buildRental(
  rng: Rng,
  n: number,
  customer: FleetCustomer,
  operators: FleetOperator[],
  idPrefix: string,
  periodStartMs: number,
  periodEndMs: number,
): FleetRental {
  const operator = rng.pick(operators);
  const datacenter = rng.pick(operator.datacenters);
  const model = rng.weighted(GPU_MODELS, GPU_MODELS.map((m) => m.weight));
  const { startedAtMs, endedAtMs: drawnEndMs } = rentalWindow(rng, periodStartMs, periodEndMs);
  // A period shorter than the draw's granularity can squeeze the end onto the start; the
  // contract refuses endedAt <= startedAt.
  const endedAtMs = drawnEndMs === null ? null : Math.max(drawnEndMs, startedAtMs + 1);
  return {
    rentalId: `${idPrefix}r-${n}`,
    customerId: customer.customerId,
    operatorId: operator.operatorId,
    datacenterId: datacenter.datacenterId,
    nodeId: rng.pick(datacenter.nodeIds),
    gpuModel: model.gpuModel,
    gpuCount: rng.weighted(GPU_COUNTS, GPU_COUNT_WEIGHTS),
    pricingClass: rng.chance(0.2) ? 'spot' : 'on_demand',
    priceBookId: priceBookIdFor(idPrefix, customer.currency),
    startedAt: iso(startedAtMs),
    endedAt: endedAtMs === null ? null : iso(endedAtMs),
    commitment: null,
    updatedAt: iso(endedAtMs ?? startedAtMs),
  };
}

/**
 * Most rentals span the whole period; some start late, end early, or both, at second or
 * millisecond precision, so that partial first and last intervals and clipping are exercised.
 */
function rentalWindow(rng: Rng, periodStartMs: number, periodEndMs: number): { startedAtMs: number; endedAtMs: number | null } {
  const lengthMs = periodEndMs - periodStartMs;
  const at = (fromMs: number, toMs: number): number => {
    const ms = rng.int(Math.ceil(fromMs), Math.max(Math.ceil(fromMs), Math.floor(toMs)));
    // A third at whole minutes, a third at whole seconds, a third to the millisecond.
    const grain = rng.pick([MS_PER_MINUTE, MS_PER_SECOND, 1]);
    return Math.min(Math.max(Math.floor(ms / grain) * grain, Math.ceil(fromMs)), Math.floor(toMs));
  };
  const shape = rng.weighted(['whole', 'lateStart', 'earlyEnd', 'inside'] as const, [55, 20, 15, 10]);
  switch (shape) {
    case 'whole':
      return { startedAtMs: at(periodStartMs - EARLY_START_MAX_MS, periodStartMs), endedAtMs: null };
    case 'lateStart':
      return { startedAtMs: at(periodStartMs + 1, periodStartMs + 0.8 * lengthMs), endedAtMs: null };
    case 'earlyEnd': {
      const startedAtMs = at(periodStartMs - 3 * MS_PER_DAY, periodStartMs);
      return { startedAtMs, endedAtMs: at(Math.max(periodStartMs + 0.2 * lengthMs, startedAtMs + 1), periodEndMs - 1) };
    }
    case 'inside': {
      const startedAtMs = at(periodStartMs, periodStartMs + 0.5 * lengthMs);
      const minimumMs = Math.min(MS_PER_HOUR, Math.max(1, Math.floor((periodEndMs - startedAtMs) / 4)));
      return { startedAtMs, endedAtMs: at(startedAtMs + minimumMs, periodEndMs - 1) };
    }
  }
}

function assertCount(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min || value > COUNT_MAX) {
    throw new RangeError(`${name} must be an integer in [${min}, ${COUNT_MAX}], got ${value}`);
  }
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
