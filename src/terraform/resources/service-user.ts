// The keyward_service_user resource: create, update (description, groups), delete and import a service user.
// Identity is the user id; a name change replaces the user. Never touches keys directly.
import type { RemoteUser } from '../../core/ports/key-driver.js';
import { diagnosticFromError, errorDiag, type Diagnostic } from '../diagnostics.js';
import { serviceUserResourceSchema } from '../schema/service-user-schema.js';
import { formatInstant } from '../../kernel/time/instant.js';
import { stableTimestamp } from '../time-values.js';
import { str, strList, valuesEqual, UNKNOWN, type TfObject } from '../values/value.js';
import type { ManagedResource, PlanOutput, ProviderContext, StateOutput } from './types.js';

function userState(user: RemoteUser, previous: TfObject | null): TfObject {
  return {
    id: user.id,
    name: user.name,
    description: user.description,
    groups: [...user.groups].sort(),
    created_at: stableTimestamp(str(previous, 'created_at'), user.createdAt),
  };
}

function validate(config: TfObject): Diagnostic[] {
  const name = config['name'];
  if (typeof name === 'string' && name.trim() === '') {
    return [errorDiag('Invalid service user name', 'name must not be empty.', ['name'])];
  }
  return [];
}

function plan(prior: TfObject | null, proposed: TfObject | null, config: TfObject | null): PlanOutput {
  if (!proposed) return { planned: null, requiresReplace: [], diagnostics: [] };
  if (!prior) {
    return {
      planned: {
        ...proposed,
        id: UNKNOWN,
        created_at: UNKNOWN,
        description: config?.['description'] ?? '',
        groups: config?.['groups'] ?? [],
      },
      requiresReplace: [],
      diagnostics: [],
    };
  }
  const requiresReplace = valuesEqual(prior['name'], proposed['name']) ? [] : [['name']];
  return { planned: proposed, requiresReplace, diagnostics: [] };
}

async function apply(prior: TfObject | null, planned: TfObject | null, ctx: ProviderContext): Promise<StateOutput> {
  const name = str(planned ?? prior, 'name') ?? '';
  try {
    if (!planned) {
      const id = str(prior, 'id');
      if (id) await ctx.remote.driver.deleteServiceUser(id);
      return { state: null, diagnostics: [] };
    }
    const description = str(planned, 'description') ?? '';
    const groups = strList(planned, 'groups') ?? [];
    if (!prior) {
      const user = await ctx.remote.driver.createServiceUser({ name, description, groups });
      const createdAt = user.createdAt ? formatInstant(user.createdAt) : null;
      return { state: { ...planned, id: user.id, description, groups, created_at: createdAt }, diagnostics: [] };
    }
    const id = str(prior, 'id') ?? '';
    await ctx.remote.driver.updateServiceUser(id, { description, groups });
    return { state: { ...planned, id, description, groups }, diagnostics: [] };
  } catch (err) {
    const verb = !planned ? 'Deleting' : !prior ? 'Creating' : 'Updating';
    return { state: prior, diagnostics: [diagnosticFromError(`${verb} service user ${name} failed`, err)] };
  } finally {
    ctx.remote.invalidate();
  }
}

async function read(state: TfObject, ctx: ProviderContext): Promise<StateOutput> {
  const id = str(state, 'id');
  try {
    const user = id ? await ctx.remote.userById(id) : null;
    return { state: user ? userState(user, state) : null, diagnostics: [] };
  } catch (err) {
    return {
      state,
      diagnostics: [diagnosticFromError(`Reading service user ${str(state, 'name') ?? id} failed`, err)],
    };
  }
}

async function importState(id: string, ctx: ProviderContext): Promise<StateOutput> {
  try {
    const user = (await ctx.remote.userById(id)) ?? (await ctx.remote.userByName(id));
    if (!user || user.type !== 'service') {
      return {
        state: null,
        diagnostics: [errorDiag('Service user not found', `No service user has the id or name "${id}".`)],
      };
    }
    return { state: userState(user, null), diagnostics: [] };
  } catch (err) {
    return { state: null, diagnostics: [diagnosticFromError(`Importing service user ${id} failed`, err)] };
  }
}

export const serviceUserResource: ManagedResource = {
  typeName: 'keyward_service_user',
  schema: serviceUserResourceSchema,
  validate,
  plan: ({ prior, proposed, config }) => plan(prior, proposed, config),
  apply: ({ prior, planned }, ctx) => apply(prior, planned, ctx),
  read,
  importState,
};
