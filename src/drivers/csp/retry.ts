// Retry timing for the CSP client: jittered exponential backoff and the Retry-After header (seconds or HTTP date).
// Pure arithmetic over injected randomness and time; it never sleeps or reads the clock itself.

export interface RetryPolicy {
  /** Total attempts per call, the first one included. */
  readonly maxAttempts: number;
  /** Backoff before the first retry; doubles with each further retry. */
  readonly baseDelayMs: number;
  /** Ceiling of one backoff delay. */
  readonly maxDelayMs: number;
  /** A Retry-After longer than this fails the call instead of waiting. */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 300_000,
};

/**
 * Delay before retry number `retry` (1 = the first retry): half of the exponential step is fixed,
 * the other half is random ("equal jitter"), so parallel clients spread out but never retry at once.
 */
export function backoffDelayMs(policy: RetryPolicy, retry: number, random: () => number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  const r = Math.min(1, Math.max(0, random()));
  return Math.round(step / 2 + (step / 2) * r);
}

export { parseRetryAfterMs } from '../../kernel/retry-after.js';
