// The Vault KV v2 fake's public face. Re-exports only.
export { startVaultFake, type VaultFake, type VaultFakeOptions } from './server.js';
export { KvMount } from './kv-state.js';
