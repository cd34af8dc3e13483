export * from './domain';
export * from './ports';
export * from './rating-job.config';
export * from './rating-job.service';
export * from './spend-query.service';
export * from './rating-job.module';
export * from './rating-job.manifest';
// The job's SQL builders, public so that tests run them against a real ClickHouse (tests/integration).
export { cellPiecesSql, cellsSinceSql, outcomesAfterSql, outcomesInGapsSql, spendSql, sqlCellKey } from './adapters/rating.sql';
