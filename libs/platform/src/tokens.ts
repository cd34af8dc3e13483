/** Injection tokens for the I/O clients and ports every module shares. */
export const CONFIG = Symbol('HourglassConfig');
export const CLICKHOUSE = Symbol('ClickHouseClient');
export const NATS = Symbol('NatsConnection');
export const REDIS = Symbol('Redis');
export const METRICS_REGISTRY = Symbol('Registry');
export const CLOCK = Symbol('Clock');
export const ID_GENERATOR = Symbol('IdGenerator');
/** Test-only fault switches (FaultSwitches of @hourglass/config); none unless a fault test set them. */
export const FAULT_SWITCHES = Symbol('FaultSwitches');
