import iconv from 'iconv-lite';
import { decodeFeedBody } from './feed-decode.js';
import { FeedParseError, parseFeed } from './feed-parsers.js';

const BASE = 'https://feeds.test/path/feed.xml';

describe('RSS 2.0', () => {
  const rss = (items: string, channelAttrs = '') =>
    `<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel ${channelAttrs}><title>T</title>${items}</channel></rss>`;

  it('reads CDATA and entity-escaped HTML descriptions as plain text', () => {
    const [cdata, escaped] = parseFeed(
      'rss',
      rss(
        '<item><title>A &amp; B</title><guid>g1</guid><description><![CDATA[<p>It&amp;rsquo;s <b>new</b></p>]]></description></item>' +
          '<item><title>C</title><guid>g2</guid><description>&lt;p&gt;Caf&amp;eacute; &amp;amp;rsquo;&lt;/p&gt;</description></item>',
      ),
      BASE,
    );
    expect(cdata).toMatchObject({ nativeId: 'g1', title: 'A & B', text: 'It’s new' });
    expect(escaped).toMatchObject({ nativeId: 'g2', text: 'Café ’' });
  });

  it('resolves relative links against xml:base, else the feed URL, and uses a permalink guid without <link>', () => {
    const items = parseFeed(
      'rss',
      rss(
        '<item><title>a</title><link>/a</link></item>' +
          '<item xml:base="https://other.test/dir/"><title>b</title><link>b</link></item>' +
          '<item><title>c</title><guid>https://c.test/perma</guid></item>' +
          '<item><title>d</title><guid isPermaLink="false">not-a-link</guid></item>',
      ),
      BASE,
    );
    expect(items.map((item) => item.url)).toEqual(['https://feeds.test/a', 'https://other.test/dir/b', 'https://c.test/perma', null]);
  });

  it('reads pubDate, else dc:date, else leaves the date to the first-seen fallback', () => {
    const items = parseFeed(
      'rss',
      rss(
        '<item><title>a</title><pubDate>Wed, 06 May 2026 10:42:51 +0200</pubDate></item>' +
          '<item><title>b</title><dc:date>2026-05-06T08:00:00Z</dc:date></item>' +
          '<item><title>c</title></item>',
      ),
      BASE,
    );
    expect(items.map((item) => item.publishedAt?.toISOString() ?? null)).toEqual([
      '2026-05-06T08:42:51.000Z',
      '2026-05-06T08:00:00.000Z',
      null,
    ]);
  });

  it('derives a missing title from the text', () => {
    const [item] = parseFeed('rss', rss('<item><description>GPT-5 ships today. More soon.</description></item>'), BASE);
    expect(item.title).toBe('GPT-5 ships today.');
  });

  it('reports malformed XML and documents that are not feeds', () => {
    expect(() => parseFeed('rss', '<rss><channel><item></channel></rss>', BASE)).toThrow(FeedParseError);
    expect(() => parseFeed('rss', '<html><body>hi</body></html>', BASE)).toThrow(/not an RSS 2.0 or Atom 1.0 document/);
  });
});

describe('Atom 1.0', () => {
  it('takes the alternate link, xml:base, published else updated, summary else content, xhtml titles', () => {
    const items = parseFeed(
      'atom',
      `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://status.test/">
        <entry><id>urn:1</id><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Outage on <b>GPT-4o</b></div></title>
          <link rel="self" href="self/1"/><link rel="alternate" href="incidents/1"/>
          <updated>2026-05-03T10:00:00Z</updated><content type="html">&lt;p&gt;Investigating&lt;/p&gt;</content></entry>
        <entry xml:base="/news/"><id>urn:2</id><title>News</title><link href="two"/>
          <published>2026-05-01T12:00:00+02:00</published><updated>2026-05-02T00:00:00Z</updated><summary>S</summary></entry>
      </feed>`,
      BASE,
    );
    expect(items[0]).toMatchObject({
      nativeId: 'urn:1',
      title: 'Outage on GPT-4o',
      text: 'Investigating',
      url: 'https://status.test/incidents/1',
    });
    expect(items[0].publishedAt?.toISOString()).toBe('2026-05-03T10:00:00.000Z');
    expect(items[1]).toMatchObject({ nativeId: 'urn:2', text: 'S', url: 'https://status.test/news/two' });
    expect(items[1].publishedAt?.toISOString()).toBe('2026-05-01T10:00:00.000Z');
  });

  it('accepts an Atom document configured as rss (and the reverse)', () => {
    expect(
      parseFeed('rss', '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>x</id><title>t</title></entry></feed>', BASE),
    ).toHaveLength(1);
  });
});

describe('JSON Feed', () => {
  it('reads items with url/external_url, HTML or text content, date_published else date_modified', () => {
    const items = parseFeed(
      'json',
      JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title: 'F',
        items: [
          { id: 1, url: 'a', content_html: '<p>Hello <i>there</i></p>', date_published: '2026-05-02T08:00:00-05:00' },
          { id: 'b', external_url: 'https://ext.test/b', title: 'B', content_text: 'Plain', date_modified: '2026-05-03T00:00:00Z' },
        ],
      }),
      BASE,
    );
    expect(items[0]).toMatchObject({ nativeId: '1', title: 'Hello there', url: 'https://feeds.test/path/a' });
    expect(items[0].publishedAt?.toISOString()).toBe('2026-05-02T13:00:00.000Z');
    expect(items[1]).toMatchObject({ nativeId: 'b', title: 'B', text: 'Plain', url: 'https://ext.test/b' });
    expect(items[1].publishedAt?.toISOString()).toBe('2026-05-03T00:00:00.000Z');
  });

  it('reports malformed JSON and JSON that is not a feed', () => {
    expect(() => parseFeed('json', '{"items": [', BASE)).toThrow(/malformed JSON/);
    expect(() => parseFeed('json', '{"items": []}', BASE)).toThrow(/not a JSON Feed/);
  });
});

