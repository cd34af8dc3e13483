export * from './console-files';
export * from './console.module';
export * from './console.manifest';
export { consoleRoot } from './adapters/http/console.controller';
