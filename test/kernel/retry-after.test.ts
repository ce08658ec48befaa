// The one Retry-After reader: delta-seconds, HTTP dates against the given time, and nothing else.
import { describe, expect, it } from 'vitest';
import { parseRetryAfterMs } from '../../src/kernel/retry-after.js';

const now = new Date('2026-03-01T10:00:00Z');

describe('parseRetryAfterMs', () => {
  it('reads delta-seconds and HTTP dates, a past date as 0', () => {
    expect(parseRetryAfterMs('7', now)).toBe(7000);
    expect(parseRetryAfterMs(' 120 ', now)).toBe(120_000);
    expect(parseRetryAfterMs('Sun, 01 Mar 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfterMs('Sun, 01 Mar 2026 09:00:00 GMT', now)).toBe(0);
  });

  it('answers null for absent or unreadable headers, including numbers Date.parse would take for dates', () => {
    for (const header of [null, undefined, '', '  ', 'soon', '1.5', '-3', '+5'])
      expect(parseRetryAfterMs(header, now)).toBeNull();
  });
});
