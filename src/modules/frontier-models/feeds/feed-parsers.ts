import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { MAX_ITEMS_PER_FEED, type FrontierSourceKind } from '../frontier.constants.js';
import { parseFeedDate } from './feed-date.js';
import { cleanText, deriveTitle, truncate } from './feed-text.js';
import { resolveUrl } from './feed-url.js';

/** One item of a feed, cleaned: plain text, absolute URL, UTC date (null when the feed has none). */
export interface ParsedItem {
  /** guid / entry id / advisory id; null when the feed gives none (identity then falls back). */
  nativeId: string | null;
  title: string;
  text: string;
  url: string | null;
  publishedAt: Date | null;
  /** Upper-cased GHSA / CVE / OSV ids of an advisory and its aliases. */
  advisoryIds: string[];
  /** Withdrawn advisories and rejected NVD records: stored nowhere, never alerted. */
  withdrawn: boolean;
}

export class FeedParseError extends Error {}

type Node = unknown;

const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
  // Atom xhtml constructs are one <div> of markup: kept raw (in order) and cleaned as HTML.
  stopNodes: ['feed.entry.title.div', 'feed.entry.summary.div', 'feed.entry.content.div'],
  isArray: (_name, jpath) => ['rss.channel.item', 'rdf:RDF.item', 'feed.entry', 'feed.entry.link'].includes(String(jpath)),
});

/** Parses a fetched document of the source's kind; `baseUrl` is the final URL after redirects. */
export function parseFeed(kind: FrontierSourceKind, body: string, baseUrl: string): ParsedItem[] {
  const items = kind === 'rss' || kind === 'atom' ? parseXmlFeed(body, baseUrl) : parseJsonFeed(kind, body, baseUrl);
  return items.slice(0, MAX_ITEMS_PER_FEED);
}

/** Text content of an XML node: plain string, `#text` of an element with attributes, or nested (xhtml) text. */
function textOf(node: Node): string {
  if (node === null || node === undefined) return '';
  if (typeof node === 'string' || typeof node === 'number' || typeof node === 'boolean') return String(node);
  if (Array.isArray(node)) return node.map(textOf).join(' ');
  if (typeof node === 'object') {
    return Object.entries(node as Record<string, Node>)
      .filter(([key]) => !key.startsWith('@_'))
      .map(([, value]) => textOf(value))
      .join(' ');
  }
  return '';
}

function attr(node: Node, name: string): string | undefined {
  if (node && typeof node === 'object' && !Array.isArray(node)) {
    const value = (node as Record<string, Node>)[`@_${name}`];
    return typeof value === 'string' ? value : undefined;
  }
  return undefined;
}

function field(node: Node, name: string): Node {
  return node && typeof node === 'object' ? (node as Record<string, Node>)[name] : undefined;
}

function parseXmlFeed(body: string, baseUrl: string): ParsedItem[] {
  const validation = XMLValidator.validate(body);
  if (validation !== true) {
    throw new FeedParseError(`malformed XML at line ${validation.err.line}: ${validation.err.msg}`);
  }
  const document = xmlParser.parse(body) as Record<string, Node>;
  if (document.rss) return parseRss(field(document.rss, 'channel'), resolveUrl(attr(document.rss, 'xml:base'), baseUrl) ?? baseUrl);
  if (document.feed) return parseAtom(document.feed, baseUrl);
  throw new FeedParseError('not an RSS 2.0 or Atom 1.0 document');
}

function parseRss(channel: Node, baseUrl: string): ParsedItem[] {
  const channelBase = resolveUrl(attr(channel, 'xml:base'), baseUrl) ?? baseUrl;
  const items = (field(channel, 'item') as Node[] | undefined) ?? [];
  return items.map((item) => {
    const base = resolveUrl(attr(item, 'xml:base'), channelBase) ?? channelBase;
    const text = cleanText(textOf(field(item, 'description')) || textOf(field(item, 'content:encoded')));
    const url = resolveUrl(textOf(field(item, 'link')), base) ?? guidPermalink(field(item, 'guid'), base);
    return {
      nativeId: textOf(field(item, 'guid')).trim() || null,
      title: deriveTitle(cleanText(textOf(field(item, 'title'))), text, url ?? 'Untitled item'),
      text,
      url,
      publishedAt: parseFeedDate(textOf(field(item, 'pubDate'))) ?? parseFeedDate(textOf(field(item, 'dc:date'))),
      advisoryIds: [],
      withdrawn: false,
    };
  });
}

/** A guid marked isPermaLink (the default) is the item's address when <link> is missing. */
function guidPermalink(guid: Node, base: string): string | null {
  if (!guid || attr(guid, 'isPermaLink') === 'false') return null;
  return resolveUrl(textOf(guid), base);
}

function parseAtom(feed: Node, baseUrl: string): ParsedItem[] {
  const feedBase = resolveUrl(attr(feed, 'xml:base'), baseUrl) ?? baseUrl;
  const entries = (field(feed, 'entry') as Node[] | undefined) ?? [];
  return entries.map((entry) => {
    const base = resolveUrl(attr(entry, 'xml:base'), feedBase) ?? feedBase;
    const links = (field(entry, 'link') as Node[] | undefined) ?? [];
    const alternate = links.find((link) => (attr(link, 'rel') ?? 'alternate') === 'alternate') ?? links[0];
    const url = resolveUrl(attr(alternate, 'href'), resolveUrl(attr(alternate, 'xml:base'), base) ?? base);
    const text = cleanText(textOf(field(entry, 'summary')) || textOf(field(entry, 'content')));
    return {
      nativeId: textOf(field(entry, 'id')).trim() || null,
      title: deriveTitle(cleanText(textOf(field(entry, 'title'))), text, url ?? 'Untitled item'),
      text,
      url,
      publishedAt: parseFeedDate(textOf(field(entry, 'published'))) ?? parseFeedDate(textOf(field(entry, 'updated'))),
      advisoryIds: [],
      withdrawn: false,
    };
  });
}

