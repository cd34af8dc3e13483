import { chDateTime } from '@hourglass/clickhouse';
import type { Customer, PriceBookVersion, Rental } from '@hourglass/contracts';
import type { FactTable, LatestByKey } from '@hourglass/kernel';

/** A document and when Hourglass received it: one row of a `*_versions` table. */
export interface Received<T> {
  doc: T;
  receivedAtMs: number;
}

/** Readers need only the key and `document`, the normalized document: loading back needs no second mapping. */
type DocumentRow = { document: string } & Record<string, unknown>;

export const rentalVersions: FactTable<Received<Rental>, DocumentRow> = {
  name: 'rental_versions',
  columns: ['rental_id', 'document'],
  toRow: ({ doc: r, receivedAtMs }) => ({
    rental_id: r.rentalId,
    customer_id: r.customerId,
    operator_id: r.operatorId,
    datacenter_id: r.datacenterId,
    node_id: r.nodeId,
    gpu_model: r.gpuModel,
    gpu_count: r.gpuCount,
    pricing_class: r.pricingClass,
    price_book_id: r.priceBookId,
    started_at: chDateTime(r.startedAtMs),
    ended_at: r.endedAtMs === null ? null : chDateTime(r.endedAtMs),
    commitment_term_months: r.commitment?.termMonths ?? null,
    commitment_auto_renew: r.commitment ? r.commitment.autoRenew : null,
    updated_at: chDateTime(r.updatedAtMs),
    document: JSON.stringify(r),
    received_at: chDateTime(receivedAtMs),
  }),
  fromRow: (row) => ({ doc: JSON.parse(row.document) as Rental, receivedAtMs: 0 }),
};

export const customerVersions: FactTable<Received<Customer>, DocumentRow> = {
  name: 'customer_versions',
  columns: ['customer_id', 'document'],
  toRow: ({ doc: c, receivedAtMs }) => ({
    customer_id: c.customerId,
    name: c.name,
    currency: c.currency,
    country: c.country ?? '',
    credit_limit: c.creditLimit,
    updated_at: chDateTime(c.updatedAtMs),
    document: JSON.stringify(c),
    received_at: chDateTime(receivedAtMs),
  }),
  fromRow: (row) => ({ doc: JSON.parse(row.document) as Customer, receivedAtMs: 0 }),
};

export const priceBookVersions: FactTable<Received<PriceBookVersion>, DocumentRow> = {
  name: 'price_book_versions',
  columns: ['price_book_id', 'version', 'document'],
  toRow: ({ doc: p, receivedAtMs }) => ({
    price_book_id: p.priceBookId,
    version: p.version,
    effective_from: chDateTime(p.effectiveFromMs),
    currency: p.currency,
    platform_fee_rate: p.platformFeeRate,
    rates: JSON.stringify(p.rates),
    document: JSON.stringify(p),
    received_at: chDateTime(receivedAtMs),
  }),
  fromRow: (row) => ({ doc: JSON.parse(row.document) as PriceBookVersion, receivedAtMs: 0 }),
};

/** A newer `updatedAt` replaces; between two copies of one version, the later received wins. */
export const LATEST_RENTAL: LatestByKey = { key: ['rental_id'], version: '(updated_at, received_at)' };
export const LATEST_CUSTOMER: LatestByKey = { key: ['customer_id'], version: '(updated_at, received_at)' };
/** Every version of every book: a version never changes once published. */
export const EVERY_PRICE_BOOK_VERSION: LatestByKey = { key: ['price_book_id', 'version'], version: 'received_at' };
