// Turns GitHub API failures into retry verdicts (rate limits, 5xx, network) and into store errors that say which
// permission is missing. Never attaches the octokit error (it carries the request) and never a secret.
import type { Clock } from '../../kernel/clock.js';
import type { KeywardError } from '../../kernel/errors.js';
import type { RetryVerdict } from '../../kernel/retry.js';
import { parseRetryAfterMs } from '../../kernel/retry-after.js';
import { storeError, type StoreIdentity } from '../store-error.js';
import type { SecretRef } from '../../core/ports/secret-store.js';

/** What a failed GitHub call looked like, read off octokit's RequestError without keeping it. */
export interface GithubFailure {
  readonly status: number | undefined;
  readonly message: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** No HTTP answer at all (connection refused, reset, DNS). */
  readonly network: boolean;
}

export function readFailure(error: unknown): GithubFailure {
  const e = error as {
    status?: unknown;
    message?: unknown;
    response?: { headers?: Record<string, string | undefined>; data?: unknown };
  };
  const status = typeof e.status === 'number' ? e.status : undefined;
  const data = e.response?.data as { message?: unknown } | undefined;
  const message =
    typeof data?.message === 'string' ? data.message : typeof e.message === 'string' ? e.message : String(error);
  return { status, message, headers: e.response?.headers ?? {}, network: e.response === undefined };
}

/** A 403 that is a rate limit, not a refusal: GitHub's secondary limits, or an exhausted primary quota. */
function isRateLimited403(failure: GithubFailure): boolean {
  return (
    /rate limit/i.test(failure.message) ||
    failure.headers['retry-after'] !== undefined ||
    failure.headers['x-ratelimit-remaining'] === '0'
  );
}

/** How long GitHub asked us to wait: retry-after, else x-ratelimit-reset (epoch seconds), else undefined. */
function askedWaitMs(failure: GithubFailure, clock: Clock): number | undefined {
  const retryAfter = parseRetryAfterMs(failure.headers['retry-after'], clock.now()) ?? undefined;
  if (retryAfter !== undefined) return retryAfter;
  const reset = failure.headers['x-ratelimit-reset'];
  if (reset !== undefined && /^\d+$/.test(reset)) return Math.max(0, Number(reset) * 1000 - clock.now().getTime());
  return undefined;
}

export function classifyGithubError(error: unknown, clock: Clock): RetryVerdict {
  const failure = readFailure(error);
  const status = failure.status;
  if (failure.network || (status !== undefined && status >= 500)) return { retry: true };
  if (status === 429 || (status === 403 && isRateLimited403(failure))) {
    // A secondary limit without a hint: GitHub asks clients to wait at least a minute.
    const afterMs = askedWaitMs(failure, clock) ?? (status === 403 ? 60_000 : undefined);
    return afterMs === undefined ? { retry: true } : { retry: true, afterMs };
  }
  return { retry: false };
}

/** What the failed call needed, for the permission message. */
export type Need = 'secrets-read' | 'secrets-write' | 'variables-read' | 'variables-write' | 'metadata-read';

const PERMISSION: Record<Need, string> = {
  'secrets-read': '"Secrets: read" (and "Secrets: write" to deliver)',
  'secrets-write': '"Secrets: write"',
  'variables-read': '"Variables: read" (and "Variables: write" to deliver)',
  'variables-write': '"Variables: write"',
  'metadata-read': '"Metadata: read" on the selected repositories',
};

/** The store error for a failed call `doing` (e.g. "writing the secret to repository acme/payments"). */
export function githubStoreError(
  store: StoreIdentity,
  ref: SecretRef,
  doing: string,
  need: Need,
  error: unknown,
  credential: string,
): KeywardError {
  const failure = readFailure(error);
  const details = { status: failure.status ?? null };
  const answer =
    failure.status === undefined
      ? `no answer from GitHub (${failure.message})`
      : `GitHub answered ${failure.status} ${failure.message}`;
  if (failure.status === 401) {
    return storeError(
      store,
      ref,
      'store.github.unauthorized',
      `${doing}: ${answer}: the ${credential} credential is invalid or expired; keyward needs a fine-grained token or GitHub App with the permission ${PERMISSION[need]}`,
      { source: 'user', details },
    );
  }
  if (failure.status === 403 && !isRateLimited403(failure)) {
    const accepted = failure.headers['x-accepted-github-permissions'];
    const says = accepted ? ` (GitHub accepts: ${accepted})` : '';
    const hint =
      credential === 'GITHUB_TOKEN'
        ? '; the default GITHUB_TOKEN of a workflow cannot write secrets, use a fine-grained token or a GitHub App'
        : '';
    return storeError(
      store,
      ref,
      'store.github.forbidden',
      `${doing}: ${answer}: missing permission ${PERMISSION[need]}${says} for the ${credential} credential${hint}`,
      { source: 'user', details },
    );
  }
  return storeError(store, ref, 'store.github.request', `${doing}: ${answer}`, { details });
}
