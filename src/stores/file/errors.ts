// How the file store's failures read: its own errors (corrupt file, missing identity, lock) keep their code; any
// other (disk full, permissions) becomes store.file.io. Never carries a secret or the decrypted document.
import { isKeywardError, type KeywardError } from '../../kernel/errors.js';
import type { SecretRef } from '../../core/ports/secret-store.js';
import { messageOf, storeError, type StoreIdentity } from '../store-error.js';

/** `what` says what was being done to which file ("writing /path/secrets.age"). */
export function fileStoreError(store: StoreIdentity, ref: SecretRef, what: string, error: unknown): KeywardError {
  const problem = `${what}: ${messageOf(error)}`;
  if (isKeywardError(error))
    return storeError(store, ref, error.code, problem, { source: error.source, cause: error, details: error.details });
  return storeError(store, ref, 'store.file.io', problem, { cause: error });
}
