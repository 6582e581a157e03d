import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { pino, type DestinationStream, type Logger } from 'pino';
import { pinoHttp, type HttpLogger, type Options } from 'pino-http';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';

/** Paths that may hold secrets; pino replaces them before a line is written. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'req.headers["x-signature-256"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.accessToken',
  '*.apiKey',
  '*.key',
  '*.secret',
  '*.webhookSecret',
  '*.newPassword',
  '*.passwordHash',
  '*.keyHash',
  '*.refreshToken',
  '*.githubToken',
  '*.encryptedToken',
  '*.sessionSecret',
  '*.jwtSecret',
  '*.encryptionKey',
];

/** Query parameters whose values never reach a log line (e.g. `?token=`, `?api_key=`). */
const SECRET_QUERY_PARAM = /pass|secret|token|key|signature|sig$|code/i;

/** The request URL as logged: path and query, with the values of secret-looking parameters replaced. */
export function redactUrl(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart < 0) return url;
  const params = new URLSearchParams(url.slice(queryStart + 1));
  for (const name of new Set(params.keys())) {
    if (SECRET_QUERY_PARAM.test(name)) params.set(name, '[redacted]');
  }
  const query = params.toString().replace(/%5Bredacted%5D/g, '[redacted]');
  return `${url.slice(0, queryStart)}${query ? `?${query}` : ''}`;
}

/** Where log lines go: stdout (pino's synchronous default). Tests replace it to read the lines in process. */
export const LOG_DESTINATION = Symbol('LOG_DESTINATION');
/** The pino logger of everything but request lines (the Nest logger), with REDACTED_PATHS applied. */
const APP_LOGGER = Symbol('APP_LOGGER');
/** The pino-http middleware: one line per request, with a request id echoed as X-Request-Id. */
export const REQUEST_LOGGER = Symbol('REQUEST_LOGGER');

/**
 * Request lines hold only what the serializers below build (id, method, URL with secret query values
 * replaced, status, duration), never headers or bodies, so the request logger needs none of the
 * REDACTED_PATHS: on pino 10 they cost ~14 µs on each of the two calls per request (bench/README).
 */
function requestLoggerOptions(config: AppConfig): Options {
  return {
    level: config.logLevel,
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const incoming = req.headers['x-request-id'];
      const id = typeof incoming === 'string' && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
      error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: redactUrl(req.url) }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}

@Module({
  providers: [
    { provide: LOG_DESTINATION, useFactory: (): DestinationStream => pino.destination(1) },
    {
      provide: APP_LOGGER,
      inject: [APP_CONFIG, LOG_DESTINATION],
      useFactory: (config: AppConfig, destination: DestinationStream): Logger =>
        pino({ level: config.logLevel, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, destination),
    },
    {
      provide: REQUEST_LOGGER,
      inject: [APP_CONFIG, LOG_DESTINATION],
      useFactory: (config: AppConfig, destination: DestinationStream): HttpLogger => pinoHttp(requestLoggerOptions(config), destination),
    },
  ],
  exports: [LOG_DESTINATION, APP_LOGGER, REQUEST_LOGGER],
})
class LoggersModule {}

/**
 * Structured JSON logs (pino) to one destination. The request logger is mounted by configureApp as
 * the first Express middleware, so every request gets its line and id, including those the body
 * parsers reject. The Nest logger (nestjs-pino) writes through APP_LOGGER, without nestjs-pino's
 * per-request middleware: that middleware keeps the request logger in an AsyncLocalStorage, and on
 * Node 20 an active AsyncLocalStorage taxes every promise in the process (about a fifth of the CPU
 * of a read request in bench/api). Log lines written by the Nest logger inside a request therefore
 * carry no request binding; errors are logged with the request id by the exception filter.
 */
@Module({
  imports: [
    LoggersModule,
    LoggerModule.forRootAsync({
      imports: [LoggersModule],
      inject: [APP_LOGGER],
      useFactory: (logger: Logger) => ({ pinoHttp: { logger }, forRoutes: [] }),
    }),
  ],
  exports: [LoggersModule],
})
export class LoggingModule {}
