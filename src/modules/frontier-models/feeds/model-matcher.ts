/**
 * Text as compared with aliases: NFKC, the Unicode hyphens U+2010–U+2015 and the minus sign
 * U+2212 as "-", no-break spaces as spaces, whitespace collapsed. NFKC keeps the string length
 * for the characters that matter here, but matching works on this normalised copy only.
 */
export function normalizeForMatching(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u00a0\u202f\u2007]/g, ' ')
    .replace(/\s+/g, ' ');
}

export interface MatchableModel {
  id: number;
  provider: string;
  aliases: readonly string[];
}

interface Candidate {
  start: number;
  end: number;
  modelId: number;
}

/**
 * Short aliases such as "o1" or "o3" are ordinary tokens too ("O3 sensor"); they match only in
 * their exact (lower-case) spelling. Longer aliases match case-insensitively.
 */
const SHORT_ALIAS = /^[a-z]\d$/i;

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** True when text[start, end) stands alone: see FrontierModelMatcher. */
function onBoundaries(text: string, start: number, end: number): boolean {
  if (start > 0 && LETTER_OR_DIGIT.test(text[start - 1])) return false;
  const next = text[end];
  if (next === undefined) return true;
  if (LETTER_OR_DIGIT.test(next)) return false;
  // "GPT-4.1" is not "GPT-4", "Gemini 2.5 Flash-Lite" is not "Gemini 2.5 Flash".
  if ((next === '.' || next === '-' || next === '_') && LETTER_OR_DIGIT.test(text[end + 1] ?? '')) return false;
  return true;
}

/**
 * Finds the catalog models named in a text. An alias matches where it occurs case-insensitively
 * after normalisation, not preceded or followed by a letter or digit, and not followed by ".",
 * "-" or "_" plus a letter or digit. Where matches overlap, the longest wins ("GPT-4o mini"
 * beats "GPT-4o").
 */
export class FrontierModelMatcher {
  private readonly aliases: Array<{ needle: string; caseSensitive: boolean; modelId: number }>;

  constructor(private readonly models: readonly MatchableModel[]) {
    this.aliases = models.flatMap((model) =>
      [...new Set(model.aliases.map((alias) => normalizeForMatching(alias).trim()).filter(Boolean))].map((alias) => {
        const caseSensitive = SHORT_ALIAS.test(alias);
        return { needle: caseSensitive ? alias : alias.toLowerCase(), caseSensitive, modelId: model.id };
      }),
    );
  }

  /** Catalog ids of the models named in `text`, in order of first mention. */
  match(text: string): number[] {
    const exact = normalizeForMatching(text);
    const folded = exact.toLowerCase();
    const candidates: Candidate[] = [];
    for (const alias of this.aliases) {
      // Lower-casing can change lengths for a few scripts; then only the exact copy is searched.
      const haystack = alias.caseSensitive || folded.length !== exact.length ? exact : folded;
      for (let at = haystack.indexOf(alias.needle); at >= 0; at = haystack.indexOf(alias.needle, at + 1)) {
        const end = at + alias.needle.length;
        if (onBoundaries(exact, at, end)) candidates.push({ start: at, end, modelId: alias.modelId });
      }
    }
    candidates.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
    const accepted: Candidate[] = [];
    for (const candidate of candidates) {
      if (!accepted.some((other) => candidate.start < other.end && other.start < candidate.end)) accepted.push(candidate);
    }
    accepted.sort((a, b) => a.start - b.start);
    return [...new Set(accepted.map((match) => match.modelId))];
  }

  /**
   * Provider-wide rule: an item that names no model but concerns a whole provider (a pricing,
   * policy or incident item) applies to every catalog model of that provider. The provider is
   * the source's declared provider, else the one catalog provider the text names (none when it
   * names several).
   */
  providerWide(text: string, sourceProvider: string | null): number[] {
    const provider = sourceProvider ?? this.singleNamedProvider(text);
    if (!provider) return [];
    const wanted = provider.toLowerCase();
    return this.models.filter((model) => model.provider.toLowerCase() === wanted).map((model) => model.id);
  }

  private singleNamedProvider(text: string): string | null {
    const exact = normalizeForMatching(text);
    const folded = exact.toLowerCase();
    const named = new Set<string>();
    for (const provider of new Set(this.models.map((model) => model.provider))) {
      const needle = normalizeForMatching(provider).toLowerCase();
      for (let at = folded.indexOf(needle); at >= 0; at = folded.indexOf(needle, at + 1)) {
        if (onBoundaries(exact, at, at + needle.length)) {
          named.add(provider);
          break;
        }
      }
    }
    return named.size === 1 ? [...named][0] : null;
  }
}
