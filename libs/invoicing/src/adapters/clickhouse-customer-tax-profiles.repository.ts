import type { ClickHouseClient } from '@clickhouse/client';
import { queryRows } from '@hourglass/clickhouse';
import type { CustomerTaxProfile } from '../domain';
import type { CustomerTaxProfiles } from '../ports';

/** Customers' tax fields, from the latest version of each customer's reference document. */
export class ClickHouseCustomerTaxProfiles implements CustomerTaxProfiles {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
  ) {}

  async profiles(customerIds: readonly string[]): Promise<Map<string, CustomerTaxProfile>> {
    const out = new Map<string, CustomerTaxProfile>();
    if (customerIds.length === 0) return out;
    const rows = await queryRows<{ customer_id: string; document: string }>(
      this.client,
      `SELECT customer_id, document FROM \`${this.database}\`.customers WHERE customer_id IN {ids:Array(String)}`,
      { ids: [...customerIds] },
    );
    for (const row of rows) out.set(row.customer_id, taxProfileOf(row.document));
    return out;
  }
}

/** The tax fields of a stored customer document; an unreadable document gives an empty profile. */
export function taxProfileOf(document: string): CustomerTaxProfile {
  let doc: Record<string, unknown> = {};
  try {
    doc = JSON.parse(document) as Record<string, unknown>;
  } catch {
    // validated when stored; nothing to say about tax
  }
  const text = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : null);
  return {
    country: text(doc.country),
    taxId: text(doc.taxId),
    customerType: doc.customerType === 'business' || doc.customerType === 'individual' ? doc.customerType : null,
    taxExempt: doc.taxExempt === true,
  };
}
