import { BadRequestException, Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';

export const MAX_INT32 = 2_147_483_647;

/** Path ids are positive 32-bit integers (the columns are SERIAL); anything else is a 400. */
@Injectable()
export class IdParamPipe implements PipeTransform<string, number> {
  transform(value: string, metadata: ArgumentMetadata): number {
    const name = metadata.data ?? 'id';
    const text = String(value);
    if (!/^[1-9]\d{0,9}$/.test(text) || Number(text) < 1 || Number(text) > MAX_INT32) {
      throw new BadRequestException(`${name} must be a positive integer (1 to ${MAX_INT32})`);
    }
    return Number(text);
  }
}
