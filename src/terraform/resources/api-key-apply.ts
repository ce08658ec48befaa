// Applying keyward_api_key changes: create (+ deliver the secret, rolling back on failure), enable/disable, delete.
// The secret exists only between createKey() and the store write; a failed delivery deletes the new key.
import { parseRemoteKeyName, remoteKeyName } from '../../core/key-names.js';
import type { RemoteKey } from '../../core/ports/key-driver.js';
import { diagnosticFromError, errorDiag, warningDiag, type Diagnostic } from '../diagnostics.js';
import { formatTimestamp, parseDuration, parseTimestamp } from '../time-values.js';
import { num, str, type TfObject } from '../values/value.js';
import { deliverSecret, removeSecretOf, secretTarget } from './api-key-secret.js';
import type { ApplyInput, ProviderContext, StateOutput } from './types.js';

function nextGeneration(keys: readonly RemoteKey[], userId: string, name: string): number {
  const generations = keys
    .filter((key) => key.userId === userId)
    .map((key) => parseRemoteKeyName(key.name))
    .filter((parsed) => parsed.name === name)
    .map((parsed) => parsed.generation);
  return generations.length === 0 ? 1 : Math.max(...generations) + 1;
}

function expiryOf(planned: TfObject, now: Date): Date | null {
  const at = str(planned, 'expires_at');
  if (at) return parseTimestamp(at);
  const within = str(planned, 'expires_in');
  const ms = within ? parseDuration(within) : null;
  return ms === null ? null : new Date(now.getTime() + ms);
}

async function create(planned: TfObject, ctx: ProviderContext): Promise<StateOutput> {
  const serviceUser = str(planned, 'service_user') ?? '';
  const name = str(planned, 'name') ?? '';
  const observed = await ctx.remote.observe();
  const user = observed.users.find((candidate) => candidate.name === serviceUser);
  if (!user) {
    return { state: null, diagnostics: [errorDiag('Service user not found', `No service user is named "${serviceUser}".`, ['service_user'])] };
  }
  const generation = num(planned, 'generation') ?? nextGeneration(observed.keys, user.id, name);
  const remoteName = remoteKeyName(name, generation);
  const clash = observed.keys.find((key) => key.userId === user.id && key.name === remoteName);
  if (clash) {
    return {
      state: null,
      diagnostics: [
        errorDiag(
          'API key already exists',
          `Service user ${serviceUser} already has a key named "${remoteName}" (id ${clash.id}). ` +
            'Import it (terraform import <address> ' + clash.id + ') or choose another name or generation.',
          ['name'],
        ),
      ],
    };
  }
  const target = await secretTarget(planned, ctx);
  const created = await ctx.remote.driver.createKey({ userId: user.id, name: remoteName, expiresAt: expiryOf(planned, ctx.clock.now()) });
  ctx.remote.invalidate();
  const diagnostics: Diagnostic[] = [];
  try {
    if (target) {
      await deliverSecret(target, created.secret, created.key, { serviceUser, keyName: name, generation });
    } else {
      diagnostics.push(
        warningDiag('Secret discarded', `Key ${remoteName} has no secret_store, so its secret was not delivered anywhere.`),
      );
    }
  } catch (err) {
    const summary = `Delivering the secret of key ${remoteName} failed`;
    try {
      await ctx.remote.driver.deleteKey(created.key.id);
    } catch (rollbackErr) {
      const reason = rollbackErr instanceof Error ? rollbackErr.message : String(rollbackErr);
      return {
        state: null,
        diagnostics: [diagnosticFromError(`${summary}, and deleting the new key ${created.key.id} failed too (${reason}); delete it by hand`, err)],
      };
    }
    return { state: null, diagnostics: [diagnosticFromError(`${summary}; the new key was deleted`, err)] };
  }
  const state: TfObject = {
    ...planned,
    id: created.key.id,
    user_id: user.id,
    generation,
    remote_name: remoteName,
    state: created.key.state,
    created_at: formatTimestamp(created.key.createdAt),
    expires_at: str(planned, 'expires_at') ?? (created.key.expiresAt ? formatTimestamp(created.key.expiresAt) : null),
  };
  if (str(planned, 'state') === 'disabled') {
    try {
      await ctx.remote.driver.setKeyState(created.key.id, 'disabled');
    } catch (err) {
      // The key exists and its secret was delivered: keep it in state (Terraform taints it) rather than orphan it.
      return { state, diagnostics: [...diagnostics, diagnosticFromError(`Disabling the new key ${remoteName} failed`, err)] };
    }
    return { state: { ...state, state: 'disabled' }, diagnostics };
  }
  return { state, diagnostics };
}

async function update(prior: TfObject, planned: TfObject, ctx: ProviderContext): Promise<StateOutput> {
  const id = str(prior, 'id') ?? '';
  const desired = str(planned, 'state');
  if ((desired === 'enabled' || desired === 'disabled') && desired !== str(prior, 'state')) {
    await ctx.remote.driver.setKeyState(id, desired);
  }
  return { state: planned, diagnostics: [] };
}

async function destroy(prior: TfObject, ctx: ProviderContext): Promise<StateOutput> {
  const id = str(prior, 'id');
  if (id) {
    await ctx.remote.driver.deleteKey(id);
    const target = await secretTarget(prior, ctx);
    if (target) await removeSecretOf(target, id);
  }
  return { state: null, diagnostics: [] };
}

export async function applyApiKey(input: ApplyInput, ctx: ProviderContext): Promise<StateOutput> {
  const { prior, planned } = input;
  const label = str(planned ?? prior, 'remote_name') ?? str(planned ?? prior, 'name') ?? '';
  const owner = str(planned ?? prior, 'service_user') ?? '';
  try {
    if (!planned) return prior ? await destroy(prior, ctx) : { state: null, diagnostics: [] };
    if (!prior) return await create(planned, ctx);
    return await update(prior, planned, ctx);
  } catch (err) {
    const verb = !planned ? 'Deleting' : !prior ? 'Creating' : 'Updating';
    return { state: prior, diagnostics: [diagnosticFromError(`${verb} API key ${label} of ${owner} failed`, err)] };
  } finally {
    ctx.remote.invalidate();
  }
}
