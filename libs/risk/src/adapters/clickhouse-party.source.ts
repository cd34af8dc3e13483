import type { ClickHouseClient } from '@clickhouse/client';
import { queryRows } from '@hourglass/clickhouse';
import type { PartyKind } from '@hourglass/contracts';
import type { Party } from '../domain/review';
import type { PartySource } from '../ports';

/**
 * Parties of one kind read from a reference-data view that holds the current version of each (one
 * row per id), e.g. `customers` (customer_id, name, country). Operators plug in the same way once
 * their view exists: `new ClickHousePartySource(client, db, { kind: 'operator', view: 'operators',
 * idColumn: 'operator_id' })`.
 */
export interface PartyViewSpec {
  kind: PartyKind;
  view: string;
  idColumn: string;
  nameColumn?: string;
  countryColumn?: string;
}

export class ClickHousePartySource implements PartySource {
  readonly kind: PartyKind;

  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
    private readonly spec: PartyViewSpec,
  ) {
    this.kind = spec.kind;
    for (const name of [spec.view, spec.idColumn, spec.nameColumn ?? 'name', spec.countryColumn ?? 'country']) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`party source ${spec.kind}: ${name} is not a plain identifier`);
    }
  }

  private select(): string {
    const { view, idColumn, nameColumn = 'name', countryColumn = 'country' } = this.spec;
    return `SELECT ${idColumn} AS id, ${nameColumn} AS name, ${countryColumn} AS country FROM \`${this.database}\`.${view}`;
  }

  async all(): Promise<Party[]> {
    const rows = await queryRows<{ id: string; name: string; country: string }>(this.client, `${this.select()} ORDER BY id`);
    return rows.map((r) => this.party(r));
  }

  async find(id: string): Promise<Party | null> {
    const [row] = await queryRows<{ id: string; name: string; country: string }>(this.client, `${this.select()} WHERE ${this.spec.idColumn} = {id:String} LIMIT 1`, { id });
    return row ? this.party(row) : null;
  }

  private party(r: { id: string; name: string; country: string }): Party {
    return { kind: this.kind, id: r.id, name: r.name, country: r.country || null };
  }
}
