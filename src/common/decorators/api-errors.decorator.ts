import { applyDecorators } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from '../errors/error-response.dto.js';

/** Documents the error responses a route can give besides 401/403 (added by the access decorators). */
export const ApiErrors = (...statuses: Array<400 | 404 | 409>) =>
  applyDecorators(
    ...statuses.map((status) => {
      switch (status) {
        case 400:
          return ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid input; the message names the field' });
        case 404:
          return ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Not found, or owned by another organization' });
        case 409:
          return ApiConflictResponse({ type: ErrorResponseDto, description: 'Conflicts with an existing record' });
      }
    }),
  );
