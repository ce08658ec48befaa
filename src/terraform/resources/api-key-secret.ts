// The secret_store a keyward_api_key names: opening it for the core delivery engine, and clean-up on destroy.
// Never reads a secret: delivery is the core's deliver(); here only the store's own option checks, describe and delete.
import type { SecretRef, SecretStore, StoreConfig } from '../../core/ports/secret-store.js';
import { isKeywardError } from '../../kernel/errors.js';
import { errorDiag, type Diagnostic } from '../diagnostics.js';
import { isWhollyKnown, obj, str, type TfObject, type TfValue } from '../values/value.js';
import type { ProviderContext, ValidateContext } from './types.js';

/** The store name keyward gives the one store a keyward_api_key declares. */
const STORE_NAME = 'secret_store';

/** The block's non-null fields except `name` (the secret's name), as a store registry config. */
function storeConfigOf(block: TfObject): StoreConfig {
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

/** `stores.secret_store.describe` in a store's own message, as the block's attribute path (secret_store.describe). */
function storeProblem(err: unknown): Diagnostic {
  const prefix = `stores.${STORE_NAME}`;
  const message = (err instanceof Error ? err.message : String(err)).split(prefix).join('secret_store');
  const path = isKeywardError(err) ? err.details['path'] : undefined;
  const field = typeof path === 'string' ? /^stores\.[^.]+\.([A-Za-z_]+)/.exec(path)?.[1] : undefined;
  return errorDiag('Invalid secret_store', message, field ? ['secret_store', field] : ['secret_store']);
}

/**
 * The block checked by its store type's own factory (unknown fields, missing required ones, bad values), so a problem
 * shows at validate or plan, never first at apply. A block with values known only after apply is checked at plan.
 */
export async function secretStoreDiagnostics(block: TfObject | null, checks: ValidateContext): Promise<Diagnostic[]> {
  if (!block || !isWhollyKnown(block)) return [];
  const diagnostics: Diagnostic[] = [];
  if (typeof block['name'] === 'string' && block['name'].trim() === '') {
    diagnostics.push(
      errorDiag('Invalid secret_store', 'secret_store.name must not be empty.', ['secret_store', 'name']),
    );
  }
  try {
    await checks.openStore(STORE_NAME, storeConfigOf(block), checks.storeContext);
  } catch (err) {
    diagnostics.push(storeProblem(err));
  }
  return diagnostics;
}
