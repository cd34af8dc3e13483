import type { ClickHouseClient } from '@clickhouse/client';
import { chDateTime, insertRows, parseChDateTime, queryRows } from '@hourglass/clickhouse';
import type { ParkedUsage, ParkedUsageStore } from '../ports';
import { batchToken } from './batch-token';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

interface ParkedRow {
  stream_seq: string;
  rental_id: string;
  subject: string;
  raw: string;
  received_at: string;
}

export class ClickHouseParkedUsageStore implements ParkedUsageStore {
  private readonly table: string;

  constructor(
    private readonly client: ClickHouseClient,
    database: string,
  ) {
    this.table = `\`${database}\`.usage_parked`;
  }

  park(events: readonly ParkedUsage[]): Promise<void> {
    return this.write(events, 0);
  }

  resolve(events: readonly ParkedUsage[]): Promise<void> {
    return this.write(events, 1);
  }

  async parkedSeqs(seqs: readonly number[]): Promise<Set<number>> {
    const rows = await queryRows<{ stream_seq: string }>(this.client, `SELECT DISTINCT stream_seq FROM ${this.table} WHERE stream_seq IN {seqs:Array(UInt64)}`, { seqs });
    return new Set(rows.map((r) => Number(r.stream_seq)));
  }

  async open(limit: number, afterSeq: number): Promise<ParkedUsage[]> {
    const rows = await queryRows<ParkedRow>(
      this.client,
      `SELECT stream_seq, rental_id, subject, raw, received_at FROM ${this.table} FINAL
       WHERE resolved = 0 AND stream_seq > {afterSeq:UInt64} ORDER BY stream_seq LIMIT {limit:UInt32}`,
      { limit, afterSeq },
    );
    return rows.map((r) => ({
      seq: Number(r.stream_seq),
      rentalId: r.rental_id,
      subject: r.subject,
      data: encoder.encode(r.raw),
      receivedAtMs: parseChDateTime(r.received_at),
    }));
  }

  async openCount(): Promise<number> {
    const rows = await queryRows<{ n: string }>(this.client, `SELECT count() AS n FROM ${this.table} FINAL WHERE resolved = 0`);
    return Number(rows[0]?.n ?? 0);
  }

  private async write(events: readonly ParkedUsage[], resolved: 0 | 1): Promise<void> {
    if (events.length === 0) return;
    const rows = events.map((e) => ({
      stream_seq: e.seq,
      rental_id: e.rentalId,
      subject: e.subject,
      // Parked events passed the envelope checks, UTF-8 included: the text is the payload.
      raw: decoder.decode(e.data),
      received_at: chDateTime(e.receivedAtMs),
      resolved,
    }));
    await insertRows(this.client, this.table, rows, batchToken(resolved ? 'resolved' : 'parked', events.map((e) => e.seq)));
  }
}
