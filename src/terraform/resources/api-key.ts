// The keyward_api_key resource: validation, read (refresh), import; plan and apply live beside it.
// State holds the key ID and secret-free facts only; the secret never enters it.
import { MAX_GENERATION, parseRemoteKeyName } from '../../core/key-names.js';
import type { RemoteKey, RemoteUser } from '../../core/ports/key-driver.js';
import { diagnosticFromError, errorDiag, type Diagnostic } from '../diagnostics.js';
import { apiKeyResourceSchema } from '../schema/api-key-schema.js';
import { durationDiagnostic, instantDiagnostic, stableTimestamp } from '../time-values.js';
import { isUnknown, obj, str, type TfObject } from '../values/value.js';
import { applyApiKey } from './api-key-apply.js';
import { planApiKey } from './api-key-plan.js';
import { secretStoreDiagnostics } from './api-key-secret.js';
import type { ManagedResource, ProviderContext, StateOutput, ValidateContext } from './types.js';

async function validate(config: TfObject, checks: ValidateContext): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  const name = config['name'];
  if (typeof name === 'string' && (name.trim() === '' || /#[0-9]+$/.test(name))) {
    out.push(
      errorDiag('Invalid key name', `"${name}" must be non-empty and must not end in #<number> (use generation).`, [
        'name',
      ]),
    );
  }
  const generation = config['generation'];
  if (
    typeof generation === 'number' &&
    (!Number.isInteger(generation) || generation < 1 || generation > MAX_GENERATION)
  ) {
    out.push(
      errorDiag(
        'Invalid generation',
        `generation must be a whole number from 1 to ${MAX_GENERATION}; got ${generation}.`,
        ['generation'],
      ),
    );
  }
  const state = config['state'];
  if (typeof state === 'string' && state !== 'enabled' && state !== 'disabled') {
    out.push(errorDiag('Invalid state', `state must be "enabled" or "disabled"; got "${state}".`, ['state']));
  }
  for (const problem of [
    instantDiagnostic('expires_at', config['expires_at']),
    durationDiagnostic('expires_in', config['expires_in']),
    durationDiagnostic('rotate_before', config['rotate_before']),
  ]) {
    if (problem) out.push(problem);
  }
  const bothExpiries = config['expires_at'] != null && config['expires_in'] != null;
  if (bothExpiries && !isUnknown(config['expires_at']) && !isUnknown(config['expires_in'])) {
    out.push(errorDiag('Conflicting expiry', 'Set expires_at or expires_in, not both.', ['expires_in']));
  }
  return [...out, ...(await secretStoreDiagnostics(obj(config, 'secret_store'), checks))];
}

function keyState(key: RemoteKey, user: RemoteUser | null, previous: TfObject | null): TfObject {
  const parsed = parseRemoteKeyName(key.name);
  return {
    id: key.id,
    service_user: user?.name ?? str(previous, 'service_user'),
    name: parsed.name,
    generation: parsed.generation,
    remote_name: key.name,
    user_id: key.userId,
    state: key.state,
    expires_at: stableTimestamp(str(previous, 'expires_at'), key.expiresAt),
    expires_in: previous?.['expires_in'] ?? null,
    rotate_before: previous?.['rotate_before'] ?? null,
    created_at: stableTimestamp(str(previous, 'created_at'), key.createdAt),
    secret_store: previous?.['secret_store'] ?? null,
  };
}

async function read(state: TfObject, ctx: ProviderContext): Promise<StateOutput> {
  const id = str(state, 'id');
  try {
    const key = id ? await ctx.remote.keyById(id) : null;
    if (!key) return { state: null, diagnostics: [] };
    return { state: keyState(key, await ctx.remote.userById(key.userId), state), diagnostics: [] };
  } catch (err) {
    return {
      state,
      diagnostics: [diagnosticFromError(`Reading API key ${str(state, 'remote_name') ?? id} failed`, err)],
    };
  }
}

/** Import by key ID, or by `<service user>/<remote key name>`. */
async function importState(id: string, ctx: ProviderContext): Promise<StateOutput> {
  try {
    let key = await ctx.remote.keyById(id);
    const slash = id.indexOf('/');
    if (!key && slash > 0) {
      const user = await ctx.remote.userByName(id.slice(0, slash));
      const name = id.slice(slash + 1);
      const observed = await ctx.remote.observe();
      key = observed.keys.find((candidate) => candidate.userId === user?.id && candidate.name === name) ?? null;
    }
    if (!key) {
      return {
        state: null,
        diagnostics: [
          errorDiag(
            'API key not found',
            `No service API key has the id "${id}" (or the <service user>/<key name> "${id}").`,
          ),
        ],
      };
    }
    return { state: keyState(key, await ctx.remote.userById(key.userId), null), diagnostics: [] };
  } catch (err) {
    return { state: null, diagnostics: [diagnosticFromError(`Importing API key ${id} failed`, err)] };
  }
}

export const apiKeyResource: ManagedResource = {
  typeName: 'keyward_api_key',
  schema: apiKeyResourceSchema,
  validate,
  plan: planApiKey,
  apply: applyApiKey,
  read,
  importState,
};
