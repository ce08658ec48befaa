// The Vault KV v2 fake's public face. Re-exports only.
export {
  startVaultFake,
  ALL_CAPABILITIES,
  type Capability,
  type VaultFake,
  type VaultFakeOptions,
  type VaultFailure,
  type VaultRequest,
} from './server.js';
export { KvMount, type KvEntry, type KvVersion } from './kv-state.js';
