import { createHash } from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import { chDateTime, insertRows, parseChDateTime, queryRows } from '@hourglass/clickhouse';
import { FRAUD_RULES, thresholdOf, type FiredRule, type FraudRule, type FraudThresholds, type SignalWindow } from '../domain/fraud-rules';
import type { FraudSignalStore, StoredSignal } from '../ports';
import { nodeOvercommitSql, outsideRentalWindowSql, overlappingResendsSql, rentalVelocitySql, spendJumpSql, zeroUtilizationSql } from './fraud-signals.sql';

interface SignalRow {
  signal_id: string;
  rule: string;
  subject_kind: string;
  subject_id: string;
  window_start: string;
  window_end: string;
  value: number;
  threshold: number;
  detail: string;
  detected_at: string;
}

/** Runs each rule's SQL with its thresholds bound, and stores the signals (risk_signals, migration 12). */
export class ClickHouseFraudSignals implements FraudSignalStore {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
  ) {}

  private get db(): string {
    return '`' + this.database + '`';
  }

  async evaluate(rule: FraudRule, window: SignalWindow, t: FraudThresholds): Promise<FiredRule[]> {
    const base = { from: window.fromMs, to: window.toMs };
    const [sql, params] = ((): [string, Record<string, unknown>] => {
      switch (rule) {
        case 'node_overcommit':
          return [nodeOvercommitSql(this.db), { ...base, ratio: t.nodeOvercommitRatio }];
        case 'overlapping_resends':
          return [overlappingResendsSql(this.db), { ...base, ratio: t.overlapResendRatio, min: Math.ceil(t.overlapResendMin) }];
        case 'outside_rental_window':
          return [outsideRentalWindowSql(this.db), { ...base, min: Math.ceil(t.outsideWindowMin) }];
        case 'zero_utilization':
          return [zeroUtilizationSql(this.db), { ...base, minMs: Math.ceil(t.zeroUtilizationMs) }];
        case 'rental_velocity':
          return [rentalVelocitySql(this.db), { ...base, baseline: t.baselineWindows, factor: t.rentalVelocityFactor, min: Math.ceil(t.rentalVelocityMin) }];
        case 'spend_jump':
          return [spendJumpSql(this.db), { ...base, baseline: t.baselineWindows, factor: t.spendJumpFactor, min: t.spendJumpMin }];
      }
    })();
    const rows = await queryRows<{ subject_id: string; value: number | string; detail: string }>(this.client, sql, params);
    return rows.map((r) => ({
      rule,
      subjectKind: FRAUD_RULES[rule].subject,
      subjectId: r.subject_id,
      value: Number(r.value),
      threshold: thresholdOf(rule, t),
      detail: JSON.parse(r.detail) as Record<string, unknown>,
    }));
  }

  async append(signals: readonly StoredSignal[]): Promise<void> {
    const rows = signals.map((s) => ({
      signal_id: s.signalId,
      rule: s.rule,
      subject_kind: s.subjectKind,
      subject_id: s.subjectId,
      window_start: chDateTime(s.window.fromMs),
      window_end: chDateTime(s.window.toMs),
      value: s.value,
      threshold: s.threshold,
      detail: JSON.stringify(s.detail),
      detected_at: chDateTime(s.detectedAtMs),
    }));
    await insertRows(this.client, `${this.db}.risk_signals`, rows, `risk-signals:${createHash('sha256').update(signals.map((s) => s.signalId).join('|')).digest('hex')}`);
  }

  async list(filter: { rule?: FraudRule; limit: number }): Promise<StoredSignal[]> {
    const rows = await queryRows<SignalRow>(
      this.client,
      `SELECT * FROM ${this.db}.risk_signals FINAL WHERE ({rule:String} = '' OR rule = {rule:String}) ORDER BY window_end DESC, signal_id LIMIT {limit:UInt32}`,
      { rule: filter.rule ?? '', limit: filter.limit },
    );
    return rows.map((r) => ({
      signalId: r.signal_id,
      rule: r.rule as FraudRule,
      subjectKind: r.subject_kind,
      subjectId: r.subject_id,
      value: Number(r.value),
      threshold: Number(r.threshold),
      detail: JSON.parse(r.detail) as Record<string, unknown>,
      window: { fromMs: parseChDateTime(r.window_start), toMs: parseChDateTime(r.window_end) },
      detectedAtMs: parseChDateTime(r.detected_at),
    }));
  }
}
