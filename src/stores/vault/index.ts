// The vault secret store (KV v2 with check-and-set, key ID in custom_metadata) as other modules see it.
// Re-exports only.
export { createVaultStore } from './factory.js';
export { parseVaultConfig, secretPath } from './config.js';
