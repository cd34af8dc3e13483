import type { ClickHouseClient } from '@clickhouse/client';
import { chDateTime, insertRows, parseChDateTime, queryRows } from '@hourglass/clickhouse';
import type { AuditEntry, AuditPage } from '../audit/audit-entry';
import type { Role } from '../roles';

interface AuditRow {
  id: string;
  at: string;
  actor: string;
  role: string;
  method: string;
  path: string;
  status: number | string;
  idempotency_key: string;
}

/** Appends to `audit_log` and reads it newest first; nothing here updates or deletes a row. */
export class ClickHouseAuditLogRepository {
  constructor(private readonly clickhouse: ClickHouseClient) {}

  async append(entry: AuditEntry): Promise<void> {
    const row: AuditRow = {
      id: entry.id,
      at: chDateTime(Date.parse(entry.at)),
      actor: entry.actor,
      role: entry.role,
      method: entry.method,
      path: entry.path,
      status: entry.status,
      idempotency_key: entry.idempotencyKey ?? '',
    };
    // The id is unique per request, so a retried insert of the same entry is dropped, not doubled.
    await insertRows(this.clickhouse, 'audit_log', [row], `audit:${entry.id}`);
  }

  async page(page: AuditPage): Promise<AuditEntry[]> {
    const rows = await queryRows<AuditRow>(
      this.clickhouse,
      `SELECT id, at, actor, role, method, path, status, idempotency_key FROM audit_log
       ${page.before ? 'WHERE id < {before:String}' : ''}
       ORDER BY id DESC LIMIT {limit:UInt32}`,
      { before: page.before ?? '', limit: page.limit },
    );
    return rows.map((r) => ({
      id: r.id,
      at: new Date(parseChDateTime(r.at)).toISOString(),
      actor: r.actor,
      role: r.role as Role,
      method: r.method,
      path: r.path,
      status: Number(r.status),
      idempotencyKey: r.idempotency_key === '' ? null : r.idempotency_key,
    }));
  }
}
