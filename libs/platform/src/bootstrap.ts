import { Logger, type DynamicModule, type INestApplication, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { json, type NextFunction, type Request, type Response } from 'express';
import type { HourglassConfig } from '@hourglass/config';
import { describeModules, DomainErrorFilter, duplicateClaims, fromBodyParserError, recordStartupPhase, startupPhase, type ModuleManifest } from '@hourglass/kernel';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { resolveLogFormat, withJsonLogging } from './logging';

export interface BootstrapOptions {
  /** The process's name in logs. */
  name: string;
  /** The modules the root module composes, as their manifests declare them. */
  modules: readonly ModuleManifest[];
  logLevels?: LogLevel[];
  /** What sits at the edge before any route (libs/access: security headers, tokens in the OpenAPI document). */
  edge?: HttpEdge;
}

/** An app's additions to the shared HTTP edge; implemented by libs/access, which platform must not import. */
export interface HttpEdge {
  /** Middleware installed before the body parser and the routes. */
  configure(app: NestExpressApplication): void;
  /** The OpenAPI document before and after Nest describes the routes (security schemes, public routes). */
  describe(builder: DocumentBuilder): DocumentBuilder;
  finish(document: OpenAPIObject): OpenAPIObject;
}

export interface StartedApp {
  app: INestApplication;
  url: string;
}

/**
 * The one way every app starts: JSON bodies up to a limit (bad JSON and too-large bodies answered as
 * `{reason, message}` like every other error), the error filter, the OpenAPI document at
 * /v1/openapi.json, then listen. /healthz and /metrics come with PlatformModule, which every root
 * module imports.
 */
export async function bootstrapHttp(root: DynamicModule, config: HourglassConfig, options: BootstrapOptions): Promise<StartedApp> {
  const duplicates = duplicateClaims(options.modules);
  if (duplicates.length > 0) throw new Error(`module manifests claim the same thing twice: ${duplicates.join('; ')}`);
  const levels = options.logLevels ?? ['error', 'warn', 'log'];
  const json = resolveLogFormat(config.http.logFormat) === 'json';
  recordStartupPhase('load', performance.now());
  const app = await startupPhase('nest', () =>
    NestFactory.create<NestExpressApplication>(json ? withJsonLogging(root, levels) : root, {
      logger: levels,
      // JSON: lines logged while starting wait for the pino logger instead of going out as console text.
      bufferLogs: json,
      bodyParser: false,
      // Rethrow a start-up failure (NATS, Redis or ClickHouse down) instead of Nest's exit(1): the
      // caller reports it in one line, and the hourglass CLI exits 5, "a dependency unavailable".
      abortOnError: false,
    }),
  );
  if (json) app.useLogger(app.get(PinoNestLogger));
  options.edge?.configure(app);
  installJsonBodies(app, config.http.bodyLimit);
  app.useGlobalFilters(new DomainErrorFilter());
  // Built on its first request, not before the modules start: describing every route takes a few
  // hundred ms of start-up that the usage consumer's first fetch would otherwise wait for.
  const document = (): OpenAPIObject => {
    const builder = new DocumentBuilder().setTitle('Hourglass').setDescription('Usage metering, rating and settlement for GPU marketplaces').setVersion('v1');
    const described = SwaggerModule.createDocument(app, (options.edge?.describe(builder) ?? builder).build());
    return options.edge ? options.edge.finish(described) : described;
  };
  SwaggerModule.setup('v1/docs', app, document, { jsonDocumentUrl: 'v1/openapi.json' });
  // listen() runs the modules' start hooks (the usage consumer's first fetch among them).
  await startupPhase('listen', () => app.listen(config.http.port, config.http.host));
  // Longer than the usual 60 s idle timeout of clients and load balancers, so they close first.
  app.getHttpServer().keepAliveTimeout = 65_000;
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  const logger = new Logger(options.name);
  logger.log(`serving on ${url} (ClickHouse: ${config.clickhouse.url ?? `embedded chDB at ${config.clickhouse.dataDir}`})`);
  logger.log(`modules: ${describeModules(options.modules)}`);
  return { app, url };
}

/**
 * JSON bodies with the raw bytes kept beside the parsed value (`req.rawBody`, as Nest's rawBody option
 * does: a webhook's signature is over the bytes). A parse failure or an oversized body becomes a
 * DomainError here, so the filter answers it like any other refusal.
 */
function installJsonBodies(app: NestExpressApplication, limit: string): void {
  app.use(
    json({
      limit,
      verify: (req, _res, buffer) => {
        (req as Request & { rawBody?: Buffer }).rawBody = buffer;
      },
    }),
  );
  app.use((error: unknown, _req: Request, _res: Response, next: NextFunction) => next(fromBodyParserError(error)));
}

/**
 * On SIGTERM or SIGINT: close gracefully (Nest's shutdown hooks finish the batch in hand, ack it and
 * drain NATS), then exit 0, or 1 if closing failed. A second signal while closing is ignored.
 */
export function closeOnSignals(app: INestApplication, name: string): void {
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    new Logger(name).log(`${signal}: finishing the work in hand, then stopping`);
    app.close().then(
      () => process.exit(0),
      (error: Error) => {
        process.stderr.write(`${name}: shutdown failed: ${error.message}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}
