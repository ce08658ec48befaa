// Backoff arithmetic and Retry-After parsing, with injected randomness and time.
import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, backoffDelayMs, parseRetryAfterMs } from '../../../src/drivers/csp/retry.js';

const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1000, maxDelayMs: 8000 };

describe('backoffDelayMs', () => {
  it('doubles per retry, keeps half fixed and jitters the other half', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelayMs(policy, n, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((n) => backoffDelayMs(policy, n, () => 1))).toEqual([1000, 2000, 4000, 8000]);
  });

  it('never exceeds the ceiling and clamps odd random values', () => {
    expect(backoffDelayMs(policy, 30, () => 1)).toBe(8000);
    expect(backoffDelayMs(policy, 1, () => 7)).toBe(1000);
    expect(backoffDelayMs(policy, 1, () => -3)).toBe(500);
  });
});

describe('parseRetryAfterMs', () => {
  const now = new Date('2026-05-01T12:00:00Z');
  it('reads delta-seconds', () => {
    expect(parseRetryAfterMs('0', now)).toBe(0);
    expect(parseRetryAfterMs(' 120 ', now)).toBe(120_000);
  });
  it('reads an HTTP date against now; a past date means no wait', () => {
    expect(parseRetryAfterMs('Fri, 01 May 2026 12:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfterMs('Fri, 01 May 2026 11:00:00 GMT', now)).toBe(0);
  });
  it('answers null for absent or unreadable headers', () => {
    expect(parseRetryAfterMs(null, now)).toBeNull();
    expect(parseRetryAfterMs('', now)).toBeNull();
    expect(parseRetryAfterMs('-5', now)).toBeNull();
    expect(parseRetryAfterMs('1.5', now)).toBeNull();
    expect(parseRetryAfterMs('soon', now)).toBeNull();
  });
});
