import type { ClickHouseClient } from '@clickhouse/client';
import { insertRows, queryRows } from '@hourglass/clickhouse';
import type { PartyKind, PartyRef } from '@hourglass/contracts';
import type { SanctionsEntry, SanctionsListId, SanctionsListVersion } from '../domain/entries';
import type { ReviewCase, ReviewDecisionRecord } from '../domain/review';
import type { CaseFilter, LatestScreening, SanctionsListStore, ScreeningRecord, ScreeningStore, StoredCase } from '../ports';
import {
  caseFromRow,
  caseToRow,
  decisionFromRow,
  decisionToRow,
  entryFromRow,
  entryToRow,
  listVersionFromRow,
  listVersionToRow,
  screeningToRow,
  type CaseRow,
  type DecisionRow,
  type EntryRow,
  type ListVersionRow,
} from './mapping';

/** Rows per insert of list entries: a full SDN list is ~18,000 entries, a few inserts. */
const ENTRY_CHUNK = 5_000;

/**
 * The risk tables of migration 12. Maps and stores; decides nothing. Every insert carries a dedup
 * token named by what it stores, and every table is read with FINAL, so a retried write is one row.
 */
export class ClickHouseRiskRepository implements SanctionsListStore, ScreeningStore {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
  ) {}

  private get db(): string {
    return '`' + this.database + '`';
  }

  async append(version: SanctionsListVersion, entries: readonly SanctionsEntry[]): Promise<void> {
    // Entries first, the version row last: a reader that sees the version finds its entries.
    for (let i = 0; i < entries.length; i += ENTRY_CHUNK) {
      const chunk = entries.slice(i, i + ENTRY_CHUNK).map((e) => entryToRow(version.version, e));
      await insertRows(this.client, `${this.db}.sanctions_entries`, chunk, `sanctions:${version.list}:${version.version}:${i}`);
    }
    await insertRows(this.client, `${this.db}.sanctions_list_versions`, [listVersionToRow(version)], `sanctions-version:${version.list}:${version.version}:${version.loadedAtMs}`);
  }

  async current(): Promise<SanctionsListVersion[]> {
    const rows = await queryRows<ListVersionRow>(
      this.client,
      `SELECT list, argMax(version, loaded_at) AS version, argMax(entries, loaded_at) AS entries, argMax(names, loaded_at) AS names,
              argMax(source, loaded_at) AS source, max(loaded_at) AS loaded_at
       FROM ${this.db}.sanctions_list_versions FINAL GROUP BY list ORDER BY list
       SETTINGS prefer_column_name_to_alias = 1`,
    );
    return rows.map(listVersionFromRow);
  }

  async history(): Promise<SanctionsListVersion[]> {
    const rows = await queryRows<ListVersionRow>(this.client, `SELECT list, version, entries, names, source, loaded_at FROM ${this.db}.sanctions_list_versions FINAL ORDER BY loaded_at DESC, list LIMIT 1000`);
    return rows.map(listVersionFromRow);
  }

  async entries(list: SanctionsListId, version: string): Promise<SanctionsEntry[]> {
    const rows = await queryRows<EntryRow>(
      this.client,
      `SELECT list, version, entry_id, subject_type, name, aliases, countries, programs
       FROM ${this.db}.sanctions_entries FINAL WHERE list = {list:String} AND version = {version:String} ORDER BY entry_id`,
      { list, version },
    );
    return rows.map(entryFromRow);
  }

  async record(screening: ScreeningRecord, opened: ReviewCase | null): Promise<void> {
    // The case before the screening that names it: a screening never points at a missing case.
    if (opened) await insertRows(this.client, `${this.db}.screening_cases`, [caseToRow(opened)], `case:${opened.caseId}`);
    await insertRows(this.client, `${this.db}.screenings`, [screeningToRow(screening)], `screening:${screening.screeningId}:${screening.screenedAtMs}`);
  }

  async latestScreenings(): Promise<Map<string, LatestScreening>> {
    const rows = await queryRows<{ party_kind: string; party_id: string; screening_id: string; party_name: string; party_country: string }>(
      this.client,
      `SELECT party_kind, party_id, argMax(screening_id, screened_at) AS screening_id, argMax(party_name, screened_at) AS party_name,
              argMax(party_country, screened_at) AS party_country
       FROM ${this.db}.screenings GROUP BY party_kind, party_id
       SETTINGS prefer_column_name_to_alias = 1`,
    );
    return new Map(rows.map((r) => [`${r.party_kind}:${r.party_id}`, { screeningId: r.screening_id, name: r.party_name, country: r.party_country || null }]));
  }

  async latestScreening(party: PartyRef): Promise<LatestScreening | null> {
    const [row] = await queryRows<{ screening_id: string; party_name: string; party_country: string }>(
      this.client,
      `SELECT screening_id, party_name, party_country FROM ${this.db}.screenings
       WHERE party_kind = {kind:String} AND party_id = {id:String} ORDER BY screened_at DESC LIMIT 1`,
      { kind: party.kind, id: party.id },
    );
    return row ? { screeningId: row.screening_id, name: row.party_name, country: row.party_country || null } : null;
  }

  async case(caseId: string): Promise<StoredCase | null> {
    const [row] = await queryRows<CaseRow>(this.client, `SELECT * FROM ${this.db}.screening_cases FINAL WHERE case_id = {caseId:String}`, { caseId });
    if (!row) return null;
    return { ...caseFromRow(row), decisions: await this.decisionsOf([caseId]).then((m) => m.get(caseId) ?? []) };
  }

  async cases(filter: CaseFilter): Promise<StoredCase[]> {
    const where = ['1'];
    if (filter.partyKind) where.push('party_kind = {kind:String}');
    if (filter.partyId) where.push('party_id = {partyId:String}');
    const decided = `case_id IN (SELECT case_id FROM ${this.db}.screening_decisions)`;
    if (filter.status === 'pending') where.push(`NOT ${decided}`);
    if (filter.status === 'decided') where.push(decided);
    let after = { at: '', id: '' };
    if (filter.before) {
      const [cursor] = await queryRows<{ opened_at: string }>(this.client, `SELECT opened_at FROM ${this.db}.screening_cases FINAL WHERE case_id = {id:String}`, { id: filter.before });
      if (!cursor) return [];
      after = { at: cursor.opened_at, id: filter.before };
      where.push(`(opened_at, case_id) < (toDateTime64({afterAt:String}, 3, 'UTC'), {afterId:String})`);
    }
    const rows = await queryRows<CaseRow>(
      this.client,
      `SELECT * FROM ${this.db}.screening_cases FINAL WHERE ${where.join(' AND ')} ORDER BY opened_at DESC, case_id DESC LIMIT {limit:UInt32}`,
      { kind: filter.partyKind ?? '', partyId: filter.partyId ?? '', limit: filter.limit, afterAt: after.at, afterId: after.id },
    );
    return this.withDecisions(rows);
  }

  async casesOf(party: PartyRef): Promise<StoredCase[]> {
    const rows = await queryRows<CaseRow>(
      this.client,
      `SELECT * FROM ${this.db}.screening_cases FINAL WHERE party_kind = {kind:String} AND party_id = {id:String} ORDER BY opened_at, case_id`,
      { kind: party.kind as PartyKind, id: party.id },
    );
    return this.withDecisions(rows);
  }

  async appendDecision(decision: ReviewDecisionRecord): Promise<void> {
    await insertRows(this.client, `${this.db}.screening_decisions`, [decisionToRow(decision)], `decision:${decision.decisionId}`);
  }

  private async withDecisions(rows: CaseRow[]): Promise<StoredCase[]> {
    const decisions = await this.decisionsOf(rows.map((r) => r.case_id));
    return rows.map((r) => ({ ...caseFromRow(r), decisions: decisions.get(r.case_id) ?? [] }));
  }

  private async decisionsOf(caseIds: readonly string[]): Promise<Map<string, ReviewDecisionRecord[]>> {
    const out = new Map<string, ReviewDecisionRecord[]>();
    if (caseIds.length === 0) return out;
    const rows = await queryRows<DecisionRow>(
      this.client,
      `SELECT * FROM ${this.db}.screening_decisions FINAL WHERE case_id IN {ids:Array(String)} ORDER BY decided_at, decision_id`,
      { ids: caseIds },
    );
    for (const r of rows) {
      const list = out.get(r.case_id) ?? [];
      list.push(decisionFromRow(r));
      out.set(r.case_id, list);
    }
    return out;
  }
}
