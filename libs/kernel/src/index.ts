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
