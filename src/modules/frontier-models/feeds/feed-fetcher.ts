import { MAX_REDIRECTS } from '../frontier.constants.js';
import { resolveUrl } from './feed-url.js';

export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
}

export interface Validators {
  etag: string | null;
  lastModified: string | null;
}

export type FetchOutcome =
  | { notModified: true; finalUrl: string }
  | { notModified: false; finalUrl: string; body: Buffer; contentType: string | null; etag: string | null; lastModified: string | null };

export class FeedFetchError extends Error {
  constructor(
    message: string,
    /** When the host asked to be left alone until (429/503 with Retry-After). */
    readonly retryAfter: Date | null = null,
  ) {
    super(message);
  }
}

/** Retry-After as delay seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = new Date()): Date | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return new Date(now.getTime() + Number(value.trim()) * 1000);
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * GET with the stored validators (If-None-Match / If-Modified-Since), redirects followed by hand
 * (at most MAX_REDIRECTS, relative Locations resolved), one timeout covering headers and body,
 * and the body read as a stream that is aborted once it passes `maxBytes`.
 */
export async function fetchFeed(url: string, validators: Validators, limits: FetchLimits): Promise<FetchOutcome> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), limits.timeoutMs);
  try {
    let current = url;
    for (let redirects = 0; ; redirects++) {
      const headers: Record<string, string> = {
        'user-agent': 'AuraAI-frontier-alerts/1.0',
        accept: 'application/rss+xml, application/atom+xml, application/feed+json, application/json, application/xml;q=0.9, */*;q=0.5',
      };
      if (validators.etag) headers['if-none-match'] = validators.etag;
      if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
      const response = await fetch(current, { redirect: 'manual', signal: controller.signal, headers });
      if (REDIRECTS.has(response.status)) {
        await response.body?.cancel();
        if (redirects >= MAX_REDIRECTS) throw new FeedFetchError(`more than ${MAX_REDIRECTS} redirects`);
        const next = resolveUrl(response.headers.get('location'), current);
        if (!next) throw new FeedFetchError(`redirect ${response.status} without a usable Location`);
        current = next;
        continue;
      }
      if (response.status === 304) {
        await response.body?.cancel();
        return { notModified: true, finalUrl: current };
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new FeedFetchError(
          `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''} from ${current}`,
          parseRetryAfter(response.headers.get('retry-after')),
        );
      }
      const declared = Number(response.headers.get('content-length'));
      if (declared > limits.maxBytes) {
        await response.body?.cancel();
        throw new FeedFetchError(`response too large (${declared} bytes, limit ${limits.maxBytes})`);
      }
      const body = await readLimited(response, limits.maxBytes, controller);
      return {
        notModified: false,
        finalUrl: current,
        body,
        contentType: response.headers.get('content-type'),
        etag: response.headers.get('etag'),
        lastModified: response.headers.get('last-modified'),
      };
    }
  } catch (error) {
    if (error instanceof FeedFetchError) throw error;
    if (controller.signal.aborted) throw new FeedFetchError(`timed out after ${limits.timeoutMs} ms`);
    const cause = (error as Error & { cause?: Error }).cause;
    throw new FeedFetchError(`${(error as Error).message}${cause?.message ? `: ${cause.message}` : ''}`);
  } finally {
    clearTimeout(timer);
  }
}

async function readLimited(response: Response, maxBytes: number, controller: AbortController): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  if (!response.body) return Buffer.alloc(0);
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      controller.abort();
      throw new FeedFetchError(`response too large (more than ${maxBytes} bytes)`);
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}
