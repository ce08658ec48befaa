// Duration parsing: units, zero, limits and what is not a duration; and the short form used in messages.
import { describe, expect, it } from 'vitest';
import {
  DAY_MS,
  HOUR_MS,
  MAX_DURATION_MS,
  durationMs,
  formatDuration,
  parseDuration,
} from '../../../src/core/manifest/index.js';

describe('parseDuration', () => {
  it.each([
    ['36h', 36 * HOUR_MS],
    ['90d', 90 * DAY_MS],
    ['12w', 84 * DAY_MS],
    ['6mo', 180 * DAY_MS],
    ['1y', 365 * DAY_MS],
    ['0d', 0],
    ['30s', 30_000],
    ['5m', 300_000],
    ['999999d', 999_999 * DAY_MS],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    'never',
    '',
    'd',
    '90',
    '90 d',
    ' 90d',
    '90D',
    '1.5d',
    '-1d',
    '01d',
    '1000000d',
    '3 months',
    '14days',
    '1mon',
    '90d ',
  ])('%j is not a duration', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it('durationMs throws on what is not a duration', () => {
    expect(durationMs('14d')).toBe(14 * DAY_MS);
    expect(() => durationMs('soon')).toThrow('not a duration: soon');
  });

  it('limits durations to ten years', () => {
    expect(MAX_DURATION_MS).toBe(3650 * DAY_MS);
    expect(formatDuration(MAX_DURATION_MS)).toBe('10y');
  });
});

describe('formatDuration', () => {
  it.each([
    [14 * DAY_MS, '2w'],
    [15 * DAY_MS, '15d'],
    [36 * HOUR_MS, '36h'],
    [30 * DAY_MS, '1mo'],
    [0, '0d'],
    [1500, '1500ms'],
  ])('%d ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
