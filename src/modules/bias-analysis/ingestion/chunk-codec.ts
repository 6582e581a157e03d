import { promisify } from 'node:util';
import { deflateRaw, inflateRaw } from 'node:zlib';

const deflate = promisify(deflateRaw);
const inflate = promisify(inflateRaw);

/**
 * Staged chunks are stored raw-deflated at level 1: CSV shrinks about 5×, which costs less than
 * moving the bytes through PostgreSQL (bytea travels hex-encoded) — measured in bench/README.md.
 * zlib runs on the libuv thread pool, beside the event loop.
 */
export function encodeChunk(data: Buffer): Promise<Buffer> {
  return deflate(data, { level: 1 });
}

export function decodeChunk(stored: Buffer): Promise<Buffer> {
  return inflate(stored);
}
