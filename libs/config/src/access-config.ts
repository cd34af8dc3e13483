import * as path from 'node:path';

/** Who may call the API, how much they may send, and what `/v1/sql` may spend (CONTRACTS.md §5). */
export interface AccessConfig {
  /** JSON `[{name, role, sha256}]`; null: `hourglass serve` makes one admin token in `<dataDir>/admin.token`. */
  tokensFile: string | null;
  /** Where the generated admin token lives, and where the CLI looks for it. */
  adminTokenFile: string;
  /** The token the CLI sends (HOURGLASS_API_TOKEN); null: the admin token file's. */
  cliToken: string | null;
  /** Requests per token (or per address, before authentication) per window. */
  rateLimit: { limit: number; windowMs: number };
  sql: SqlLimits;
}

/** Limits every `/v1/sql` statement runs under, put in the statement's own SETTINGS clause. */
export interface SqlLimits {
  maxExecutionSeconds: number;
  maxRowsToRead: number;
  maxResultRows: number;
  maxResultBytes: number;
  maxMemoryBytes: number;
  maxQueryChars: number;
}

/** How Hourglass itself authenticates to NATS; agents get their own users (deploy/nats/). */
export interface NatsAuthConfig {
  /** A `.creds` file (JWT + nkey seed), for servers in operator mode. */
  credsFile: string | null;
  user: string | null;
  password: string | null;
}

export type Env = Record<string, string | undefined>;
export type IntFrom = (env: Env, name: string, fallback: number, min?: number) => number;

export function accessFrom(env: Env, dataDir: string, intFrom: IntFrom): AccessConfig {
  return {
    tokensFile: env.HOURGLASS_API_TOKENS_FILE ? path.resolve(env.HOURGLASS_API_TOKENS_FILE) : null,
    adminTokenFile: path.join(dataDir, 'admin.token'),
    cliToken: env.HOURGLASS_API_TOKEN || null,
    rateLimit: {
      limit: intFrom(env, 'HOURGLASS_RATE_LIMIT', 6_000, 1),
      windowMs: intFrom(env, 'HOURGLASS_RATE_LIMIT_WINDOW_MS', 60_000, 1_000),
    },
    sql: {
      maxExecutionSeconds: intFrom(env, 'HOURGLASS_SQL_MAX_EXECUTION_SECONDS', 30, 1),
      maxRowsToRead: intFrom(env, 'HOURGLASS_SQL_MAX_ROWS_TO_READ', 200_000_000, 1),
      maxResultRows: intFrom(env, 'HOURGLASS_SQL_MAX_RESULT_ROWS', 1_000_000, 1),
      maxResultBytes: intFrom(env, 'HOURGLASS_SQL_MAX_RESULT_BYTES', 256 * 1024 * 1024, 1024),
      maxMemoryBytes: intFrom(env, 'HOURGLASS_SQL_MAX_MEMORY_BYTES', 2 * 1024 * 1024 * 1024, 1024 * 1024),
      maxQueryChars: 100_000,
    },
  };
}

export function natsAuthFrom(env: Env): NatsAuthConfig {
  return {
    credsFile: env.NATS_CREDS ? path.resolve(env.NATS_CREDS) : null,
    user: env.NATS_USER || null,
    password: env.NATS_PASSWORD ?? null,
  };
}
