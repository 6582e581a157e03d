import { BadRequestException, Logger, NotFoundException, type ArgumentsHost } from '@nestjs/common';
import { jest } from '@jest/globals';
import { QueryFailedError } from 'typeorm';
import { AllExceptionsFilter, toErrorResponse } from './all-exceptions.filter.js';

const pgError = (code: string, detail = '') => new QueryFailedError('SELECT 1', [], Object.assign(new Error('pg'), { code, detail }));

describe('toErrorResponse', () => {
  it('keeps HttpExceptions and always makes message a string', () => {
    expect(toErrorResponse(new NotFoundException('Risk item 4 not found'))).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'Risk item 4 not found',
    });
    expect(toErrorResponse(new BadRequestException(['a must be a string', 'b must be an integer']))).toMatchObject({
      statusCode: 400,
      message: 'a must be a string; b must be an integer',
    });
  });

  it('maps database errors to 4xx/503 without leaking values', () => {
    expect(toErrorResponse(pgError('23505', 'Key (email)=(secret@x.com) already exists.'))).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: 'A record with the same unique value already exists',
    });
    expect(toErrorResponse(pgError('22P02')).statusCode).toBe(400);
    expect(toErrorResponse(pgError('22003')).statusCode).toBe(400);
    expect(toErrorResponse(pgError('23503')).statusCode).toBe(400);
    expect(toErrorResponse(pgError('57P01')).statusCode).toBe(503);
    expect(toErrorResponse(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })).statusCode).toBe(503);
  });

  it('maps body-parser errors', () => {
    expect(toErrorResponse(Object.assign(new Error('x'), { type: 'entity.parse.failed', status: 400 })).statusCode).toBe(400);
    expect(toErrorResponse(Object.assign(new Error('x'), { type: 'entity.too.large', status: 413 })).statusCode).toBe(413);
  });

  it('answers 500 with a generic message for anything unknown', () => {
    expect(toErrorResponse(new Error('secret internals'))).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Internal server error',
    });
  });
});

describe('AllExceptionsFilter', () => {
  it('logs a 500 with its request id and the URL without secret query values, and answers the generic error', () => {
    const logged: unknown[][] = [];
    const spy = jest.spyOn(Logger.prototype, 'error').mockImplementation((...args: unknown[]) => void logged.push(args));
    const sent: unknown[] = [];
    const response = { headersSent: false, setHeader: () => undefined, status: () => ({ json: (body: unknown) => sent.push(body) }) };
    const request = { id: 'req-1', method: 'GET', originalUrl: '/api/v1/risk-items?token=s3cr3t&page=2' };
    const host = { switchToHttp: () => ({ getResponse: () => response, getRequest: () => request }) } as unknown as ArgumentsHost;
    try {
      new AllExceptionsFilter().catch(new Error('boom'), host);
    } finally {
      spy.mockRestore();
    }
    expect(JSON.stringify(logged)).not.toContain('s3cr3t');
    expect(logged[0][0]).toMatchObject({ requestId: 'req-1', method: 'GET', url: '/api/v1/risk-items?token=[redacted]&page=2' });
    expect(sent).toEqual([{ statusCode: 500, error: 'Internal Server Error', message: 'Internal server error' }]);
  });
});
