import { FRONTIER_MODEL_CATALOG } from '../data/frontier-model-catalog.js';
import { FrontierModelMatcher, normalizeForMatching } from './model-matcher.js';

const models = FRONTIER_MODEL_CATALOG.map((model, index) => ({ id: index + 1, provider: model.provider, aliases: model.aliases }));
const idOf = (modelId: string) => FRONTIER_MODEL_CATALOG.findIndex((model) => model.modelId === modelId) + 1;
const matcher = new FrontierModelMatcher(models);
const matched = (text: string) => matcher.match(text).map((id) => FRONTIER_MODEL_CATALOG[id - 1].modelId);

describe('normalizeForMatching', () => {
  it('maps Unicode hyphens and the minus sign to "-" and no-break spaces to spaces', () => {
    expect(normalizeForMatching('GPT\u20114.1 \u2010 a\u2212b\u00a0c\u2015d')).toBe('GPT-4.1 - a-b c-d');
  });

  it('applies NFKC (full-width forms)', () => {
    expect(normalizeForMatching('ＧＰＴ－４ｏ')).toBe('GPT-4o');
  });
});

describe('FrontierModelMatcher', () => {
  it('matches aliases case-insensitively', () => {
    expect(matched('Update for gpt-4O users')).toEqual(['gpt-4o']);
    expect(matched('CLAUDE OPUS 4 retires')).toEqual(['claude-opus-4']);
  });

  it('matches typographic hyphens and no-break spaces (OpenAI writes GPT‑4.1 with U+2011)', () => {
    expect(matched('Introducing GPT\u20114.1 in the API')).toEqual(['gpt-4.1']);
    expect(matched('Claude\u00a0Sonnet\u00a04.5 is here')).toEqual(['claude-sonnet-4-5']);
  });

  it('never matches inside a longer token', () => {
    expect(matched('xGPT-4 and GPT-45')).toEqual([]);
    expect(matched('the mo1 test')).toEqual([]);
  });

  it('does not match a version that continues with ".", "-" or "_" plus a letter or digit', () => {
    expect(matched('GPT-4.1 is faster')).toEqual(['gpt-4.1']);
    expect(matched('Claude Opus 4.1 launch')).toEqual(['claude-opus-4-1']);
    expect(matched('Gemini 2.5 Flash-Lite arrives')).toEqual([]);
    expect(matched('gpt-4_turbo_internal')).toEqual([]);
  });

  it('accepts an alias followed by punctuation that ends the token', () => {
    expect(matched('We retire GPT-4. Next: GPT-4, then (GPT-4o)!')).toEqual(['gpt-4', 'gpt-4o']);
    expect(matched('Try gpt-4-')).toEqual(['gpt-4']);
  });

  it('lets the longest alias win where matches overlap', () => {
    expect(matched('GPT-4o mini pricing')).toEqual(['gpt-4o-mini']);
    expect(matched('GPT-4 Turbo and GPT-4o')).toEqual(['gpt-4-turbo', 'gpt-4o']);
    expect(matched('Llama 3.1 405B weights')).toEqual(['llama-3.1-405b']);
  });

  it('matches short aliases (o1, o3) only in their exact lower-case spelling', () => {
    expect(matched('OpenAI o3 and o1 are available')).toEqual(['o3', 'o1']);
    expect(matched('O3 sensor readings')).toEqual([]);
    expect(matched('o3-mini is cheaper')).toEqual(['o3-mini']);
  });

  it('lists each model once, in order of first mention', () => {
    expect(matched('gpt-4o, GPT-4o and chatgpt-4o-latest; then Claude 3 Haiku')).toEqual(['gpt-4o', 'claude-3-haiku']);
  });

  it('applies provider-wide items to the provider’s models: the source’s provider first', () => {
    const ids = matcher.providerWide('API prices drop by half', 'Anthropic');
    expect(ids.length).toBe(FRONTIER_MODEL_CATALOG.filter((m) => m.provider === 'Anthropic').length);
    expect(ids).toContain(idOf('claude-opus-4'));
  });

  it('else to the one provider the text names, and to none when it names several or none', () => {
    expect(matcher.providerWide('OpenAI lowers API prices', null)).toContain(idOf('gpt-4o'));
    expect(matcher.providerWide('OpenAI and Google lower prices', null)).toEqual([]);
    expect(matcher.providerWide('Prices drop', null)).toEqual([]);
  });
});
