// The keyward_service_user data source: looks a service user up by name.
// Read-only; a missing user is an error diagnostic, never an empty result.
import { diagnosticFromError, errorDiag } from '../diagnostics.js';
import { serviceUserDataSchema } from '../schema/service-user-schema.js';
import { formatInstant } from '../../kernel/time/instant.js';
import { str, type TfObject } from '../values/value.js';
import type { DataSource, ProviderContext, StateOutput } from './types.js';

async function read(config: TfObject, ctx: ProviderContext): Promise<StateOutput> {
  const name = str(config, 'name') ?? '';
  try {
    const user = await ctx.remote.userByName(name);
    if (!user || user.type !== 'service') {
      return {
        state: null,
        diagnostics: [errorDiag('Service user not found', `No service user is named "${name}".`, ['name'])],
      };
    }
    return {
      state: {
        name,
        id: user.id,
        description: user.description,
        groups: [...user.groups].sort(),
        created_at: user.createdAt ? formatInstant(user.createdAt) : null,
      },
      diagnostics: [],
    };
  } catch (err) {
    return { state: null, diagnostics: [diagnosticFromError(`Reading service user ${name} failed`, err)] };
  }
}

export const serviceUserDataSource: DataSource = {
  typeName: 'keyward_service_user',
  schema: serviceUserDataSchema,
  validate: () => [],
  read,
};
