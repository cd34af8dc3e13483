// The kernel: the I/O-aware pieces every module builds on. Pure primitives live below it, so domain
// code can use them without importing Nest: Clock, IdGenerator and DomainError in @hourglass/contracts,
// Period, Span and the time constants in @hourglass/time.
export type { Clock, IdGenerator } from '@hourglass/contracts';
export { DomainError, isDomainError } from '@hourglass/contracts';

export * from './clock/clocks';
export * from './ids/id-generators';
export * from './errors/reason-status';
export * from './errors/error-response';
export * from './errors/body-parser-errors';
export * from './errors/domain-error.filter';
export * from './modules/module-manifest';

// Fact store: append-only ClickHouse tables, chunked idempotent inserts, latest version by key.
export * from './facts/fact-table';
export * from './facts/chunks';
export * from './facts/latest-by-key.sql';
export * from './facts/ports';
export * from './facts/adapters/clickhouse-fact.store';
// Leased jobs: fenced Redis lease, heartbeat, bounded ticks, metrics.
export * from './jobs/ports';
export * from './jobs/fence';
export * from './jobs/in-memory-lease.store';
export * from './jobs/leased-job';
export * from './jobs/repeating-task';
export * from './jobs/adapters/redis-lease.store';
export * from './jobs/adapters/prometheus-job.metrics';
export * from './jobs/adapters/redis-leased-job.deps';
// Outbox: facts announced on NATS by a relay, with their id as Nats-Msg-Id.
export * from './outbox/ports';
export * from './outbox/outbox-relay';
export * from './outbox/in-memory-outbox';
export * from './outbox/adapters/clickhouse-outbox.repository';
export * from './outbox/adapters/nats-message.publisher';
// Inbox: webhooks stored as received before anything acts on them.
export * from './inbox/ports';
export * from './inbox/inbox-processor';
export * from './inbox/adapters/clickhouse-inbox.repository';
// Start-up: the phases of a process's start, for the log line bench/ingest reads.
export * from './startup/startup-timeline';
