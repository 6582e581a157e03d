import { cleanText, deriveTitle, truncate } from './feed-text.js';

describe('cleanText', () => {
  it('removes tags and collapses whitespace', () => {
    expect(cleanText('<p>GPT-4o  is <strong>deprecated</strong>.</p>\n\n<p>Plan   ahead.</p>')).toBe('GPT-4o is deprecated. Plan ahead.');
  });

  it('decodes entities, including double-escaped ones', () => {
    expect(cleanText('It&rsquo;s &quot;live&quot; &amp; ready')).toBe('It’s "live" & ready');
    expect(cleanText('It&amp;rsquo;s here')).toBe('It’s here');
    expect(cleanText('&amp;lt;b&amp;gt; stays text')).toBe('<b> stays text');
  });

  it('keeps a decoded "<" as text instead of reading it as a tag', () => {
    expect(cleanText('latency &amp;lt; 200 ms')).toBe('latency < 200 ms');
  });

  it('drops link targets and images', () => {
    expect(cleanText('<a href="https://x.test/a">Read more</a><img src="x.png" alt="pic">')).toBe('Read more');
  });

  it('gives an empty string for missing text', () => {
    expect(cleanText(undefined)).toBe('');
    expect(cleanText('   ')).toBe('');
  });
});

describe('deriveTitle and truncate', () => {
  it('keeps a given title', () => {
    expect(deriveTitle('Given', 'Text.', 'x')).toBe('Given');
  });

  it('derives a missing title from the first sentence of the text', () => {
    expect(deriveTitle('', 'Claude Opus 4.1 is now available. More details follow.', 'x')).toBe('Claude Opus 4.1 is now available.');
  });

  it('shortens a long derived title on a word boundary', () => {
    const title = deriveTitle('', 'word '.repeat(60), 'x');
    expect(title.length).toBeLessThanOrEqual(100);
    expect(title.endsWith('word…')).toBe(true);
  });

  it('falls back when there is no text either', () => {
    expect(deriveTitle('', '', 'https://x.test/a')).toBe('https://x.test/a');
  });

  it('leaves short text untouched', () => {
    expect(truncate('short', 10)).toBe('short');
  });
});
