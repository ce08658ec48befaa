// The vault secret store (KV v2 with check-and-set, key ID in custom_metadata) as other modules see it.
// Re-exports only.
export { createVaultStore } from './factory.js';
export { VaultStore, KEY_ID_METADATA, type VaultStoreDeps } from './vault-store.js';
export { parseVaultConfig, secretPath, secretNameProblem, type VaultConfig } from './config.js';
export { VaultClient, VaultHttpError, type VaultClientOptions, type VaultAnswer } from './vault-client.js';
export { policyFor } from './errors.js';
