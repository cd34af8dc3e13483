import type { NestExpressApplication } from '@nestjs/platform-express';
import type { DocumentBuilder, OpenAPIObject } from '@nestjs/swagger';
import helmet from 'helmet';
import type { HttpEdge } from '@hourglass/platform';
import { BEARER_SCHEME } from './access.decorators';
import { isUnderV1 } from './principal';

/**
 * What access control adds to the edge every app shares (libs/platform's bootstrap): security
 * headers on every response, and the bearer scheme in the OpenAPI document. The body limit and the
 * answers to bad bodies are the bootstrap's own.
 */
export const ACCESS_HTTP_EDGE: HttpEdge = {
  configure(app: NestExpressApplication): void {
    app.use(helmet());
  },
  describe: withBearerAuth,
  finish: finishApiDocument,
};

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
