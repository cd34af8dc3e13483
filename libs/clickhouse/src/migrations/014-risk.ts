import type { Migration } from './render';

/**
 * Sanctions screening and usage-fraud signals (libs/risk). Every table is append-only:
 * - a loaded list is a version named by the hash of its files, its entries stored with it, so every
 *   replica rebuilds the same index and a reload of the same files is one version;
 * - a screening is a row per (party, name, country, list versions): its id is derived from them, so
 *   screening the same party twice under the same lists is one row to readers of FINAL;
 * - a review case is named by the party, the name screened and the entries it matched, so a list
 *   refresh that matches the same entries finds the case (and its decision) already there;
 * - reviewers' decisions are appended with who, when and why, never changed;
 * - a fraud signal is named by its rule, subject and window, so a window evaluated twice is one signal.
 */
export const riskMigration: Migration = {
  version: 14,
  name: 'sanctions lists, screenings, review cases and decisions, risk signals',
  statements: ({ db, onCluster, engine, dedupSettings }) => [
    `CREATE TABLE IF NOT EXISTS ${db}.sanctions_list_versions${onCluster} (
      list LowCardinality(String) COMMENT 'ofac_sdn or eu',
      version String COMMENT 'first 16 hex of the SHA-256 of the files loaded',
      entries UInt32,
      names UInt32 COMMENT 'names including aliases',
      source String COMMENT 'file names or URL the version came from',
      loaded_at DateTime64(3, 'UTC')
    ) ENGINE = ${engine('ReplacingMergeTree', 'sanctions_list_versions')}
    ORDER BY (list, version)
    SETTINGS ${dedupSettings()}
    COMMENT 'every version of every sanctions list loaded; the newest loaded_at per list is in force'`,
    `CREATE TABLE IF NOT EXISTS ${db}.sanctions_entries${onCluster} (
      list LowCardinality(String),
      version String,
      entry_id String COMMENT 'OFAC ent_num, EU Entity_LogicalId',
      subject_type LowCardinality(String) COMMENT 'individual, entity, vessel, aircraft',
      name String,
      aliases Array(String),
      countries Array(String) COMMENT 'ISO 3166-1 alpha-2',
      programs Array(String)
    ) ENGINE = ${engine('ReplacingMergeTree', 'sanctions_entries')}
    ORDER BY (list, version, entry_id)
    SETTINGS ${dedupSettings()}
    COMMENT 'the entries of each list version, as the matcher reads them'`,
    `CREATE TABLE IF NOT EXISTS ${db}.screenings${onCluster} (
      screening_id String COMMENT 'derived from party, name, country and list versions',
      party_kind LowCardinality(String) COMMENT 'customer or operator',
      party_id String,
      party_name String,
      party_country String,
      lists String COMMENT 'the list versions screened against, list:version joined by commas',
      decision LowCardinality(String) COMMENT 'block, review or clear, before any reviewer',
      matches String COMMENT 'JSON [{list, entryId, name, score}]',
      case_id String COMMENT 'the review case the matches opened or found; empty when clear',
      trigger LowCardinality(String) COMMENT 'changed, refresh, payout, manual',
      screened_at DateTime64(3, 'UTC')
    ) ENGINE = ${engine('ReplacingMergeTree', 'screenings')}
    ORDER BY (party_kind, party_id, screening_id)
    SETTINGS ${dedupSettings()}
    COMMENT 'screenings of customers and operators; read with FINAL'`,
    `CREATE TABLE IF NOT EXISTS ${db}.screening_cases${onCluster} (
      case_id String,
      party_kind LowCardinality(String),
      party_id String,
      party_name String,
      party_country String,
      auto_decision LowCardinality(String) COMMENT 'block or review: what the matcher decided',
      matches String COMMENT 'JSON [{list, entryId, name, score}]',
      opened_at DateTime64(3, 'UTC')
    ) ENGINE = ${engine('ReplacingMergeTree', 'screening_cases')}
    ORDER BY case_id
    SETTINGS ${dedupSettings()}
    COMMENT 'the review queue: one case per party, name and matched entries; read with FINAL'`,
    `CREATE TABLE IF NOT EXISTS ${db}.screening_decisions${onCluster} (
      decision_id String COMMENT 'derived from the case and the request idempotency key',
      case_id String,
      decision LowCardinality(String) COMMENT 'clear or block',
      reason String,
      actor String COMMENT 'the API token name of the reviewer',
      decided_at DateTime64(3, 'UTC')
    ) ENGINE = ${engine('ReplacingMergeTree', 'screening_decisions')}
    ORDER BY (case_id, decision_id)
    SETTINGS ${dedupSettings()}
    COMMENT 'reviewers decisions, append-only: the newest per case stands'`,
    `CREATE TABLE IF NOT EXISTS ${db}.risk_signals${onCluster} (
      signal_id String COMMENT 'rule:subject_kind:subject_id:window_end',
      rule LowCardinality(String),
      subject_kind LowCardinality(String) COMMENT 'operator, node, rental or customer',
      subject_id String,
      window_start DateTime64(3, 'UTC'),
      window_end DateTime64(3, 'UTC'),
      value Float64 COMMENT 'the measured figure the rule compares',
      threshold Float64,
      detail String COMMENT 'JSON with the figures behind value',
      detected_at DateTime64(3, 'UTC')
    ) ENGINE = ${engine('ReplacingMergeTree', 'risk_signals')}
    ORDER BY signal_id
    SETTINGS ${dedupSettings()}
    COMMENT 'usage-fraud signals raised by the risk rules; read with FINAL'`,
    `ALTER TABLE ${db}.risk_signals${onCluster} COMMENT COLUMN rule 'the fraud rule that fired: node_overcommit, overlapping_resends, outside_rental_window, zero_utilization, rental_velocity, spend_jump', COMMENT COLUMN subject_id 'operator, node, rental or customer id the signal is about', COMMENT COLUMN window_start 'start of the evaluated window, UTC, inclusive', COMMENT COLUMN window_end 'end of the evaluated window, UTC, exclusive', COMMENT COLUMN threshold 'the configured threshold the value crossed, in the unit of the rule', COMMENT COLUMN detected_at 'when the rule found it, UTC'`,
    `ALTER TABLE ${db}.sanctions_entries${onCluster} COMMENT COLUMN list 'ofac_sdn or eu: the published list the entry comes from', COMMENT COLUMN version 'list version (hash of its files) the entry belongs to', COMMENT COLUMN name 'primary name as published', COMMENT COLUMN aliases 'alternative names as published', COMMENT COLUMN programs 'sanctions programmes the entry is listed under'`,
    `ALTER TABLE ${db}.sanctions_list_versions${onCluster} COMMENT COLUMN entries 'number of entries in this version', COMMENT COLUMN loaded_at 'when this version was loaded, UTC'`,
    `ALTER TABLE ${db}.screening_cases${onCluster} COMMENT COLUMN case_id 'review case id, derived from the party, the name screened and the matched entries', COMMENT COLUMN party_kind 'customer or operator', COMMENT COLUMN party_id 'customer or operator id', COMMENT COLUMN party_name 'name that was screened', COMMENT COLUMN party_country 'ISO 3166-1 alpha-2 country screened with, empty if none', COMMENT COLUMN opened_at 'when the case was opened, UTC'`,
    `ALTER TABLE ${db}.screening_decisions${onCluster} COMMENT COLUMN case_id 'review case decided', COMMENT COLUMN reason 'why the reviewer decided so', COMMENT COLUMN decided_at 'when the decision was made, UTC'`,
    `ALTER TABLE ${db}.screenings${onCluster} COMMENT COLUMN party_id 'customer or operator id screened', COMMENT COLUMN party_name 'name screened', COMMENT COLUMN party_country 'ISO 3166-1 alpha-2 country screened with, empty if none', COMMENT COLUMN screened_at 'when the screening ran, UTC'`,
  ],
};
