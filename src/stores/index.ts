// The secret stores as the rest of keyward sees them: the contract, the registry and shared helpers.
// Re-exports only; each store type's own surface lives in its folder's index.ts.
export type {
  SecretMeta,
  SecretRef,
  SecretStore,
  StoreConfig,
  StoreContext,
  StoreFactory,
  StoredSecret,
} from '../core/ports/secret-store.js';
export { createStore, storeFactories, storeTypes } from './registry.js';
export { redact, storeConfigError, storeError, type StoreIdentity } from './store-error.js';
export {
  createFileStore,
  formatIdentityFile,
  generateAgeIdentity,
  IDENTITY_ENV,
  type GeneratedIdentity,
} from './file/index.js';
export { createExecStore, EXIT_PERMISSION, EXIT_TRANSIENT } from './exec/index.js';
