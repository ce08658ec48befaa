// KEYWARD_NOW is read by the one RFC 3339 parser (src/kernel/time/instant.ts): impossible dates and partial times
// are refused with a message naming the variable, a valid instant fixes the clock.
import { describe, expect, it } from 'vitest';
import { clockFrom } from '../../../src/cli/commands/shared.js';
import { systemClock } from '../../../src/kernel/clock.js';

describe('clockFrom', () => {
  it('fixes the clock at a valid RFC 3339 instant, any offset', () => {
    expect(clockFrom({ KEYWARD_NOW: '2026-03-01T12:00:00+01:00' }).now().toISOString()).toBe(
      '2026-03-01T11:00:00.000Z',
    );
    expect(clockFrom({})).toBe(systemClock);
    expect(clockFrom({ KEYWARD_NOW: '' })).toBe(systemClock);
  });

  it.each(['2026-02-30T00:00:00Z', '2026-03-01 12:00', '2026-03-01T12:00Z', 'tomorrow', '2026-03-01T24:00:00Z'])(
    'refuses %j',
    (text) => {
      expect(() => clockFrom({ KEYWARD_NOW: text })).toThrow(/KEYWARD_NOW must be an RFC 3339 date-time/);
    },
  );
});
