// The keyward_api_keys data source: service API keys filtered by service user, key name and state.
// Lists secret-free key facts only.
import { parseRemoteKeyName } from '../../core/key-names.js';
import { diagnosticFromError, errorDiag } from '../diagnostics.js';
import { apiKeysDataSchema } from '../schema/api-key-schema.js';
import { formatInstant } from '../../kernel/time/instant.js';
import { str, type TfObject } from '../values/value.js';
import type { DataSource, ProviderContext, StateOutput } from './types.js';

const STATES = ['enabled', 'disabled', 'expired'];

function validate(config: TfObject): ReturnType<DataSource['validate']> {
  const state = config['state'];
  if (typeof state === 'string' && !STATES.includes(state)) {
    return [errorDiag('Invalid state filter', `state must be one of ${STATES.join(', ')}; got "${state}".`, ['state'])];
  }
  return [];
}

async function read(config: TfObject, ctx: ProviderContext): Promise<StateOutput> {
  const userFilter = str(config, 'service_user');
  const nameFilter = str(config, 'name');
  const stateFilter = str(config, 'state');
  try {
    const observed = await ctx.remote.observe();
    const userNames = new Map(observed.users.map((user) => [user.id, user.name]));
    const keys = observed.keys
      .filter((key) => key.type === 'service')
      .filter((key) => userFilter === null || userNames.get(key.userId) === userFilter)
      .filter((key) => nameFilter === null || parseRemoteKeyName(key.name).name === nameFilter)
      .filter((key) => stateFilter === null || key.state === stateFilter)
      .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
      .map((key) => {
        const parsed = parseRemoteKeyName(key.name);
        return {
          id: key.id,
          name: parsed.name,
          remote_name: key.name,
          generation: parsed.generation,
          service_user: userNames.get(key.userId) ?? null,
          user_id: key.userId,
          state: key.state,
          type: key.type,
          expires_at: key.expiresAt ? formatInstant(key.expiresAt) : null,
          last_used_at: key.lastUsedAt ? formatInstant(key.lastUsedAt) : null,
          created_at: formatInstant(key.createdAt),
        };
      });
    return { state: { service_user: userFilter, name: nameFilter, state: stateFilter, keys }, diagnostics: [] };
  } catch (err) {
    return { state: null, diagnostics: [diagnosticFromError('Listing API keys failed', err)] };
  }
}

export const apiKeysDataSource: DataSource = {
  typeName: 'keyward_api_keys',
  schema: apiKeysDataSchema,
  validate,
  read,
};
