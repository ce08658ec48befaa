// Injected failures for the GitHub fake: secondary rate limits (403), 429s and server errors, with the
// retry-after or x-ratelimit-reset headers GitHub sends. An injection not used by the end of a test is a failure.
import type { Clock } from '../../../src/kernel/clock.js';
import type { Reply } from './routes.js';

export interface InjectedFailure {
  /** 403 answers as a secondary rate limit (or a refusal, see `refuse`); 429 as a rate limit; 5xx as a server error. */
  readonly status: 401 | 403 | 429 | 500 | 502 | 503;
  /** A 403 that refuses for lack of permission instead of rate limiting. */
  readonly refuse?: boolean;
  readonly method?: string;
  /** Only requests whose path contains this (or matches it). */
  readonly path?: string | RegExp;
  /** Seconds, sent as `retry-after`. */
  readonly retryAfter?: number;
  /** Seconds from the fake clock's now, sent as `x-ratelimit-reset` (epoch seconds) with `x-ratelimit-remaining: 0`. */
  readonly resetIn?: number;
  /** How many matching requests fail; default 1. */
  readonly times?: number;
}

export interface PendingInjection {
  readonly failure: InjectedFailure;
  remaining: number;
}

export function takeInjection(pending: PendingInjection[], method: string, path: string): InjectedFailure | undefined {
  const found = pending.find((p) => {
    if (p.remaining <= 0) return false;
    if (p.failure.method && p.failure.method.toUpperCase() !== method) return false;
    const filter = p.failure.path;
    if (filter === undefined) return true;
    return typeof filter === 'string' ? path.includes(filter) : filter.test(path);
  });
  if (!found) return undefined;
  found.remaining -= 1;
  return found.failure;
}

export function failureReply(failure: InjectedFailure): Reply {
  const message =
    failure.status === 401
      ? 'Bad credentials'
      : failure.status === 403 && failure.refuse
        ? 'Resource not accessible by integration'
        : failure.status === 403
          ? 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.'
          : failure.status === 429
            ? 'API rate limit exceeded'
            : 'Server Error';
  return {
    status: failure.status,
    body: { message, documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api' },
  };
}

export function failureHeaders(failure: InjectedFailure, clock: Clock): Record<string, string> {
  const headers: Record<string, string> = {};
  if (failure.retryAfter !== undefined) headers['retry-after'] = String(failure.retryAfter);
  if (failure.resetIn !== undefined) {
    headers['x-ratelimit-remaining'] = '0';
    headers['x-ratelimit-reset'] = String(Math.floor(clock.now().getTime() / 1000) + failure.resetIn);
  }
  return headers;
}
