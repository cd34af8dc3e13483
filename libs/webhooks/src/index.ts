export * from './domain';
export * from './webhooks.manifest';
export { WebhooksModule } from './webhooks.module';
export { WebhooksService } from './webhooks.service';
