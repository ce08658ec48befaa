import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_RETRY_POLICY, withRetry, type RetryVerdict } from '../../src/kernel/retry.js';

function recorder(): { sleep: (ms: number) => Promise<void>; delays: number[] } {
  const delays: number[] = [];
  return { sleep: async (ms) => void delays.push(ms), delays };
}

const transient = (): RetryVerdict => ({ retry: true });

describe('backoffDelay', () => {
  it('doubles a step, keeps half of it fixed and caps it', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1_000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(policy, n, () => 0))).toEqual([50, 100, 200, 400, 500]);
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(policy, n, () => 1))).toEqual([100, 200, 400, 800, 1_000]);
  });

  it('never waits less than 1 ms, whatever the randomness says', () => {
    expect(backoffDelay({ ...DEFAULT_RETRY_POLICY, baseDelayMs: 0 }, 1, () => 0)).toBe(1);
    expect(backoffDelay(DEFAULT_RETRY_POLICY, 1, () => -5)).toBe(250);
  });
});

describe('withRetry', () => {
  it('retries transient failures and resolves with the first success', async () => {
    const { sleep, delays } = recorder();
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls += 1;
        if (calls < 3) throw new Error('busy');
        return 'ok';
      },
      { classify: transient, sleep, random: () => 0 },
    );
    expect(result).toBe('ok');
    expect(delays).toEqual([250, 500]);
  });

  it('gives up after the policy attempts and rethrows the last error unchanged', async () => {
    const { sleep, delays } = recorder();
    const last = new Error('still down');
    await expect(
      withRetry(async () => Promise.reject(last), { classify: transient, sleep, policy: { attempts: 3 } }),
    ).rejects.toBe(last);
    expect(delays).toHaveLength(2);
  });

  it('does not retry a permanent failure', async () => {
    const { sleep, delays } = recorder();
    await expect(
      withRetry(async () => Promise.reject(new Error('403')), { classify: () => ({ retry: false }), sleep }),
    ).rejects.toThrow('403');
    expect(delays).toEqual([]);
  });

  it('waits what Retry-After asks, and fails at once when it asks for more than the ceiling', async () => {
    const { sleep, delays } = recorder();
    let calls = 0;
    await withRetry(
      async () => {
        calls += 1;
        if (calls === 1) throw new Error('429');
      },
      { classify: () => ({ retry: true, afterMs: 2_000 }), sleep },
    );
    expect(delays).toEqual([2_000]);
    const tooLong = { classify: () => ({ retry: true, afterMs: 600_000 }), sleep };
    await expect(withRetry(async () => Promise.reject(new Error('429 for ten minutes')), tooLong)).rejects.toThrow(
      'ten',
    );
    expect(delays).toEqual([2_000]);
  });

  it('reports each retry before waiting', async () => {
    const { sleep } = recorder();
    const seen: number[] = [];
    await expect(
      withRetry(async () => Promise.reject(new Error('x')), {
        classify: transient,
        sleep,
        random: () => 0,
        policy: { attempts: 2 },
        onRetry: (info) => seen.push(info.attempt),
      }),
    ).rejects.toThrow('x');
    expect(seen).toEqual([1]);
  });
});
