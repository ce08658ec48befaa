// Writing a secret to one store and verifying it: write, describe, compare key IDs — once. Transient failures are
// retried inside each store's transport (kernel/retry.ts); the engine never stacks its own retries on top.
// The secret goes only to store.write; events and errors name the store, the ref and key IDs, never the value.
import { KeywardError, wrapError } from '../../kernel/errors.js';
import type { EventSink } from '../../kernel/events.js';
import type { Secret } from '../../kernel/secret.js';
import type { SecretMeta, SecretRef, SecretStore } from '../ports/secret-store.js';

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
 * Writes and verifies; resolves when the store describes meta.keyId. A failure (after the store's own retries) is
 * final for this apply: the caller rolls the key back or keeps it for the next plan's repair.
 */
export async function writeVerified(
  store: SecretStore,
  ref: SecretRef,
  secret: Secret,
  meta: SecretMeta,
  sink: EventSink,
): Promise<void> {
  try {
    await writeOnce(store, ref, secret, meta);
  } catch (err) {
    const error = wrapError(`writing secret ${ref.store}/${ref.name} for key ${meta.keyId}`, err);
    sink({
      code: 'store.write.failed',
      level: 'error',
      message: error.message,
      data: { step: 'store-failed', store: ref.store, name: ref.name, keyId: meta.keyId },
    });
    throw error;
  }
  sink({
    code: 'store.write.verified',
    level: 'info',
    message: `secret ${ref.store}/${ref.name} holds key ${meta.keyId}`,
    data: { step: 'store-confirmed', store: ref.store, name: ref.name, keyId: meta.keyId },
  });
}
