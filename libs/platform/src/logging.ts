import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Module, type DynamicModule, type LogLevel } from '@nestjs/common';
import type { LogFormat } from '@hourglass/config';
import { LoggerModule, type Params } from 'nestjs-pino';
import { stdTimeFunctions } from 'pino';

export const REQUEST_ID_HEADER = 'x-request-id';

/** `auto` is pretty on a terminal and JSON otherwise: files and log shippers never get colour codes. */
export function resolveLogFormat(format: LogFormat, stdoutIsTty = Boolean(process.stdout.isTTY)): 'json' | 'pretty' {
  if (format !== 'auto') return format;
  return stdoutIsTty ? 'pretty' : 'json';
}

/** The lowest of Nest's levels that is on, as pino's level name. */
export function pinoLevel(levels: readonly LogLevel[]): string {
  for (const [nest, pino] of [
    ['verbose', 'trace'],
    ['debug', 'debug'],
    ['log', 'info'],
    ['warn', 'warn'],
    ['error', 'error'],
    ['fatal', 'fatal'],
  ] as const) {
    if (levels.includes(nest)) return pino;
  }
  return 'silent';
}

/**
 * The root module with JSON logging around it: one JSON object per line on stdout, a request id on
 * every line logged while a request is served (the caller's `X-Request-Id`, or a new one, echoed in
 * the response), and one line per request. Probes and scrapes are left out of the request lines:
 * they come every few seconds and say nothing.
 */
export function withJsonLogging(root: DynamicModule, levels: readonly LogLevel[]): DynamicModule {
  const params: Params = {
    pinoHttp: {
      level: pinoLevel(levels),
      messageKey: 'message',
      base: { pid: process.pid },
      timestamp: stdTimeFunctions.isoTime,
      // Level names, not pino's numbers: a person reads these files too.
      formatters: { level: (label: string) => ({ level: label }) },
      // Lines logged while a request is served carry only its id; the request line carries the rest.
      quietReqLogger: true,
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        const given = req.headers[REQUEST_ID_HEADER];
        const id = typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
        res.setHeader(REQUEST_ID_HEADER, id);
        return id;
      },
      customAttributeKeys: { reqId: 'requestId' },
      autoLogging: { ignore: (req: IncomingMessage) => /^\/(healthz|livez|readyz|metrics)\b/.test(req.url ?? '') },
      // Tokens never reach a log line.
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["stripe-signature"]'], remove: true },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
  };
  @Module({})
  class JsonLoggingRootModule {}
  return { module: JsonLoggingRootModule, imports: [LoggerModule.forRoot(params), root] };
}
