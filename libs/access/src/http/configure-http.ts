import type { HttpException } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { DocumentBuilder, OpenAPIObject } from '@nestjs/swagger';
import helmet from 'helmet';
import type { HourglassConfig } from '@hourglass/config';
import { BEARER_SCHEME } from './access.decorators';
import { httpError } from './http-errors';
import { isUnderV1 } from './principal';

/**
 * The HTTP edge every app shares: security headers, and a body limit (413 past it) sized for
 * `hourglass load`'s chunks of 1,000 documents. Parse errors and 413 reach the platform's filter,
 * which answers them as `{reason, message}`.
 */
export function configureHttp(app: NestExpressApplication, config: HourglassConfig): void {
  app.use(helmet());
  app.useBodyParser('json', { limit: config.access.bodyLimitBytes });
  app.useBodyParser('urlencoded', { limit: config.access.bodyLimitBytes, extended: false });
  // Registered after the parsers, so their errors pass through here first; Nest would otherwise
  // answer a parse error as a bare 400 and a too-large body as a 500.
  app.use((error: unknown, _req: unknown, _res: unknown, next: (error?: unknown) => void) => next(bodyParserError(error) ?? error));
}

/** body-parser's errors as §5 errors: a body that is not JSON, or too large, is the caller's mistake. */
export function bodyParserError(error: unknown): HttpException | null {
  const e = error as { type?: unknown; status?: unknown; limit?: unknown; message?: unknown };
  if (typeof e?.type !== 'string' || typeof e.status !== 'number') return null;
  if (e.type === 'entity.parse.failed') return httpError(400, 'invalid_json', `the request body is not valid JSON: ${String(e.message)}`);
  if (e.type === 'entity.too.large') return httpError(413, 'payload_too_large', `the request body is larger than the limit of ${String(e.limit)} bytes`);
  return httpError(e.status, 'invalid_body', String(e.message));
}

/** The OpenAPI document names the bearer scheme every `/v1` route (but the public ones) requires. */
export function withBearerAuth(builder: DocumentBuilder): DocumentBuilder {
  return builder.addBearerAuth({ type: 'http', scheme: 'bearer', description: 'an API token (CONTRACTS.md §5); its role decides what it may do' }, BEARER_SCHEME);
}

/**
 * Routes outside `/v1` (`/healthz`, `/metrics`) and @Public ones say so with an empty security
 * requirement; the document names its own origin as its server.
 */
export function finishApiDocument(document: OpenAPIObject): OpenAPIObject {
  if (!document.servers?.length) document.servers = [{ url: '/', description: 'the Hourglass that serves this document' }];
  for (const [route, item] of Object.entries(document.paths)) {
    for (const operation of Object.values(item)) {
      if (!operation || typeof operation !== 'object' || !('responses' in operation)) continue;
      const roles = (operation as Record<string, unknown>)['x-hourglass-roles'];
      if (!isUnderV1(route) || (Array.isArray(roles) && roles.includes('public'))) operation.security = [];
    }
  }
  return document;
}
