import { cliToken } from '@hourglass/access';
import { Option, type Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import type { HourglassConfig } from '@hourglass/config';
import { ApiClient } from './api-client';

export function api(config: HourglassConfig): ApiClient {
  return new ApiClient(config.http.apiUrl, cliToken(config.access));
}

export type Format = 'table' | 'json' | 'csv';

export interface FormatOptions {
  json?: boolean;
  /** `hourglass usage --csv`, as CONTRACTS §11 writes it. */
  csv?: boolean;
  format?: Format;
}

/** `--json` (kept: scripts use it) and `--format table|json|csv` on every command that prints data. */
export function withFormat(command: Command): Command {
  return command
    .option('--json', 'print one JSON document (same as --format json)')
    .addOption(new Option('--format <format>', 'table for people, json or csv for programs').choices(['table', 'json', 'csv']));
}

export function formatOf(options: FormatOptions): Format {
  return options.json ? 'json' : options.csv ? 'csv' : (options.format ?? 'table');
}

/** Human progress and chatter go to stderr, and only when a person reads stdout's format. */
export function isMachineFormat(options: FormatOptions): boolean {
  return formatOf(options) !== 'table';
}

type Row = Record<string, unknown>;

/**
 * A nested document as `key,value` rows, keys as dotted paths (`events.accepted`,
 * `invoices.0.total`): every figure of a summary in one CSV a spreadsheet can read.
 */
export function flatten(value: unknown, prefix = ''): Row[] {
  if (value === null || typeof value !== 'object') return [{ key: prefix, value }];
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  if (entries.length === 0) return [];
  return entries.flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** RFC 4180 CSV with a header row; decimals stay the strings the API sent (never floats). */
export function toCsv(rows: Row[], columns?: string[]): string {
  const header = columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return stringify([header, ...rows.map((r) => header.map((c) => csvCell(r[c])))], { record_delimiter: '\n' });
}

export interface Rendering {
  /** Text for people. */
  table: () => string;
  /** Rows for CSV; default: the value itself when it is a list of flat rows, else flatten(value). */
  csv?: () => Row[];
  csvColumns?: string[];
}

function isFlatRows(value: unknown): value is Row[] {
  return Array.isArray(value) && value.every((r) => r !== null && typeof r === 'object' && !Array.isArray(r) && Object.values(r).every((v) => v === null || typeof v !== 'object'));
}

export function render(options: FormatOptions, value: unknown, rendering: Rendering): string {
  switch (formatOf(options)) {
    case 'json':
      return JSON.stringify(value, null, 2) + '\n';
    case 'csv': {
      const rows = rendering.csv ? rendering.csv() : isFlatRows(value) ? value : flatten(value);
      return toCsv(rows, rendering.csvColumns);
    }
    case 'table':
      return rendering.table() + '\n';
  }
}

export function out(options: FormatOptions, value: unknown, rendering: Rendering | (() => string)): void {
  process.stdout.write(render(options, value, typeof rendering === 'function' ? { table: rendering } : rendering));
}

/** For commands built with chained options: `.option('--json', …).addOption(formatOption())`. */
export function formatOption(): Option {
  return new Option('--format <format>', 'table for people, json or csv for programs').choices(['table', 'json', 'csv']);
}
