import { BadRequestException, Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';

export const MAX_INT32 = 2_147_483_647;

/** Path ids are positive 32-bit integers (the columns are SERIAL); anything else is a 400. */
@Injectable()
export class IdParamPipe implements PipeTransform<string, number> {
  transform(value: string | number, metadata: ArgumentMetadata): number {
    const name = metadata.data ?? 'id';
    // The global ValidationPipe may already have turned a numeric string into a number (NaN for junk).
    const text = String(value);
    if (!/^\d{1,10}$/.test(text) || Number(text) < 1 || Number(text) > MAX_INT32) {
      throw new BadRequestException(`${name} must be a positive integer (1 to ${MAX_INT32})`);
    }
    return Number(text);
  }
}
