// Shared retry with jittered exponential backoff for secret stores: transient failures (429, 5xx, network,
// exec exit 75) are retried, Retry-After is honoured; it never retries what the classifier calls permanent.
import type { Clock } from '../kernel/clock.js';
import { parseRetryAfterMs } from '../kernel/retry-after.js';

/** Waits `ms` milliseconds. Injected so tests record delays instead of sleeping. */
export type Sleep = (ms: number) => Promise<void>;

/** The real sleep, for production wiring only. */
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** What to do about one failure: give up, or retry (after `afterMs` when the backend said so, e.g. Retry-After). */
export type RetryVerdict = { readonly retry: false } | { readonly retry: true; readonly afterMs?: number };

export interface RetryInfo {
  /** The attempt that just failed, 1-based. */
  readonly attempt: number;
  readonly delayMs: number;
  readonly error: unknown;
}

export interface RetryOptions {
  /** Decides whether a thrown value is transient. */
  readonly classify: (error: unknown) => RetryVerdict;
  /** Total attempts including the first; default 5. */
  readonly attempts?: number;
  /** First backoff ceiling in ms; doubles each attempt; default 500. */
  readonly baseDelayMs?: number;
  /** Largest jittered backoff in ms; default 30,000. */
  readonly maxDelayMs?: number;
  /** A Retry-After longer than this is not waited for: the error is thrown instead; default 300,000. */
  readonly maxRetryAfterMs?: number;
  readonly sleep?: Sleep;
  /** Jitter source in [0, 1); default Math.random. */
  readonly random?: () => number;
  /** Called before each wait, e.g. to emit a `store.write.retry` event. */
  readonly onRetry?: (info: RetryInfo) => void;
}

export const DEFAULT_RETRY = {
  attempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 300_000,
} as const;

/** "Full jitter" backoff: a random delay in [0, min(max, base * 2^(attempt-1))], never below 1 ms. */
export function backoffDelay(attempt: number, baseDelayMs: number, maxDelayMs: number, random: () => number): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.max(1, Math.floor(random() * ceiling));
}

/**
 * Parses an HTTP Retry-After value (delay-seconds or an HTTP-date) into milliseconds from `clock.now()`.
 * Returns undefined when the header is absent or unreadable; a date in the past means 0.
 */
export function parseRetryAfter(value: string | null | undefined, clock: Clock): number | undefined {
  return parseRetryAfterMs(value, clock.now()) ?? undefined;
}

/**
 * Runs `operation` until it succeeds, the classifier says the failure is permanent, or attempts run out;
 * then rethrows the last error unchanged (callers wrap it with store and ref context).
 */
export async function withRetry<T>(operation: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const attempts = Math.max(1, options.attempts ?? DEFAULT_RETRY.attempts);
  const baseDelayMs = options.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs;
  const maxDelayMs = options.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? DEFAULT_RETRY.maxRetryAfterMs;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation(attempt);
    } catch (error) {
      const verdict = options.classify(error);
      if (!verdict.retry || attempt >= attempts) throw error;
      if (verdict.afterMs !== undefined && verdict.afterMs > maxRetryAfterMs) throw error;
      const delayMs = verdict.afterMs ?? backoffDelay(attempt, baseDelayMs, maxDelayMs, random);
      options.onRetry?.({ attempt, delayMs, error });
      await sleep(delayMs);
    }
  }
}

/** A sleep for tests: resolves at once and records every requested delay. */
export function recordingSleep(): { sleep: Sleep; delays: number[] } {
  const delays: number[] = [];
  return { sleep: async (ms) => void delays.push(ms), delays };
}
