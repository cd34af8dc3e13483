export * from './usage-checks';
export * from './rental-checks';
export { subjectNames, sourceNames } from './event-origin';
export * from './ingest-history';
export * from './replay';
