import type { FrontierAlertCategory } from '../frontier.constants.js';

/**
 * The cue words of each category, in precedence order: an item takes the first category whose
 * cues occur in its title or text (case-insensitive, on word boundaries; a trailing `*` matches
 * any word ending). `feature` is the fallback and needs no cue.
 */
export const CATEGORY_CUES: ReadonlyArray<{ category: Exclude<FrontierAlertCategory, 'feature'>; cues: readonly string[] }> = [
  {
    category: 'security',
    cues: [
      'vulnerability',
      'vulnerabilities',
      'cve',
      'ghsa',
      'security advisory',
      'advisory',
      'exploit*',
      'prompt injection',
      'injection',
      'jailbreak*',
      'data leak*',
      'security',
    ],
  },
  {
    category: 'deprecation',
    cues: [
      'deprecat*',
      'retire*',
      'retiring',
      'shutdown',
      'shut down',
      'shutting down',
      'sunset*',
      'end of life',
      'end-of-life',
      'legacy',
      'discontinu*',
    ],
  },
  {
    category: 'pricing',
    cues: ['price*', 'pricing', 'per million tokens', 'cost', 'costs', 'cheaper', 'discount*', 'tarif*', 'billing', 'rate limit*'],
  },
  {
    category: 'policy',
    cues: [
      'usage policy',
      'usage policies',
      'acceptable use',
      'terms of service',
      'terms of use',
      'terms',
      'licence*',
      'license*',
      'safety policy',
      'privacy policy',
      'policy',
      'policies',
    ],
  },
  {
    category: 'incident',
    cues: [
      'incident*',
      'outage*',
      'degraded',
      'degradation',
      'elevated error*',
      'downtime',
      'service disruption',
      'disruption',
      'unavailable',
      'investigating',
    ],
  },
];

function cuePattern(cue: string): RegExp {
  const stem = cue.endsWith('*');
  const words = (stem ? cue.slice(0, -1) : cue).replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${words}${stem ? '[\\p{L}\\p{N}]*' : ''}(?![\\p{L}\\p{N}])`, 'iu');
}

const COMPILED = CATEGORY_CUES.map(({ category, cues }) => ({ category, patterns: cues.map(cuePattern) }));

/** Advisory items are always `security`; other items take their first cued category, else `feature`. */
export function categorize(text: string, isAdvisory: boolean): FrontierAlertCategory {
  if (isAdvisory) return 'security';
  return COMPILED.find(({ patterns }) => patterns.some((pattern) => pattern.test(text)))?.category ?? 'feature';
}

/** Categories an item may reach every model of a provider with (see FrontierModelMatcher.providerWide). */
export const PROVIDER_WIDE_CATEGORIES: readonly FrontierAlertCategory[] = ['pricing', 'policy', 'incident'];
