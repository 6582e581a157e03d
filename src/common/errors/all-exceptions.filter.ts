import { STATUS_CODES } from 'node:http';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { redactUrl } from '../../infra/logging.module.js';
import type { ErrorDetailDto, ErrorResponseDto } from './error-response.dto.js';
import { TooManyRequestsException } from './too-many-requests.exception.js';

interface PgError {
  code?: string;
  detail?: string;
  column?: string;
  constraint?: string;
}

const DATABASE_UNAVAILABLE = new Set(['57P01', '57P02', '57P03', '53300', '08000', '08001', '08003', '08004', '08006']);
// 22021: a NUL byte (or invalid UTF-8) in a text value, which PostgreSQL text cannot store.
const BAD_VALUE = new Set(['22P02', '22003', '22007', '22008', '22001', '22021', '22023', '23502', '23514', '2201W', '2201X']);
const CONNECTION_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

function body(statusCode: number, message: string, details?: ErrorDetailDto[]): ErrorResponseDto {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, ...(details ? { details } : {}) };
}

function messageText(message: unknown): string {
  if (Array.isArray(message)) return message.map(String).join('; ');
  if (typeof message === 'string') return message;
  return 'Request failed';
}

/** Maps any thrown value to the contract's `{ statusCode, error, message }` shape. */
export function toErrorResponse(exception: unknown): ErrorResponseDto {
  if (exception instanceof HttpException) {
    // Express's JSON parser errors quote part of the body; answer with a message of our own.
    if ((exception.cause as { type?: string } | undefined)?.type === 'entity.parse.failed') {
      return body(400, 'Malformed JSON in request body');
    }
    const status = exception.getStatus();
    const response = exception.getResponse();
    if (typeof response === 'string') return body(status, response);
    const r = response as { message?: unknown; details?: ErrorDetailDto[] };
    return body(status, messageText(r.message ?? exception.message), r.details);
  }

  // Errors raised by Express's body parsers before a route runs.
  const parserError = exception as { type?: string; status?: number; statusCode?: number; message?: string };
  if (typeof parserError?.type === 'string' && (parserError.status ?? parserError.statusCode)) {
    switch (parserError.type) {
      case 'entity.parse.failed':
        return body(400, 'Malformed JSON in request body');
      case 'entity.too.large':
        return body(413, 'Request body is too large');
      case 'encoding.unsupported':
      case 'charset.unsupported':
        return body(415, parserError.message ?? 'Unsupported content encoding');
      default: {
        const status = parserError.status ?? parserError.statusCode ?? 400;
        if (status >= 400 && status < 500) return body(status, parserError.message ?? 'Invalid request body');
      }
    }
  }

  if (exception instanceof QueryFailedError) {
    const pg = exception.driverError as PgError;
    if (pg.code === '23505') return body(409, 'A record with the same unique value already exists');
    if (pg.code === '23503') return body(400, 'A referenced record does not exist');
    if (pg.code && BAD_VALUE.has(pg.code)) return body(400, 'A value is invalid or out of range');
    if (pg.code === '57014') return body(503, 'The database did not answer in time; try again');
    if (pg.code && DATABASE_UNAVAILABLE.has(pg.code)) return body(503, 'The database is unavailable; try again');
  }

  const err = exception as { code?: string; message?: string; name?: string };
  if (
    (err?.code && (CONNECTION_ERROR_CODES.has(err.code) || DATABASE_UNAVAILABLE.has(err.code))) ||
    /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect/i.test(err?.message ?? '')
  ) {
    return body(503, 'A backing service (database or Redis) is unavailable; try again');
  }
  return body(500, 'Internal server error');
}

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Exceptions');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request & { id?: string }>();
    const payload = toErrorResponse(exception);
    if (payload.statusCode >= 500) {
      // As in request lines: the values of secret-looking query parameters never reach a log.
      const url = typeof request?.originalUrl === 'string' ? redactUrl(request.originalUrl) : undefined;
      this.logger.error({ err: exception, requestId: request?.id, method: request?.method, url }, `${request?.method} ${url} failed`);
    }
    if (response.headersSent) return;
    if (exception instanceof TooManyRequestsException) {
      response.setHeader('Retry-After', String(Math.max(1, Math.ceil(exception.retryAfterSeconds))));
    }
    response.status(payload.statusCode).json(payload);
  }
}