describe('OSV and GitHub advisories', () => {
  it('reads OSV records with aliases, summary (else the first line of details) and withdrawn flags', () => {
    const items = parseFeed(
      'osv',
      JSON.stringify({
        vulns: [
          { id: 'GHSA-aaaa-bbbb-cccc', aliases: ['CVE-2026-1'], details: 'First line\nMore', published: '2026-04-30T12:00:00.123456Z' },
          { id: 'PYSEC-2026-9', summary: 'Gone', withdrawn: '2026-05-01T00:00:00Z', modified: '2026-05-01T00:00:00Z' },
        ],
      }),
      BASE,
    );
    expect(items[0]).toMatchObject({
      nativeId: 'GHSA-aaaa-bbbb-cccc',
      title: 'First line',
      advisoryIds: ['GHSA-AAAA-BBBB-CCCC', 'CVE-2026-1'],
      url: 'https://osv.dev/vulnerability/GHSA-aaaa-bbbb-cccc',
      withdrawn: false,
    });
    expect(items[0].publishedAt?.toISOString()).toBe('2026-04-30T12:00:00.123Z');
    expect(items[1]).toMatchObject({ withdrawn: true, publishedAt: new Date('2026-05-01T00:00:00Z') });
  });

  it('reads a single OSV record and GitHub advisory lists (ghsa_id, cve_id, identifiers, withdrawn_at)', () => {
    expect(parseFeed('osv', JSON.stringify({ id: 'OSV-1', summary: 's' }), BASE)).toHaveLength(1);
    const [advisory, withdrawn] = parseFeed(
      'osv',
      JSON.stringify([
        {
          ghsa_id: 'GHSA-1111-2222-3333',
          cve_id: 'CVE-2026-5',
          identifiers: [
            { type: 'GHSA', value: 'GHSA-1111-2222-3333' },
            { type: 'CVE', value: 'CVE-2026-5' },
          ],
          summary: 'SDK flaw',
          description: 'Details in **Markdown**',
          html_url: 'https://github.com/advisories/GHSA-1111-2222-3333',
          published_at: '2026-05-01T00:00:00Z',
          withdrawn_at: null,
        },
        { ghsa_id: 'GHSA-4444-5555-6666', summary: 'x', withdrawn_at: '2026-05-02T00:00:00Z' },
      ]),
      BASE,
    );
    expect(advisory).toMatchObject({
      nativeId: 'GHSA-1111-2222-3333',
      title: 'SDK flaw',
      advisoryIds: ['GHSA-1111-2222-3333', 'CVE-2026-5'],
      url: 'https://github.com/advisories/GHSA-1111-2222-3333',
      withdrawn: false,
    });
    expect(withdrawn.withdrawn).toBe(true);
  });

  it('reports documents without advisories', () => {
    expect(() => parseFeed('osv', JSON.stringify([{ foo: 1 }]), BASE)).toThrow(FeedParseError);
  });
});

describe('NVD CVE API 2.0', () => {
  it('builds a title from the id and the English description, reads zone-less dates as UTC, flags Rejected', () => {
    const items = parseFeed(
      'nvd',
      JSON.stringify({
        vulnerabilities: [
          {
            cve: {
              id: 'CVE-2026-7',
              published: '2024-04-01T13:15:07.123',
              vulnStatus: 'Analyzed',
              descriptions: [
                { lang: 'es', value: 'Español' },
                { lang: 'en', value: 'English text' },
              ],
            },
          },
          { cve: { id: 'CVE-2026-8', published: '2024-04-01T00:00:00.000', vulnStatus: 'Rejected', descriptions: [] } },
        ],
      }),
      BASE,
    );
    expect(items[0]).toMatchObject({
      nativeId: 'CVE-2026-7',
      title: 'CVE-2026-7: English text',
      text: 'English text',
      url: 'https://nvd.nist.gov/vuln/detail/CVE-2026-7',
      advisoryIds: ['CVE-2026-7'],
      withdrawn: false,
    });
    expect(items[0].publishedAt?.toISOString()).toBe('2024-04-01T13:15:07.123Z');
    expect(items[1]).toMatchObject({ title: 'CVE-2026-8', withdrawn: true });
    expect(() => parseFeed('nvd', '{"format":"NVD_CVE"}', BASE)).toThrow(/not an NVD/);
  });
});

describe('decodeFeedBody', () => {
  const latin1 = iconv.encode('<?xml version="1.0" encoding="ISO-8859-1"?><rss><t>café</t></rss>', 'latin1');

  it('honours the XML declaration', () => {
    expect(decodeFeedBody(latin1, 'application/rss+xml')).toContain('café');
  });

  it('prefers the HTTP charset over the XML declaration', () => {
    const win1252 = iconv.encode('<?xml version="1.0" encoding="UTF-8"?><t>“quoted”</t>', 'win1252');
    expect(decodeFeedBody(win1252, 'text/xml; charset=windows-1252')).toContain('“quoted”');
  });

  it('reads UTF-8 by default and strips a BOM; UTF-16 by its BOM', () => {
    expect(decodeFeedBody(Buffer.from('\uFEFF<t>é</t>'), null)).toBe('<t>é</t>');
    expect(decodeFeedBody(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<t>é</t>', 'utf16le')]), null)).toBe('<t>é</t>');
  });

  it('refuses an unknown charset', () => {
    expect(() => decodeFeedBody(Buffer.from('x'), 'text/xml; charset=klingon')).toThrow(/unsupported charset "klingon"/);
  });
});
