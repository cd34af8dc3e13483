export * from './domain';
export * from './ports';
export * from './rating-job.config';
export * from './rating-job.service';
export * from './spend-query.service';
export * from './rating-job.module';
export * from './rating-job.manifest';
