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
