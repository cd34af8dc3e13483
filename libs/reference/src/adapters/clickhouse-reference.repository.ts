import { createHash } from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import { queryRows } from '@hourglass/clickhouse';
import type { Customer, PriceBookVersion, ReferenceDocument, Rental } from '@hourglass/contracts';
import { ClickHouseFactStore, latestByKeySql, type LatestByKey, type Outbox, type OutboxMessage } from '@hourglass/kernel';

/** latestByKeySql's trailing SETTINGS, which a subquery cannot carry: the union states it once. */
const SETTINGS_CLAUSE = / SETTINGS prefer_column_name_to_alias = 1$/;
import type { ReferenceRepository, ReferenceSnapshot } from '../ports';
import { referenceVersionId } from '../reference-announcements';
import { customerVersions, EVERY_PRICE_BOOK_VERSION, LATEST_CUSTOMER, LATEST_RENTAL, priceBookVersions, rentalVersions, type Received } from './mapping';

export class ClickHouseReferenceRepository implements ReferenceRepository {
  private readonly facts: ClickHouseFactStore;

  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
    /** Null for a repository that only reads or never announces (tools, benchmarks). */
    private readonly outbox: Outbox | null = null,
  ) {
    this.facts = new ClickHouseFactStore(client, database);
  }

  private get db(): string {
    return '`' + this.database + '`';
  }

  /**
   * Announcements first, documents second. A process killed in between has announced documents it
   * did not store; every instance's REF consumer, this one's included, stores them when the relay
   * publishes. The other order could store documents and never announce them: the retry finds them
   * stored, so not new, and announces nothing.
   */
  async append(documents: readonly ReferenceDocument[], receivedAtMs: number, announcements: readonly OutboxMessage[] = []): Promise<void> {
    // The versions named in the write: the same documents appended again (a retried request) are
    // dropped by ClickHouse instead of stored twice.
    const token = `ref:${createHash('sha256').update(documents.map(referenceVersionId).join('\n')).digest('hex')}`;
    if (announcements.length > 0) {
      if (!this.outbox) throw new Error('this reference repository has no outbox: it cannot announce documents');
      await this.outbox.enqueue(announcements, token);
    }
    const received = (kind: ReferenceDocument['kind']) => documents.filter((d) => d.kind === kind).map((d) => ({ doc: d.doc, receivedAtMs }));
    await this.facts.append(rentalVersions, received('rental') as Array<Received<Rental>>, `${token}:rentals`);
    await this.facts.append(customerVersions, received('customer') as Array<Received<Customer>>, `${token}:customers`);
    await this.facts.append(priceBookVersions, received('priceBook') as Array<Received<PriceBookVersion>>, `${token}:pricebooks`);
  }

  /**
   * The latest version of every rental and customer and every price book version, in one query (a
   * UNION ALL of the three latest-by-key selections): at start-up, before the usage consumer's first
   * fetch, one round trip instead of three.
   */
  async loadCurrent(): Promise<ReferenceSnapshot> {
    const part = (kind: string, table: { name: string; columns: readonly string[] }, latest: LatestByKey, key: string, version: string) =>
      `SELECT '${kind}' AS kind, ${key} AS k, ${version} AS v, document FROM (${latestByKeySql(this.facts.qualified(table), table.columns, latest).replace(SETTINGS_CLAUSE, '')})`;
    const rows = await queryRows<{ kind: string; document: string }>(
      this.client,
      'SELECT kind, document FROM (' +
        [
          part('rental', rentalVersions, LATEST_RENTAL, 'rental_id', 'toUInt32(0)'),
          part('customer', customerVersions, LATEST_CUSTOMER, 'customer_id', 'toUInt32(0)'),
          part('priceBook', priceBookVersions, EVERY_PRICE_BOOK_VERSION, 'price_book_id', 'version'),
        ].join(' UNION ALL ') +
        ') ORDER BY kind, k, v SETTINGS prefer_column_name_to_alias = 1',
    );
    const snapshot: ReferenceSnapshot = { rentals: [], customers: [], priceBooks: [] };
    for (const row of rows) {
      if (row.kind === 'rental') snapshot.rentals.push(rentalVersions.fromRow(row).doc);
      else if (row.kind === 'customer') snapshot.customers.push(customerVersions.fromRow(row).doc);
      else snapshot.priceBooks.push(priceBookVersions.fromRow(row).doc);
    }
    return snapshot;
  }

  async rentalHistory(rentalId: string): Promise<Rental[]> {
    const rows = await queryRows<{ document: string }>(
      this.client,
      `SELECT document FROM ${this.db}.rental_versions FINAL WHERE rental_id = {id:String} ORDER BY updated_at`,
      { id: rentalId },
    );
    return rows.map((r) => rentalVersions.fromRow(r).doc);
  }
}
