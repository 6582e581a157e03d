/** Absolute http(s) URL of `value` resolved against `base`, or null. */
export function resolveUrl(value: string | null | undefined, base: string | null | undefined): string | null {
  const raw = value?.trim();
  if (!raw) return null;
  try {
    const url = base ? new URL(raw, base) : new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * The form used to recognise one page under several addresses: scheme and host lower-cased (the
 * URL parser does that, and drops default ports), `utm_*` parameters and a trailing slash
 * removed, the fragment kept (it can name a distinct entry on a shared page).
 */
export function canonicalUrl(value: string | null): string | null {
  if (!value) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  for (const name of [...url.searchParams.keys()]) if (name.toLowerCase().startsWith('utm_')) url.searchParams.delete(name);
  if (url.pathname.length > 1 && url.pathname.endsWith('/')) url.pathname = url.pathname.replace(/\/+$/, '');
  const href = url.href;
  // "https://host/" and "https://host" are the same page.
  return url.pathname === '/' && !url.search && !url.hash ? href.replace(/\/$/, '') : href;
}
