import { BadRequestException } from '@nestjs/common';

/** 400 unless `url` (when given) is an absolute http(s) URL. */
export function assertHttpUrl(url: string | undefined): void {
  if (url === undefined) return;
  let protocol: string | undefined;
  try {
    protocol = new URL(url).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== 'http:' && protocol !== 'https:') throw new BadRequestException('url must be an absolute http(s) URL');
}
