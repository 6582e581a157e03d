import { nextAttemptAfterFailure } from './frontier.constants.js';

describe('nextAttemptAfterFailure', () => {
  const now = new Date('2026-05-06T00:00:00Z');
  const delayMinutes = (failures: number) => {
    const next = nextAttemptAfterFailure(failures, now);
    return next ? (next.getTime() - now.getTime()) / 60_000 : null;
  };

  it('retries a first failure on the next run', () => {
    expect(delayMinutes(1)).toBeNull();
  });

  it('then backs off exponentially from 5 minutes, capped at a day', () => {
    expect([2, 3, 4, 5].map(delayMinutes)).toEqual([5, 10, 20, 40]);
    expect(delayMinutes(30)).toBe(24 * 60);
  });
});
