import { BadRequestException, ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import type { ErrorDetailDto } from '../errors/error-response.dto.js';
import { inspectJsonBody } from './json-body-inspection.js';

function flatten(errors: ValidationError[], parent = ''): ErrorDetailDto[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      // class-validator names the leaf property; prefix the path for nested objects.
      message: parent ? `${parent}.${message}` : message,
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * Path parameters are left as the raw strings the route received: IdParamPipe validates them
 * strictly, which it could not do after a numeric conversion had turned "1e3" into 1000.
 * Bodies are inspected for shapes class-transformer cannot handle safely first.
 */
class BodyAndQueryValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'param') return Promise.resolve(value);
    if (metadata.type === 'body') inspectJsonBody(value);
    return super.transform(value, metadata);
  }
}

/** Whitelisting, unknown fields rejected, DTO transformation; 400 naming every bad field. */
export function createValidationPipe(): ValidationPipe {
  return new BodyAndQueryValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      const message = details.length ? details.map((d) => d.message).join('; ') : 'Invalid request';
      return new BadRequestException({ message, details });
    },
  });
}
