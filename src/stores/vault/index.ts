// The vault secret store (KV v2 with check-and-set, key ID in custom_metadata) as other modules see it.
// Re-exports only.
export { createVaultStore } from './factory.js';
export { VaultStore, type VaultStoreDeps } from './vault-store.js';
export { KEY_ID_METADATA } from './key-record.js';
export { parseVaultConfig, secretPath, secretNameProblem, type VaultConfig } from './config.js';
export { VaultClient, VaultHttpError, type VaultClientOptions, type VaultAnswer } from './vault-client.js';
export { policyFor } from './errors.js';
