import { parseScanConfig } from './scan-config.js';

describe('parseScanConfig', () => {
  it('fills in the defaults', () => {
    expect(parseScanConfig('{"predictionColumn":"p","protectedAttributes":["race"]}')).toEqual({
      labelColumn: null,
      predictionColumn: 'p',
      scoreColumn: null,
      scoreThreshold: null,
      positiveLabel: '1',
      protectedAttributes: ['race'],
      intersections: [],
      thresholds: {},
      warningMargin: 0.05,
      minGroupSize: 30,
      bootstrap: { resamples: 1000, seed: 20240601 },
      openComplianceIssue: false,
      aiSystemId: null,
    });
  });

  it.each([
    [{ protectedAttributes: ['a'] }, 'config.predictionColumn (or scoreColumn with scoreThreshold) is required'],
    [{ scoreColumn: 's', protectedAttributes: ['a'] }, 'config.scoreThreshold is required with scoreColumn'],
    [{ predictionColumn: 'p', protectedAttributes: [] }, 'config.protectedAttributes must be a list of 1 to 20 column names'],
    [
      { predictionColumn: 'p', protectedAttributes: ['a'], intersections: [['a']] },
      'config.intersections[0] must list two or more different protected attributes',
    ],
    [{ predictionColumn: 'p', protectedAttributes: ['a'], thresholds: { made_up: 1 } }, 'config.thresholds.made_up is not a metric'],
    [
      { predictionColumn: 'p', protectedAttributes: ['a'], thresholds: { accuracy_difference: 2 } },
      'config.thresholds.accuracy_difference must be a number between 0 and 1',
    ],
    [{ predictionColumn: 'p', protectedAttributes: ['a'], colour: 1 }, 'config.colour is not a known setting'],
  ])('refuses %j', (config, message) => {
    expect(() => parseScanConfig(config)).toThrow(message);
  });
});
