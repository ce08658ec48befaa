// Limits failed authentication per source: after `maxFailures` in a window, the source's attempts that are not
// already known valid answer 429 until the window ends. Never consulted for a cached valid key (the verify hot path).
import type { Clock } from '../../kernel/clock.js';
import { type KeywardError, userError } from '../../kernel/errors.js';

export interface AuthFailureLimit {
  /** Failures a source may have in one window before it is refused (default 20). */
  readonly maxFailures: number;
  /** The window, in milliseconds (default 60 000); a refused source may try again when its window ends. */
  readonly windowMs: number;
}

export const DEFAULT_AUTH_FAILURE_LIMIT: AuthFailureLimit = { maxFailures: 20, windowMs: 60_000 };

/** Sources remembered at most; past it, the oldest 1% are forgotten (in insertion order, so no scan). */
const MAX_SOURCES = 100_000;

/** Refusals kept at most (one per whole second of wait); past it they are made afresh. */
const MAX_REFUSALS = 1000;

export class AuthFailureLimiter {
  readonly #windows = new Map<string, { start: number; failures: number }>();
  readonly #refusals = new Map<number, KeywardError>();
  constructor(
    private readonly limit: AuthFailureLimit,
    private readonly clock: Clock,
  ) {}

  /** Counts one failure of `source`. */
  fail(source: string): void {
    const now = this.clock.now().getTime();
    const window = this.#windows.get(source);
    if (window !== undefined && now - window.start < this.limit.windowMs) {
      window.failures++;
      return;
    }
    if (this.#windows.size >= MAX_SOURCES) this.#forgetOldest();
    this.#windows.set(source, { start: now, failures: 1 });
  }

  /** Milliseconds until `source` may try again; 0 when it may now. */
  blockedFor(source: string): number {
    if (this.#windows.size === 0) return 0;
    const window = this.#windows.get(source);
    if (window === undefined || window.failures < this.limit.maxFailures) return 0;
    return Math.max(0, window.start + this.limit.windowMs - this.clock.now().getTime());
  }

  /**
   * The 429 for a source refused for `ms` more: one error per whole second of wait, made once and thrown again. A
   * refused flood must stay cheap, and making an Error takes a stack trace (a tenth of a refusal's time, profiled).
   */
  refusal(ms: number): KeywardError {
    const seconds = Math.max(1, Math.ceil(ms / 1000));
    const made = this.#refusals.get(seconds);
    if (made !== undefined) return made;
    const refusal = tooManyFailures(ms);
    if (this.#refusals.size < MAX_REFUSALS) this.#refusals.set(seconds, refusal);
    return refusal;
  }

  #forgetOldest(): void {
    let n = MAX_SOURCES / 100;
    for (const source of this.#windows.keys()) {
      if (n-- <= 0) break;
      this.#windows.delete(source);
    }
  }
}

/** The 429 for a refused source; the HTTP layer turns `retryAfterSeconds` into a Retry-After header. */
export function tooManyFailures(ms: number): KeywardError {
  const retryAfterSeconds = Math.max(1, Math.ceil(ms / 1000));
  return userError(
    'too_many_requests',
    `too many failed authentication attempts from this address; try again in ${retryAfterSeconds} s`,
    {
      details: { retryAfterSeconds },
    },
  );
}

/** Checks a limit from options: whole numbers, at least one failure and one second. */
export function checkAuthFailureLimit(limit: AuthFailureLimit): AuthFailureLimit {
  if (!Number.isInteger(limit.maxFailures) || limit.maxFailures < 1) {
    throw userError(
      'cli.bad-option',
      `the failed-authentication limit must allow at least 1 failure, got ${limit.maxFailures}`,
    );
  }
  if (!Number.isInteger(limit.windowMs) || limit.windowMs < 1000) {
    throw userError(
      'cli.bad-option',
      `the failed-authentication window must be at least 1000 ms, got ${limit.windowMs}`,
    );
  }
  return limit;
}

/** `<failures>/<seconds>` (e.g. `20/60`) from KEYWARD_AUTH_FAILURE_LIMIT; undefined or empty means the default. */
export function parseAuthFailureLimit(text: string | undefined): AuthFailureLimit | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const m = /^\s*(\d{1,9})\s*\/\s*(\d{1,7})\s*s?\s*$/.exec(text);
  if (m === null) {
    throw userError(
      'cli.bad-option',
      'KEYWARD_AUTH_FAILURE_LIMIT must be <failures>/<seconds>, e.g. 20/60 (20 failures per 60 s)',
    );
  }
  return checkAuthFailureLimit({ maxFailures: Number(m[1]), windowMs: Number(m[2]) * 1000 });
}
