// Vault failures as retry verdicts (429 rate-limit quotas, 5xx, sealed or standby, network) and as store errors
// that name the policy capabilities a 403 lacks. Never carries the request body, the token or a secret.
import type { Clock } from '../../kernel/clock.js';
import type { KeywardError } from '../../kernel/errors.js';
import type { RetryVerdict } from '../../kernel/retry.js';
import { parseRetryAfterMs } from '../../kernel/retry-after.js';
import { storeError, type StoreIdentity } from '../store-error.js';
import type { SecretRef } from '../../core/ports/secret-store.js';
import { VaultHttpError } from './vault-client.js';

export function classifyVaultError(error: unknown, clock: Clock): RetryVerdict {
  if (!(error instanceof VaultHttpError)) return { retry: false };
  if (error.status === undefined) return { retry: true };
  if (error.status === 429 || error.status === 412 || (error.status >= 500 && error.status !== 501)) {
    const afterMs = parseRetryAfterMs(error.headers['retry-after'], clock.now()) ?? undefined;
    return afterMs === undefined ? { retry: true } : { retry: true, afterMs };
  }
  return { retry: false };
}

/** The policy a keyward token needs on one secret path, as HCL, for messages and docs. */
export function policyFor(mount: string, path: string): string {
  return `path "${mount}/data/${path}" { capabilities = ["create", "update"] }  path "${mount}/metadata/${path}" { capabilities = ["create", "read", "update", "delete"] }`;
}

export function vaultStoreError(
  store: StoreIdentity,
  ref: SecretRef,
  doing: string,
  error: unknown,
  policy: string,
): KeywardError {
  if (!(error instanceof VaultHttpError)) {
    return storeError(
      store,
      ref,
      'store.vault.request',
      `${doing}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const details = { status: error.status ?? null };
  if (error.status === 403) {
    return storeError(
      store,
      ref,
      'store.vault.forbidden',
      `${doing}: ${error.message}: the token in VAULT_TOKEN lacks permission (or is invalid or expired); it needs a policy like: ${policy}`,
      { source: 'user', details },
    );
  }
  if (error.status === 404) {
    return storeError(
      store,
      ref,
      'store.vault.mount-not-found',
      `${doing}: ${error.message}: is a KV version 2 engine mounted there (check mount and namespace)?`,
      { source: 'user', details },
    );
  }
  return storeError(store, ref, 'store.vault.request', `${doing}: ${error.message}`, { details });
}
