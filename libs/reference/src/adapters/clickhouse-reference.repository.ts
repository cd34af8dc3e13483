import type { ClickHouseClient } from '@clickhouse/client';
import { chDateTime, insertRows, queryRows } from '@hourglass/clickhouse';
import type { Customer, PriceBookVersion, ReferenceDocument, Rental } from '@hourglass/contracts';
import type { ReferenceRepository, ReferenceSnapshot } from '../ports';

/** `document` holds the normalized document, so loading back needs no second mapping. */
export class ClickHouseReferenceRepository implements ReferenceRepository {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
  ) {}

  private get db(): string {
    return '`' + this.database + '`';
  }

  async append(documents: readonly ReferenceDocument[], receivedAtMs: number): Promise<void> {
    const received_at = chDateTime(receivedAtMs);
    const rentals = documents.filter((d) => d.kind === 'rental').map((d) => rentalRow(d.doc as Rental, received_at));
    const customers = documents.filter((d) => d.kind === 'customer').map((d) => customerRow(d.doc as Customer, received_at));
    const books = documents.filter((d) => d.kind === 'priceBook').map((d) => priceBookRow(d.doc as PriceBookVersion, received_at));
    await insertRows(this.client, `${this.database}.rental_versions`, rentals);
    await insertRows(this.client, `${this.database}.customer_versions`, customers);
    await insertRows(this.client, `${this.database}.price_book_versions`, books);
  }

  async loadCurrent(): Promise<ReferenceSnapshot> {
    const [rentals, customers, priceBooks] = await Promise.all([
      queryRows<{ document: string }>(this.client, `SELECT document FROM ${this.db}.rentals`),
      queryRows<{ document: string }>(this.client, `SELECT document FROM ${this.db}.customers`),
      queryRows<{ document: string }>(this.client, `SELECT document FROM ${this.db}.price_book_versions FINAL ORDER BY price_book_id, version`),
    ]);
    return {
      rentals: rentals.map((r) => JSON.parse(r.document) as Rental),
      customers: customers.map((r) => JSON.parse(r.document) as Customer),
      priceBooks: priceBooks.map((r) => JSON.parse(r.document) as PriceBookVersion),
    };
  }

  async rentalHistory(rentalId: string): Promise<Rental[]> {
    const rows = await queryRows<{ document: string }>(
      this.client,
      `SELECT document FROM ${this.db}.rental_versions FINAL WHERE rental_id = {id:String} ORDER BY updated_at`,
      { id: rentalId },
    );
    return rows.map((r) => JSON.parse(r.document) as Rental);
  }
}

function rentalRow(r: Rental, received_at: string): Record<string, unknown> {
  return {
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
    received_at,
  };
}

function customerRow(c: Customer, received_at: string): Record<string, unknown> {
  return {
    customer_id: c.customerId,
    name: c.name,
    currency: c.currency,
    country: c.country ?? '',
    credit_limit: c.creditLimit,
    updated_at: chDateTime(c.updatedAtMs),
    document: JSON.stringify(c),
    received_at,
  };
}

function priceBookRow(p: PriceBookVersion, received_at: string): Record<string, unknown> {
  return {
    price_book_id: p.priceBookId,
    version: p.version,
    effective_from: chDateTime(p.effectiveFromMs),
    currency: p.currency,
    platform_fee_rate: p.platformFeeRate,
    rates: JSON.stringify(p.rates),
    document: JSON.stringify(p),
    received_at,
  };
}
