// Applying keyward_api_key changes: create (see api-key-create.ts), enable/disable, delete — through the core engine.
// The secret exists only inside the core's deliver(); state and diagnostics carry key IDs and names only.
import { diagnosticFromError } from '../diagnostics.js';
import { str, type TfObject } from '../values/value.js';
import { createApiKey } from './api-key-create.js';
import { removeSecretOf, secretTarget } from './api-key-secret.js';
import { deleteKey } from './core-engine.js';
import type { ApplyInput, ProviderContext, StateOutput } from './types.js';

async function update(prior: TfObject, planned: TfObject, ctx: ProviderContext): Promise<StateOutput> {
  const id = str(prior, 'id') ?? '';
  const desired = str(planned, 'state');
  if ((desired === 'enabled' || desired === 'disabled') && desired !== str(prior, 'state')) {
    await ctx.remote.driver.setKeyState(id, desired);
  }
  return { state: planned, diagnostics: [] };
}

/** Deletes the key (disabled first when enabled), then its secret — only when the store still holds this key. */
async function destroy(prior: TfObject, ctx: ProviderContext): Promise<StateOutput> {
  const id = str(prior, 'id');
  if (!id) return { state: null, diagnostics: [] };
  const target = await secretTarget(prior, ctx);
  const key = await ctx.remote.keyById(id);
  if (key)
    await deleteKey(ctx, str(prior, 'service_user') ?? '', key, 'terraform destroys this keyward_api_key', target);
  // Also when the key was gone already (deleted by hand, or by a resumed create): its stale entry goes.
  if (target) await removeSecretOf(target, id);
  return { state: null, diagnostics: [] };
}

export async function applyApiKey(input: ApplyInput, ctx: ProviderContext): Promise<StateOutput> {
  const { prior, planned } = input;
  const label = str(planned ?? prior, 'remote_name') ?? str(planned ?? prior, 'name') ?? '';
  const owner = str(planned ?? prior, 'service_user') ?? '';
  try {
    if (!planned) return prior ? await destroy(prior, ctx) : { state: null, diagnostics: [] };
    if (!prior) return await createApiKey(planned, ctx);
    return await update(prior, planned, ctx);
  } catch (err) {
    const verb = !planned ? 'Deleting' : !prior ? 'Creating' : 'Updating';
    return { state: prior, diagnostics: [diagnosticFromError(`${verb} API key ${label} of ${owner} failed`, err)] };
  } finally {
    ctx.remote.invalidate();
  }
}
