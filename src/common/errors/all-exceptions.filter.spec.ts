import { BadRequestException, NotFoundException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { toErrorResponse } from './all-exceptions.filter.js';

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
