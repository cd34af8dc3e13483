import type { NestExpressApplication } from '@nestjs/platform-express';
import type { DocumentBuilder } from '@nestjs/swagger';
import helmet from 'helmet';
import type { HourglassConfig } from '@hourglass/config';
import { BEARER_SCHEME } from './access.decorators';

/**
 * The HTTP edge every app shares: security headers, and a body limit (413 past it) sized for
 * `hourglass load`'s chunks of 1,000 documents. Parse errors and 413 reach the platform's filter,
 * which answers them as `{reason, message}`.
 */
export function configureHttp(app: NestExpressApplication, config: HourglassConfig): void {
  app.use(helmet());
  app.useBodyParser('json', { limit: config.access.bodyLimitBytes });
  app.useBodyParser('urlencoded', { limit: config.access.bodyLimitBytes, extended: false });
}

/** The OpenAPI document names the bearer scheme every `/v1` route (but the public ones) requires. */
export function withBearerAuth(builder: DocumentBuilder): DocumentBuilder {
  return builder.addBearerAuth({ type: 'http', scheme: 'bearer', description: 'an API token (CONTRACTS.md §5); its role decides what it may do' }, BEARER_SCHEME);
}
