// The shared store retry helper: backoff with jitter, Retry-After honoured, permanent errors not retried.
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/kernel/clock.js';
import { backoffDelay, parseRetryAfter, recordingSleep, withRetry, type RetryVerdict } from '../../src/stores/retry.js';

class Flaky extends Error {
  constructor(readonly verdict: RetryVerdict) {
    super('flaky');
  }
}
const classify = (error: unknown): RetryVerdict => (error instanceof Flaky ? error.verdict : { retry: false });

describe('withRetry', () => {
  it('retries transient failures with growing jittered delays, then returns the result', async () => {
    const { sleep, delays } = recordingSleep();
    let calls = 0;
    const result = await withRetry(
      async (attempt) => {
        calls += 1;
        if (attempt < 4) throw new Flaky({ retry: true });
        return 'ok';
      },
      { classify, sleep, random: () => 0.5, baseDelayMs: 100 },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(4);
    expect(delays).toEqual([50, 100, 200]);
  });

  it('does not retry a permanent failure', async () => {
    const { sleep, delays } = recordingSleep();
    await expect(withRetry(async () => Promise.reject(new Flaky({ retry: false })), { classify, sleep })).rejects.toBeInstanceOf(Flaky);
    expect(delays).toEqual([]);
  });

  it('waits exactly what Retry-After says', async () => {
    const { sleep, delays } = recordingSleep();
    let calls = 0;
    await withRetry(
      async () => {
        calls += 1;
        if (calls === 1) throw new Flaky({ retry: true, afterMs: 7000 });
      },
      { classify, sleep },
    );
    expect(delays).toEqual([7000]);
  });

  it('gives up when Retry-After is beyond the limit, and after the last attempt', async () => {
    const { sleep, delays } = recordingSleep();
    await expect(withRetry(async () => Promise.reject(new Flaky({ retry: true, afterMs: 10_000 })), { classify, sleep, maxRetryAfterMs: 5000 })).rejects.toBeInstanceOf(Flaky);
    expect(delays).toEqual([]);
    const infos: number[] = [];
    await expect(withRetry(async () => Promise.reject(new Flaky({ retry: true })), { classify, sleep, attempts: 3, onRetry: (i) => infos.push(i.attempt) })).rejects.toBeInstanceOf(Flaky);
    expect(infos).toEqual([1, 2]);
  });
});

describe('backoffDelay', () => {
  it('caps at the maximum and never returns zero', () => {
    expect(backoffDelay(20, 500, 30_000, () => 0.999)).toBeLessThanOrEqual(30_000);
    expect(backoffDelay(1, 500, 30_000, () => 0)).toBe(1);
  });
});

describe('parseRetryAfter', () => {
  const clock = new FakeClock('2026-03-01T10:00:00Z');
  it('reads delay-seconds and HTTP dates', () => {
    expect(parseRetryAfter('7', clock)).toBe(7000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 10:00:30 GMT', clock)).toBe(30_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 09:00:00 GMT', clock)).toBe(0);
  });
  it('ignores absent or unreadable values', () => {
    expect(parseRetryAfter(undefined, clock)).toBeUndefined();
    expect(parseRetryAfter(null, clock)).toBeUndefined();
    expect(parseRetryAfter('soon', clock)).toBeUndefined();
  });
});
