export const WEBHOOK_STORE = Symbol('WebhookStore');
export const WEBHOOK_HTTP = Symbol('WebhookHttpPoster');
