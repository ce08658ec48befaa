// The vault store's factory, as the registry calls it: manifest config → KV v2 location, environment → token.
// The token comes from VAULT_TOKEN only (never the manifest) and is read on the first call that needs it.
import { systemClock } from '../../kernel/clock.js';
import { userError } from '../../kernel/errors.js';
import { realSleep } from '../../kernel/retry.js';
import type { StoreFactory } from '../../core/ports/secret-store.js';
import { parseVaultConfig } from './config.js';
import { VaultClient } from './vault-client.js';
import { VaultStore } from './vault-store.js';

export const createVaultStore: StoreFactory = (name, config, context) => {
  const parsed = parseVaultConfig(name, config, context.env);
  return new VaultStore(name, parsed, {
    client: () => {
      const token = context.env['VAULT_TOKEN'];
      if (!token)
        throw userError(
          'store.vault.credentials',
          'no Vault token: set VAULT_TOKEN to a token whose policy grants the capabilities listed in docs/stores.md',
        );
      return new VaultClient({ address: parsed.address, token, namespace: parsed.namespace });
    },
    clock: context.clock ?? systemClock,
    sleep: context.sleep ?? realSleep,
    ...(context.events ? { events: context.events } : {}),
  });
};
