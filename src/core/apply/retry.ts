// Writing a secret to one store with verification and backoff: write, describe, compare key IDs, retry.
// The secret goes only to store.write; events and errors name the store, the ref and key IDs, never the value.
import { KeywardError, wrapError } from '../../kernel/errors.js';
import type { EventSink } from '../../kernel/events.js';
import type { Secret } from '../../kernel/secret.js';
import type { SecretMeta, SecretRef, SecretStore } from '../ports/secret-store.js';
import type { RetryPolicy } from './types.js';

const defaultRetry: Omit<RetryPolicy, 'sleep'> = { attempts: 5, baseDelayMs: 500, maxDelayMs: 10_000 };

export function resolveRetry(partial: Partial<RetryPolicy> | undefined): RetryPolicy {
  const sleep = partial?.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  return { ...defaultRetry, ...partial, sleep };
}

export function backoffDelay(policy: RetryPolicy, attempt: number): number {
  const raw = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return policy.random ? Math.round(raw * (0.5 + policy.random() / 2)) : raw;
}

async function writeOnce(store: SecretStore, ref: SecretRef, secret: Secret, meta: SecretMeta): Promise<void> {
  await store.write(ref, secret, meta);
  const seen = await store.describe(ref);
  if (seen.state !== 'holds' || seen.keyId !== meta.keyId) {
    const held =
      seen.state === 'holds'
        ? `key ${seen.keyId}`
        : seen.state === 'uncertain'
          ? `an unconfirmed write (may hold ${seen.candidates.join(' or ') || 'an unknown key'})`
          : 'nothing';
    throw new KeywardError(
      'apply.store-verify-failed',
      `store ${ref.store} describes ${held} for ${ref.name} after writing key ${meta.keyId}`,
    );
  }
}

/**
 * Writes and verifies, retrying system errors with backoff; resolves when the store describes meta.keyId, throws after
 * the last attempt.
 */
export async function writeVerified(
  store: SecretStore,
  ref: SecretRef,
  secret: Secret,
  meta: SecretMeta,
  policy: RetryPolicy,
  sink: EventSink,
): Promise<void> {
  const attempts = Math.max(1, policy.attempts);
  for (let attempt = 1; ; attempt += 1) {
    try {
      await writeOnce(store, ref, secret, meta);
      sink({
        code: 'store.write.verified',
        level: 'info',
        message: `secret ${ref.store}/${ref.name} holds key ${meta.keyId}`,
        data: { step: 'store-confirmed', store: ref.store, name: ref.name, keyId: meta.keyId, attempt },
      });
      return;
    } catch (err) {
      const error = wrapError(`writing secret ${ref.store}/${ref.name} for key ${meta.keyId}`, err);
      // A user error (missing permission, bad configuration) will not heal by waiting: give up at once.
      if (attempt >= attempts || error.source === 'user') {
        sink({
          code: 'store.write.failed',
          level: 'error',
          message: `${error.message} (attempt ${attempt} of ${attempts}, giving up)`,
          data: { step: 'store-failed', store: ref.store, name: ref.name, keyId: meta.keyId, attempts: attempt },
        });
        throw new KeywardError(error.code, `${error.message} (after ${attempt} attempt${attempt === 1 ? '' : 's'})`, {
          source: error.source,
          cause: err,
          details: error.details,
        });
      }
      const delayMs = backoffDelay(policy, attempt);
      sink({
        code: 'store.write.retry',
        level: 'warn',
        message: `${error.message}; retrying in ${delayMs} ms (attempt ${attempt} of ${attempts})`,
        data: { step: 'store-retry', store: ref.store, name: ref.name, keyId: meta.keyId, attempt, delayMs },
      });
      await policy.sleep(delayMs);
    }
  }
}
