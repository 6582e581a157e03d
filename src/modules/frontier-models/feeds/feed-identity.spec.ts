import { contentHash, identityKeys, nativeIdOf } from './feed-identity.js';
import type { ParsedItem } from './feed-parsers.js';

const item = (over: Partial<ParsedItem>): ParsedItem => ({
  nativeId: null,
  title: 'Title',
  text: 'Text',
  url: null,
  publishedAt: null,
  advisoryIds: [],
  withdrawn: false,
  ...over,
});

describe('feed item identity', () => {
  it('uses the guid/id, else the link, else a hash of title and date', () => {
    expect(nativeIdOf(item({ nativeId: 'g1', url: 'https://x.test/a' }))).toBe('g1');
    expect(nativeIdOf(item({ url: 'https://x.test/a' }))).toBe('https://x.test/a');
    const hashed = nativeIdOf(item({ publishedAt: new Date('2026-05-01T00:00:00Z') }));
    expect(hashed).toMatch(/^hash:[0-9a-f]{64}$/);
    expect(nativeIdOf(item({ publishedAt: new Date('2026-05-01T00:00:00Z') }))).toBe(hashed);
    expect(nativeIdOf(item({ title: 'Other', publishedAt: new Date('2026-05-01T00:00:00Z') }))).not.toBe(hashed);
  });

  it('keys an item by source + native id, canonical URL and advisory ids', () => {
    expect(
      identityKeys(7, item({ nativeId: 'GHSA-1', url: 'HTTPS://X.test/a/?utm_source=rss#frag', advisoryIds: ['GHSA-1', 'CVE-2026-1'] })),
    ).toEqual(['source:7:GHSA-1', 'url:https://x.test/a#frag', 'advisory:GHSA-1', 'advisory:CVE-2026-1']);
  });

  it('gives two copies of one page in different feeds a shared key', () => {
    const a = identityKeys(1, item({ nativeId: 'a', url: 'https://x.test/post/' }));
    const b = identityKeys(2, item({ nativeId: 'b', url: 'https://x.test/post?utm_medium=feed' }));
    expect(a.filter((key) => b.includes(key))).toEqual(['url:https://x.test/post']);
  });

  it('changes the content hash when the title or text is edited', () => {
    expect(contentHash(item({}))).toBe(contentHash(item({})));
    expect(contentHash(item({ title: 'Resolved: Title' }))).not.toBe(contentHash(item({})));
    expect(contentHash(item({ text: 'Text, updated' }))).not.toBe(contentHash(item({})));
  });
});
