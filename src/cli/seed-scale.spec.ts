import { FULL_SCALE, parseScaleArgs } from './seed-scale.js';

describe('parseScaleArgs (npm run cli -- seed-scale)', () => {
  it('defaults to the full scale of issue 7 and refuses to add a batch unless --append', () => {
    expect(parseScaleArgs({})).toEqual({ ...FULL_SCALE, append: false });
    expect(FULL_SCALE).toMatchObject({ orgs: 1_000, riskItems: 1_000_000, aiSystems: 100_000 });
    expect(parseScaleArgs({ append: true })).toMatchObject({ append: true });
  });

  it('reads every volume flag, with optional digit separators', () => {
    expect(
      parseScaleArgs({
        orgs: '200',
        'risk-items': '100_000',
        'ai-systems': '20000',
        mitigations: '0',
        'compliance-issues': '5',
        seed: '0.1',
      }),
    ).toEqual({ orgs: 200, riskItems: 100_000, aiSystems: 20_000, mitigations: 0, complianceIssues: 5, append: false, randomSeed: 0.1 });
  });

  it('refuses bad values with a message naming the flag', () => {
    expect(parseScaleArgs({ orgs: 'many' })).toMatch(/^--orgs must be an integer/);
    expect(parseScaleArgs({ 'risk-items': '-1' })).toMatch(/^--risk-items must be an integer/);
    expect(parseScaleArgs({ 'ai-systems': '1.5' })).toMatch(/^--ai-systems must be an integer/);
    expect(parseScaleArgs({ orgs: '0' })).toBe('--orgs must be at least 1');
    expect(parseScaleArgs({ seed: '2' })).toMatch(/^--seed must be a number between -1 and 1/);
  });
});