function parseJsonDocument(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch (error) {
    throw new FeedParseError(`malformed JSON: ${(error as Error).message}`);
  }
}

function parseJsonFeed(kind: FrontierSourceKind, body: string, baseUrl: string): ParsedItem[] {
  const document = parseJsonDocument(body);
  if (kind === 'json') return parseJsonFeedItems(document, baseUrl);
  if (kind === 'nvd') return parseNvd(document);
  return parseAdvisories(document, baseUrl);
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

function parseJsonFeedItems(document: unknown, baseUrl: string): ParsedItem[] {
  if (!isObject(document) || !Array.isArray(document.items) || !str(document.version).startsWith('https://jsonfeed.org/version/')) {
    throw new FeedParseError('not a JSON Feed document (version and items expected)');
  }
  return document.items.filter(isObject).map((item) => {
    const text = cleanText(str(item.content_html) || str(item.content_text) || str(item.summary));
    const url = resolveUrl(str(item.url), baseUrl) ?? resolveUrl(str(item.external_url), baseUrl);
    return {
      nativeId: str(item.id).trim() || null,
      title: deriveTitle(cleanText(str(item.title)), text, url ?? 'Untitled item'),
      text,
      url,
      publishedAt: parseFeedDate(item.date_published) ?? parseFeedDate(item.date_modified),
      advisoryIds: [],
      withdrawn: false,
    };
  });
}

/** OSV records (one, an array, or an OSV API `{vulns}` answer) and GitHub advisories (`ghsa_id`). */
function parseAdvisories(document: unknown, baseUrl: string): ParsedItem[] {
  const records = Array.isArray(document) ? document : isObject(document) && Array.isArray(document.vulns) ? document.vulns : [document];
  const parsed = records.filter(isObject).filter((record) => str(record.id) || str(record.ghsa_id));
  if (!parsed.length && records.length) throw new FeedParseError('no OSV or GitHub advisory records (id or ghsa_id expected)');
  return parsed.map((record) => (str(record.ghsa_id) ? parseGithubAdvisory(record, baseUrl) : parseOsvRecord(record, baseUrl)));
}

function advisoryIds(...ids: unknown[]): string[] {
  return [...new Set(ids.map((id) => str(id).trim().toUpperCase()).filter(Boolean))];
}

function parseOsvRecord(record: Json, baseUrl: string): ParsedItem {
  const id = str(record.id);
  const details = cleanText(str(record.details));
  const references = list(record.references).filter(isObject);
  const reference = references.find((ref) => ref.type === 'ADVISORY') ?? references.find((ref) => ref.type === 'WEB');
  const summary = cleanText(str(record.summary)) || cleanText(str(record.details).split('\n')[0]);
  return {
    nativeId: id,
    title: deriveTitle(summary, details, id),
    text: details,
    url: resolveUrl(str(reference?.url), baseUrl) ?? `https://osv.dev/vulnerability/${encodeURIComponent(id)}`,
    publishedAt: parseFeedDate(record.published) ?? parseFeedDate(record.modified),
    advisoryIds: advisoryIds(id, ...list(record.aliases)),
    withdrawn: Boolean(str(record.withdrawn)),
  };
}

function parseGithubAdvisory(record: Json, baseUrl: string): ParsedItem {
  const id = str(record.ghsa_id);
  const text = cleanText(str(record.description));
  const identifiers = list(record.identifiers)
    .filter(isObject)
    .map((identifier) => identifier.value);
  return {
    nativeId: id,
    title: deriveTitle(cleanText(str(record.summary)), text, id),
    text,
    url: resolveUrl(str(record.html_url), baseUrl),
    publishedAt: parseFeedDate(record.published_at) ?? parseFeedDate(record.updated_at),
    advisoryIds: advisoryIds(id, record.cve_id, ...identifiers),
    withdrawn: Boolean(str(record.withdrawn_at)),
  };
}

/** NVD CVE API 2.0: no title (built from the id and the English description); Rejected records are withdrawn. */
function parseNvd(document: unknown): ParsedItem[] {
  if (!isObject(document) || !Array.isArray(document.vulnerabilities)) {
    throw new FeedParseError('not an NVD CVE API 2.0 answer (vulnerabilities expected)');
  }
  return document.vulnerabilities
    .filter(isObject)
    .map((entry) => entry.cve)
    .filter(isObject)
    .filter((cve) => str(cve.id))
    .map((cve) => {
      const id = str(cve.id);
      const descriptions = list(cve.descriptions).filter(isObject);
      const text = cleanText(str((descriptions.find((d) => d.lang === 'en') ?? descriptions[0])?.value));
      return {
        nativeId: id,
        title: text ? `${id}: ${truncate(text, 120)}` : id,
        text,
        url: `https://nvd.nist.gov/vuln/detail/${encodeURIComponent(id)}`,
        publishedAt: parseFeedDate(cve.published) ?? parseFeedDate(cve.lastModified),
        advisoryIds: advisoryIds(id),
        withdrawn: str(cve.vulnStatus).toLowerCase() === 'rejected',
      };
    });
}
