import { parseFeedDate } from './feed-date.js';

const iso = (value: unknown) => parseFeedDate(value)?.toISOString() ?? null;

describe('parseFeedDate', () => {
  it('reads RFC 822 dates with numeric offsets', () => {
    expect(iso('Wed, 06 May 2026 08:42:51 +0000')).toBe('2026-05-06T08:42:51.000Z');
    expect(iso('Wed, 06 May 2026 10:42:51 +0200')).toBe('2026-05-06T08:42:51.000Z');
  });

  it('reads RFC 822 dates with zone names', () => {
    expect(iso('Wed, 06 May 2026 08:42:51 GMT')).toBe('2026-05-06T08:42:51.000Z');
    expect(iso('Tue, 05 May 2026 23:00:00 PST')).toBe('2026-05-06T07:00:00.000Z');
    expect(iso('Tue, 05 May 2026 23:00:00 EDT')).toBe('2026-05-06T03:00:00.000Z');
    expect(iso('6 May 2026 08:42 UT')).toBe('2026-05-06T08:42:00.000Z');
  });

  it('reads RFC 3339 timestamps with offsets', () => {
    expect(iso('2026-05-06T10:42:51+02:00')).toBe('2026-05-06T08:42:51.000Z');
    expect(iso('2024-04-01T13:15:07.123Z')).toBe('2024-04-01T13:15:07.123Z');
  });

  it('treats zone-less timestamps as UTC', () => {
    expect(iso('2024-04-01T13:15:07.123')).toBe('2024-04-01T13:15:07.123Z');
    expect(iso('2024-04-01')).toBe('2024-04-01T00:00:00.000Z');
    expect(iso('Wed, 06 May 2026 08:42:51')).toBe('2026-05-06T08:42:51.000Z');
  });

  it('gives null for missing or unreadable dates (the caller falls back)', () => {
    expect(iso(undefined)).toBeNull();
    expect(iso('')).toBeNull();
    expect(iso('sometime soon')).toBeNull();
    expect(iso('Wed, 06 Foo 2026 08:42:51 GMT')).toBeNull();
    expect(iso('Wed, 06 May 2026 08:42:51 XYZ')).toBeNull();
    expect(iso('2026-13-45T99:00:00Z')).toBeNull();
  });
});
