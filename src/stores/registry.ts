// The explicit registry of secret-store types: one line per folder under src/stores/ (a test checks they match).
// Lookup of an unknown type is a user error listing the valid types; it never guesses a type.
import { userError } from '../kernel/errors.js';
import { createExecStore } from './exec/index.js';
import { createFileStore } from './file/index.js';
import { createGithubStore } from './github/index.js';
import type { SecretStore, StoreConfig, StoreContext, StoreFactory } from '../core/ports/secret-store.js';
import { createVaultStore } from './vault/index.js';

/** Every store type keyward knows, by the `type` a manifest writes. Keep sorted; one line per store folder. */
export const storeFactories: ReadonlyMap<string, StoreFactory> = new Map<string, StoreFactory>([
  ['exec', createExecStore],
  ['file', createFileStore],
  ['github', createGithubStore],
  ['vault', createVaultStore],
]);

/** An environment variable a store type reads; `credential` marks the secret ones (never in a manifest). */
export interface StoreVariable {
  readonly name: string;
  readonly credential: boolean;
  readonly purpose: string;
}

/**
 * The environment variables each store type reads, for `keyward --help` and docs (a test checks every variable a
 * store folder reads is listed here, and nothing else). The exec store's command inherits the environment instead.
 */
export const storeVariables: ReadonlyMap<string, readonly StoreVariable[]> = new Map<string, readonly StoreVariable[]>([
  ['exec', []],
  [
    'file',
    [{ name: 'KEYWARD_AGE_IDENTITY', credential: true, purpose: 'age identity (a path or the key) to decrypt' }],
  ],
  [
    'github',
    [
      { name: 'GITHUB_TOKEN', credential: true, purpose: 'token allowed to write Actions secrets' },
      { name: 'KEYWARD_GITHUB_APP_ID', credential: false, purpose: 'GitHub App ID (instead of GITHUB_TOKEN)' },
      { name: 'KEYWARD_GITHUB_APP_PRIVATE_KEY', credential: true, purpose: 'GitHub App private key (PEM)' },
      { name: 'KEYWARD_GITHUB_APP_INSTALLATION_ID', credential: false, purpose: 'GitHub App installation ID' },
      { name: 'GITHUB_API_URL', credential: false, purpose: 'API base URL (GitHub Enterprise Server)' },
    ],
  ],
  [
    'vault',
    [
      { name: 'VAULT_TOKEN', credential: true, purpose: 'Vault or OpenBao token' },
      { name: 'VAULT_ADDR', credential: false, purpose: 'server address when the manifest sets none' },
      { name: 'VAULT_NAMESPACE', credential: false, purpose: 'namespace when the manifest sets none' },
    ],
  ],
]);

/** The valid store types, sorted, for error messages and docs. */
export function storeTypes(factories: ReadonlyMap<string, StoreFactory> = storeFactories): string[] {
  return [...factories.keys()].sort();
}

/** Builds the store a manifest declared as `stores.<name>`; unknown or missing `type` is a user error. */
export function createStore(
  name: string,
  config: StoreConfig,
  context: StoreContext,
  factories: ReadonlyMap<string, StoreFactory> = storeFactories,
): SecretStore {
  const type: unknown = config.type;
  const factory = typeof type === 'string' ? factories.get(type) : undefined;
  if (factory === undefined) {
    const shown = typeof type === 'string' ? `unknown type "${type}"` : 'missing "type"';
    throw userError(
      'store.unknown-type',
      `store "${name}" (stores.${name}.type): ${shown}; valid types: ${storeTypes(factories).join(', ')}`,
      {
        details: { store: name, path: `stores.${name}.type`, validTypes: storeTypes(factories) },
      },
    );
  }
  return factory(name, config, context);
}
