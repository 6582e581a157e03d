import { canonicalUrl, resolveUrl } from './feed-url.js';

describe('resolveUrl', () => {
  it('resolves relative links against the base', () => {
    expect(resolveUrl('/news/gpt-5', 'https://openai.test/feed.xml')).toBe('https://openai.test/news/gpt-5');
    expect(resolveUrl('item-1', 'https://x.test/blog/')).toBe('https://x.test/blog/item-1');
  });

  it('keeps absolute links', () => {
    expect(resolveUrl('https://a.test/x', 'https://b.test/')).toBe('https://a.test/x');
  });

  it('refuses anything that is not http(s)', () => {
    expect(resolveUrl('javascript:alert(1)', 'https://x.test/')).toBeNull();
    expect(resolveUrl('mailto:a@b.test', 'https://x.test/')).toBeNull();
    expect(resolveUrl('', 'https://x.test/')).toBeNull();
    expect(resolveUrl('http://[bad', undefined)).toBeNull();
  });
});

describe('canonicalUrl', () => {
  it('lower-cases scheme and host, drops utm_* and a trailing slash, keeps the fragment', () => {
    expect(canonicalUrl('HTTPS://News.Example.COM/Post/?utm_source=x&utm_Medium=y&id=3#Part')).toBe(
      'https://news.example.com/Post?id=3#Part',
    );
  });

  it('treats host and host/ alike, and drops default ports', () => {
    expect(canonicalUrl('https://x.test/')).toBe('https://x.test');
    expect(canonicalUrl('https://x.test:443')).toBe('https://x.test');
  });

  it('keeps the path case and other parameters', () => {
    expect(canonicalUrl('https://x.test/A/b?b=2&a=1')).toBe('https://x.test/A/b?b=2&a=1');
  });

  it('gives null for no URL', () => {
    expect(canonicalUrl(null)).toBeNull();
  });
});
