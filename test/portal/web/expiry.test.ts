// The "Expires at" rules: future only, at most 56 weeks (392 days) ahead; the default is three whole months ahead.
import { describe, expect, it } from 'vitest';
import { defaultExpiry, expiryProblem, MAX_LIFETIME_DAYS } from '../../../src/portal/web/expiry.js';
import { fromLocalInput, toLocalInput } from '../../../src/portal/web/format.js';

const DAY = 86_400_000;
const NOW = new Date(2026, 7, 31, 10, 30).getTime(); // 31 August 2026, local time

describe('expiry field rules', () => {
  it('accepts a time up to 56 weeks ahead and refuses the past, an empty value and anything beyond', () => {
    expect(MAX_LIFETIME_DAYS).toBe(392);
    expect(expiryProblem(toLocalInput(NOW + 10 * DAY), NOW)).toBeNull();
    expect(expiryProblem(toLocalInput(NOW + 392 * DAY), NOW)).toBeNull();
    expect(expiryProblem(toLocalInput(NOW + 393 * DAY), NOW)).toMatch(/at most 56 weeks \(392 days\)/);
    expect(expiryProblem(toLocalInput(NOW - 60_000), NOW)).toMatch(/in the future/);
    expect(expiryProblem('', NOW)).toMatch(/Choose the date/);
  });

  it('defaults to three calendar months ahead, clamped to the end of a shorter month', () => {
    expect(defaultExpiry(NOW)).toBe('2026-11-30T10:30');
    expect(defaultExpiry(new Date(2026, 0, 15, 9, 0).getTime())).toBe('2026-04-15T09:00');
    expect(expiryProblem(defaultExpiry(NOW), NOW)).toBeNull();
    expect(fromLocalInput(defaultExpiry(NOW))).toBe(new Date(2026, 10, 30, 10, 30).getTime());
  });
});
