import type { Readable } from 'node:stream';
import type { ClickHouseClient } from '@clickhouse/client';
import { queryRows } from '@hourglass/clickhouse';
import type { SqlLimits } from '@hourglass/config';
import { DomainError } from '@hourglass/contracts';
import { parseExplainAst, UnreadableAst } from '../sql/explain-ast';
import { checkStatement } from '../sql/statement-policy';
import { OUTPUT_FORMATS, prepareText, QueryNotAllowed, type OutputFormat } from '../sql/statement-text';

const EXPLAIN_FORMAT = 'TabSeparatedRaw';

/** ClickHouse error codes of the limits the sandbox sets: the query was stopped, not refused. */
const LIMIT_CODES = new Set(['158', '159', '160', '241', '307', '396']);

/** Stopped by one of the sandbox's limits: refused while running, not before. */
export class SqlLimitExceeded extends DomainError {
  constructor(message: string) {
    super('query_limit_exceeded', message);
  }
}

/** ClickHouse refused an allowed statement (an unknown column, a type error): its message is for the caller. */
export class SqlFailed extends DomainError {
  constructor(message: string) {
    super('query_failed', message);
  }
}

export interface SandboxedQuery {
  /** The statement as it will run: the caller's text, then the sandbox's SETTINGS and FORMAT. */
  sql: string;
  format: OutputFormat;
}

export function formatFrom(requested: unknown): OutputFormat | null {
  if (requested === undefined || requested === null || requested === '') return null;
  const wanted = String(requested).toLowerCase();
  if (wanted === 'json') return 'JSONEachRow';
  const format = OUTPUT_FORMATS.find((f) => f.toLowerCase() === wanted);
  if (!format) throw new QueryNotAllowed(`format ${String(requested)} is not allowed; use one of json, ${OUTPUT_FORMATS.join(', ')}`);
  return format;
}

/** The limits go in the statement's own SETTINGS: the chDB connection would turn per-query settings into session-wide SETs. */
export function limitsClause(limits: SqlLimits): string {
  return [
    'readonly = 1',
    'allow_ddl = 0',
    'allow_introspection_functions = 0',
    `max_execution_time = ${limits.maxExecutionSeconds}`,
    "timeout_overflow_mode = 'throw'",
    `max_rows_to_read = ${limits.maxRowsToRead}`,
    "read_overflow_mode = 'throw'",
    `max_result_rows = ${limits.maxResultRows}`,
    `max_result_bytes = ${limits.maxResultBytes}`,
    "result_overflow_mode = 'throw'",
    `max_memory_usage = ${limits.maxMemoryBytes}`,
  ].join(', ');
}

async function text(stream: Readable): Promise<string> {
  let out = '';
  for await (const chunk of stream) out += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
  return out;
}

/**
 * `/v1/sql`: the statement is parsed by ClickHouse itself (`EXPLAIN AST`, which parses and runs
 * nothing), held to the allow-list of statement-policy.ts, then run with limits appended. The checks
 * on the text come first, because even EXPLAIN would run a second statement after a `;`.
 */
export class ClickHouseSqlSandbox {
  private tableFunctions: Promise<Set<string>> | null = null;

  constructor(
    private readonly clickhouse: ClickHouseClient,
    private readonly database: string,
    private readonly limits: SqlLimits,
  ) {}

  async prepare(query: unknown, requestedFormat?: unknown): Promise<SandboxedQuery> {
    if (typeof query !== 'string') throw new QueryNotAllowed('query must be a string holding one SELECT statement');
    const requested = formatFrom(requestedFormat);
    const prepared = prepareText(query, this.limits.maxQueryChars);
    if (requested && prepared.format && requested !== prepared.format) {
      throw new QueryNotAllowed(`format ${requested} and FORMAT ${prepared.format} disagree`);
    }
    const root = await this.explain(prepared.text);
    checkStatement(root, {
      database: this.database,
      databases: await this.databases(),
      tableFunctions: await this.knownTableFunctions(),
      explainFormat: EXPLAIN_FORMAT,
    });
    const format = requested ?? prepared.format ?? 'JSONEachRow';
    // A newline first: the caller's text may end in a -- comment.
    return { sql: `${prepared.text}\nSETTINGS ${limitsClause(this.limits)}\nFORMAT ${format}`, format };
  }

  /** The result as ClickHouse wrote it in the query's format. */
  async run(query: SandboxedQuery): Promise<Readable> {
    try {
      const result = await this.clickhouse.exec({ query: query.sql });
      return result.stream;
    } catch (error) {
      throw this.executionError(error);
    }
  }

  async rows(query: SandboxedQuery): Promise<unknown[]> {
    const body = await text(await this.run(query)).catch((error) => {
      throw this.executionError(error);
    });
    try {
      return body
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as unknown);
    } catch {
      // A server that fails mid-stream appends its exception to a 200 body.
      throw new SqlFailed(body.slice(body.lastIndexOf('\n', body.length - 2) + 1).trim() || 'the result could not be read');
    }
  }

  private executionError(error: unknown): Error {
    const message = (error as Error)?.message ?? String(error);
    const code = String((error as { code?: unknown })?.code ?? '');
    if (LIMIT_CODES.has(code) || /^Limit for |Timeout exceeded|Memory limit/.test(message)) return new SqlLimitExceeded(message.trim());
    return new SqlFailed(message.trim());
  }

  private async explain(statement: string) {
    let output: string;
    try {
      const result = await this.clickhouse.exec({ query: `EXPLAIN AST ${statement}\nFORMAT ${EXPLAIN_FORMAT}` });
      output = await text(result.stream);
    } catch (error) {
      throw new QueryNotAllowed(`the statement does not parse as one query: ${((error as Error)?.message ?? String(error)).trim()}`);
    }
    try {
      return parseExplainAst(output);
    } catch (error) {
      if (error instanceof UnreadableAst) throw new QueryNotAllowed(`the statement could not be checked: ${error.message}`);
      throw error;
    }
  }

  private async databases(): Promise<Set<string>> {
    const rows = await queryRows<{ name: string }>(this.clickhouse, 'SELECT name FROM system.databases');
    return new Set([...rows.map((r) => r.name.toLowerCase()), 'system', 'information_schema']);
  }

  private knownTableFunctions(): Promise<Set<string>> {
    this.tableFunctions ??= queryRows<{ name: string }>(this.clickhouse, 'SELECT name FROM system.table_functions').then(
      (rows) => new Set(rows.map((r) => r.name.toLowerCase())),
      (error) => {
        this.tableFunctions = null;
        throw error;
      },
    );
    return this.tableFunctions;
  }
}
