// The one retry loop of keyward: exponential backoff with equal jitter, Retry-After honoured up to a ceiling.
// Transports (key-API client, secret stores) retry transient failures with it; nothing retries around a retry.

/** Waits `ms` milliseconds. Injected so tests record delays instead of sleeping. */
export type Sleep = (ms: number) => Promise<void>;

/** The real sleep, for production wiring only. */
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RetryPolicy {
  /** Total attempts per operation, the first one included. */
  readonly attempts: number;
  /** Backoff step before the first retry; doubles with each further retry. */
  readonly baseDelayMs: number;
  /** Ceiling of one backoff step. */
  readonly maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the failure is returned to the caller at once. */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  attempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 300_000,
};

/** What to do about one failure: give up, or retry (after `afterMs` when the server said so, e.g. Retry-After). */
export type RetryVerdict = { readonly retry: false } | { readonly retry: true; readonly afterMs?: number };

interface RetryInfo {
  /** The attempt that just failed, 1-based. */
  readonly attempt: number;
  /** How long the loop waits before the next attempt. */
  readonly delayMs: number;
  readonly error: unknown;
}

export interface RetryOptions {
  /** Decides whether a thrown value is transient. */
  readonly classify: (error: unknown) => RetryVerdict;
  readonly policy?: Partial<RetryPolicy>;
  readonly sleep?: Sleep;
  /** Jitter source in [0, 1); default Math.random. */
  readonly random?: () => number;
  /** Called before each wait, e.g. to emit a retry event. */
  readonly onRetry?: (info: RetryInfo) => void;
}

/**
 * Delay before retry number `retry` (1 = the first retry): half of the exponential step is fixed and the other half
 * random ("equal jitter"), so parallel clients spread out yet never retry at once.
 */
export function backoffDelay(policy: RetryPolicy, retry: number, random: () => number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  const r = Math.min(1, Math.max(0, random()));
  return Math.max(1, Math.round(step / 2 + (step / 2) * r));
}

/**
 * Runs `operation` until it succeeds, the classifier calls the failure permanent, attempts run out, or the server
 * asks for a wait longer than `maxRetryAfterMs`; then rethrows the last error unchanged (callers add context).
 */
export async function withRetry<T>(operation: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
  const attempts = Math.max(1, policy.attempts);
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation(attempt);
    } catch (error) {
      const verdict = options.classify(error);
      if (!verdict.retry || attempt >= attempts) throw error;
      if (verdict.afterMs !== undefined && verdict.afterMs > policy.maxRetryAfterMs) throw error;
      const delayMs = verdict.afterMs ?? backoffDelay(policy, attempt, random);
      options.onRetry?.({ attempt, delayMs, error });
      await sleep(delayMs);
    }
  }
}
