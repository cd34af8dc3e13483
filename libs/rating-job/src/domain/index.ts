export * from './credit-thresholds';
export * from './hours';
export * from './rate-hour';
export * from './rerating';
export * from './watermark';
