export * from './usage-checks';
export * from './rental-checks';
export * from './covered-time';
export { subjectNames, sourceNames } from './event-origin';
