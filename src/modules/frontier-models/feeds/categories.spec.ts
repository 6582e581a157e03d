import { categorize, CATEGORY_CUES } from './categories.js';

describe('categorize', () => {
  it('makes every advisory item a security item', () => {
    expect(categorize('New pricing for GPT-4o', true)).toBe('security');
  });

  it('recognises each category by its cues', () => {
    expect(categorize('Prompt injection vulnerability in the SDK', false)).toBe('security');
    expect(categorize('We are deprecating GPT-4.5 Preview', false)).toBe('deprecation');
    expect(categorize('Claude 3 Opus will be retired', false)).toBe('deprecation');
    expect(categorize('New price: $2 per million tokens', false)).toBe('pricing');
    expect(categorize('Updates to our usage policy', false)).toBe('policy');
    expect(categorize('Elevated error rates on the API', false)).toBe('incident');
    expect(categorize('Introducing GPT-5', false)).toBe('feature');
  });

  it('follows the precedence security > deprecation > pricing > policy > incident > feature', () => {
    expect(categorize('Security fix shipped alongside the deprecation of o1', false)).toBe('security');
    expect(categorize('Deprecation of GPT-4 and lower pricing', false)).toBe('deprecation');
    expect(categorize('Pricing changes and new terms of service', false)).toBe('pricing');
    expect(categorize('Policy update after last week’s incident', false)).toBe('policy');
    expect(categorize('Incident: degraded performance after the launch', false)).toBe('incident');
  });

  it('matches cue words on word boundaries only', () => {
    expect(categorize('Uncostly improvements to the prompt cache', false)).toBe('feature');
    expect(categorize('Multicostume generation', false)).toBe('feature');
  });

  it('keeps its cue lists in precedence order, feature last as the fallback', () => {
    expect(CATEGORY_CUES.map((entry) => entry.category)).toEqual(['security', 'deprecation', 'pricing', 'policy', 'incident']);
  });
});
