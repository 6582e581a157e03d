/** Zone names seen in RSS dates (RFC 822 and common extensions) and their UTC offsets. */
const ZONE_OFFSETS: Record<string, string> = {
  UT: '+0000',
  UTC: '+0000',
  GMT: '+0000',
  Z: '+0000',
  EST: '-0500',
  EDT: '-0400',
  CST: '-0600',
  CDT: '-0500',
  MST: '-0700',
  MDT: '-0600',
  PST: '-0800',
  PDT: '-0700',
  CET: '+0100',
  CEST: '+0200',
  BST: '+0100',
  JST: '+0900',
};

const ISO_WITHOUT_ZONE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;
const RFC822 =
  /^(?:[A-Za-z]{3},?\s+)?(\d{1,2})\s+([A-Za-z]{3})[a-z]*\s+(\d{2,4})\s+(\d{1,2}:\d{2}(?::\d{2})?)\s*([A-Za-z]{1,5}|[+-]\d{4})?$/;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * A feed timestamp as a UTC instant: RFC 822 with a numeric offset or zone name, RFC 3339/ISO
 * with an offset, and zone-less timestamps (NVD) read as UTC. Anything else gives null, and the
 * caller falls back (see ParsedItem.publishedAt).
 */
export function parseFeedDate(value: unknown): Date | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const text = String(value).trim();
  if (!text) return null;
  if (ISO_WITHOUT_ZONE.test(text)) return valid(new Date(`${text.replace(' ', 'T')}${text.length === 10 ? 'T00:00:00' : ''}Z`));
  const rfc = RFC822.exec(text);
  if (rfc) {
    const [, day, monthName, yearText, time, zone] = rfc;
    const month = MONTHS.indexOf(monthName.toLowerCase());
    if (month < 0) return null;
    const year = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
    const offset = !zone ? '+0000' : /^[+-]\d{4}$/.test(zone) ? zone : ZONE_OFFSETS[zone.toUpperCase()];
    if (!offset) return null;
    const [hh, mm, ss = '00'] = time.split(':');
    const iso = `${year}-${String(month + 1).padStart(2, '0')}-${day.padStart(2, '0')}T${hh.padStart(2, '0')}:${mm}:${ss}${offset.slice(0, 3)}:${offset.slice(3)}`;
    return valid(new Date(iso));
  }
  if (/^\d{4}-\d{2}-\d{2}T/.test(text)) return valid(new Date(text));
  return null;
}

function valid(date: Date): Date | null {
  return Number.isNaN(date.getTime()) ? null : date;
}
