import { createHash } from 'node:crypto';
import type { ParsedItem } from './feed-parsers.js';
import { canonicalUrl } from './feed-url.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** guid / id, else the link, else a hash of title + date (stable across fetches). */
export function nativeIdOf(item: ParsedItem): string {
  return item.nativeId ?? item.url ?? `hash:${sha256(`${item.title}\n${item.publishedAt?.toISOString() ?? ''}`)}`;
}

/**
 * Every identity of an item. Two items are the same when they share any key: source + native id,
 * canonical URL, or an advisory id (GHSA, CVE, OSV id or alias).
 */
export function identityKeys(sourceId: number, item: ParsedItem): string[] {
  const canonical = canonicalUrl(item.url);
  return [
    `source:${sourceId}:${nativeIdOf(item)}`,
    ...(canonical ? [`url:${canonical}`] : []),
    ...item.advisoryIds.map((id) => `advisory:${id}`),
  ];
}

/** Changes when the title or text is edited. */
export function contentHash(item: ParsedItem): string {
  return sha256(`${item.title}\n${item.text}\n${item.url ?? ''}`);
}
