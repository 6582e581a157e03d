import { compile } from 'html-to-text';

/** Description length kept on alerts (the stored item keeps more). */
export const ALERT_DESCRIPTION_MAX = 1000;
export const ITEM_TEXT_MAX = 20_000;
const TITLE_MAX = 300;
const DERIVED_TITLE_MAX = 100;

const LEFTOVER_ENTITY = /&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});/i;

/** Compiled once: html-to-text's options parsing is the expensive part of a call. */
const htmlToPlain = compile({
  wordwrap: false,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } })),
  ],
});

/**
 * Feed HTML (or text) to plain text: tags removed, entities decoded — also double-escaped ones
 * (`&amp;rsquo;`, which survives the first pass as `&rsquo;`) — and whitespace collapsed.
 */
export function cleanText(value: string | null | undefined, maxLength = ITEM_TEXT_MAX): string {
  if (!value) return '';
  let text = htmlToPlain(value);
  // Leftover entities were escaped twice; decode them once more with '<' kept as text.
  for (let pass = 0; pass < 2 && LEFTOVER_ENTITY.test(text); pass++) {
    text = htmlToPlain(text.replace(/</g, '&lt;').replace(/>/g, '&gt;'));
  }
  return truncate(text.replace(/\s+/g, ' ').trim(), maxLength);
}

export function truncate(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const cut = text.slice(0, maxLength - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > maxLength * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** A missing title is the text's first sentence (or its start), shortened on a word boundary. */
export function deriveTitle(title: string, text: string, fallback: string): string {
  if (title) return truncate(title, TITLE_MAX);
  if (!text) return fallback;
  const sentence = /^(.+?[.!?])(\s|$)/.exec(text)?.[1] ?? text;
  return truncate(sentence, DERIVED_TITLE_MAX);
}
