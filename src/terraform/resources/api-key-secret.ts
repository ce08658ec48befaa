// The secret_store a keyward_api_key names: opening it for the core delivery engine, and clean-up on destroy.
// Never reads a secret: delivery is the core's deliver(); here only describe and delete.
import type { SecretRef, SecretStore, StoreConfig } from '../../core/ports/secret-store.js';
import { obj, str, type TfObject, type TfValue } from '../values/value.js';
import type { ProviderContext } from './types.js';

/** The store name keyward gives the one store a keyward_api_key declares. */
const STORE_NAME = 'secret_store';

/** The block's non-null fields except `name` (the secret's name), as a store registry config. */
export function storeConfigOf(block: TfObject): StoreConfig {
  const fields: Record<string, TfValue> = {};
  for (const [key, value] of Object.entries(block)) {
    if (key !== 'name' && value !== null) fields[key] = value;
  }
  return { ...fields, type: str(block, 'type') ?? '' };
}

export interface SecretTarget {
  readonly store: SecretStore;
  readonly ref: SecretRef;
}

/** Opens the store of a resource's secret_store block, or null when the resource has none. */
export async function secretTarget(state: TfObject | null, ctx: ProviderContext): Promise<SecretTarget | null> {
  const block = obj(state, 'secret_store');
  if (!block) return null;
  const store = await ctx.openStore(STORE_NAME, storeConfigOf(block), ctx.storeContext);
  return { store, ref: { store: STORE_NAME, name: str(block, 'name') ?? '' } };
}

/** Removes the stored secret only when it still belongs to `keyId` (a successor's secret stays). */
export async function removeSecretOf(target: SecretTarget, keyId: string): Promise<void> {
  const stored = await target.store.describe(target.ref);
  if (stored.state === 'holds' && stored.keyId === keyId) await target.store.delete(target.ref);
}
