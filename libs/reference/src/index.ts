export * from './ports';
export * from './reference-cache';
export * from './reference.service';
export * from './adapters/clickhouse-reference.repository';
export * from './reference-announcements';
export * from './reference.module';
export * from './reference.manifest';
export * from './reference-document-consumer';
