/** Injection tokens for the I/O clients every module shares. */
export const CONFIG = Symbol('HourglassConfig');
export const CLICKHOUSE = Symbol('ClickHouseClient');
export const NATS = Symbol('NatsConnection');
export const REDIS = Symbol('Redis');
export const METRICS_REGISTRY = Symbol('Registry');
export const CLOCK = Symbol('Clock');
