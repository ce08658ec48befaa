import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DAY_MS,
  formatDuration,
  HOUR_MS,
  MAX_DURATION_MS,
  MINUTE_MS,
  parseDuration,
  readDuration,
} from '../../../src/kernel/time/duration.js';

describe('duration grammar', () => {
  it.each([
    ['90d', 90 * DAY_MS],
    ['36h', 36 * HOUR_MS],
    ['12w', 84 * DAY_MS],
    ['6mo', 180 * DAY_MS],
    ['1y', 365 * DAY_MS],
    ['1w2d', 9 * DAY_MS],
    ['1d12h', 36 * HOUR_MS],
    ['90min', 90 * MINUTE_MS],
    ['30s', 30_000],
    ['0d', 0],
    ['1y2mo3w4d5h6min7s', 365 * DAY_MS + 60 * DAY_MS + 25 * DAY_MS + 5 * HOUR_MS + 6 * MINUTE_MS + 7_000],
  ])('reads %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it('refuses m as ambiguous, naming both readings', () => {
    expect(readDuration('6m')).toEqual({
      ok: false,
      problem: "'6m' is ambiguous: write 6min for minutes or 6mo for months",
    });
  });

  it('refuses a bare m inside a compound too', () => {
    expect(readDuration('1w6m')).toEqual({
      ok: false,
      problem: "'1w6m' is ambiguous: write 6min for minutes or 6mo for months",
    });
    expect(parseDuration('1w6min')).toBe(7 * DAY_MS + 6 * MINUTE_MS);
  });

  it.each(['', 'd', '90', '90 d', '-1d', '1.5d', '01d', '2d1w', '1d1d', '90D', 'never', '1w2', 'x1d', '11y'])(
    'refuses %j',
    (text) => {
      expect(parseDuration(text)).toBeUndefined();
    },
  );

  it('caps durations at ten years', () => {
    expect(parseDuration('10y')).toBe(MAX_DURATION_MS);
    expect(readDuration('521w4d')).toEqual({ ok: false, problem: 'is longer than ten years' });
  });

  it('formats to text that reads back to the same span', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_DURATION_MS / 1000 }), (seconds) => {
        const ms = seconds * 1000;
        expect(parseDuration(formatDuration(ms))).toBe(ms);
      }),
      { seed: 12, numRuns: 500 },
    );
    expect(formatDuration(14 * DAY_MS)).toBe('2w');
    expect(formatDuration(36 * HOUR_MS)).toBe('1d12h');
    expect(formatDuration(180 * DAY_MS)).toBe('6mo');
  });
});
