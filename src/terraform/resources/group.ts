// The keyward_group resource: create, update (name, description, roles, account alerts), delete and import a group.
// Roles are named, not ids: the driver resolves them, and an unknown role name is an apply error naming it.
import type { RemoteGroup } from '../../core/ports/key-driver.js';
import { errorDiag, type Diagnostic } from '../diagnostics.js';
import { groupResourceSchema } from '../schema/access-schema.js';
import { str, strList, UNKNOWN, type TfObject } from '../values/value.js';
import { applyAccess, importAccess, readAccess, type AccessKind } from './access-lifecycle.js';
import type { ManagedResource, PlanOutput, ProviderContext, StateOutput } from './types.js';

function groupState(group: RemoteGroup): TfObject {
  return {
    id: group.id,
    name: group.name,
    description: group.description,
    roles: [...group.roles].sort(),
    account_alerts: group.accountAlerts,
  };
}

function validate(config: TfObject): Diagnostic[] {
  const out: Diagnostic[] = [];
  const name = config['name'];
  if (typeof name === 'string' && name.trim() === '') {
    out.push(errorDiag('Invalid group name', 'name must not be empty.', ['name']));
  }
  const roles = config['roles'];
  if (Array.isArray(roles) && roles.some((role) => typeof role === 'string' && role.trim() === '')) {
    out.push(errorDiag('Invalid roles', 'roles must not contain an empty role name.', ['roles']));
  }
  return out;
}

/** What is not written means empty (as in manifests): removing `roles` from the configuration removes the roles. */
function plan(prior: TfObject | null, proposed: TfObject | null, config: TfObject | null): PlanOutput {
  if (!proposed) return { planned: null, requiresReplace: [], diagnostics: [] };
  const planned = {
    ...proposed,
    id: prior ? (proposed['id'] ?? null) : UNKNOWN,
    description: config?.['description'] ?? '',
    roles: config?.['roles'] ?? [],
    account_alerts: config?.['account_alerts'] ?? false,
  };
  return { planned, requiresReplace: [], diagnostics: [] };
}

async function change(prior: TfObject | null, planned: TfObject | null, ctx: ProviderContext): Promise<StateOutput> {
  const driver = ctx.remote.driver;
  const id = str(prior, 'id');
  if (!planned) {
    if (id) await driver.deleteGroup(id);
    return { state: null, diagnostics: [] };
  }
  const input = {
    name: str(planned, 'name') ?? '',
    description: str(planned, 'description') ?? '',
    roles: strList(planned, 'roles') ?? [],
    accountAlerts: planned['account_alerts'] === true,
  };
  const group = id ? await driver.updateGroup(id, input) : await driver.createGroup(input);
  return { state: { ...planned, id: group.id }, diagnostics: [] };
}

const GROUP: AccessKind<RemoteGroup> = { noun: 'group', find: (id, ctx) => ctx.remote.group(id), toState: groupState };

export const groupResource: ManagedResource = {
  typeName: 'keyward_group',
  schema: groupResourceSchema,
  validate,
  plan: ({ prior, proposed, config }) => plan(prior, proposed, config),
  apply: ({ prior, planned }, ctx) => applyAccess('group', change, prior, planned, ctx),
  read: (state, ctx) => readAccess(GROUP, state, ctx),
  importState: (id, ctx) => importAccess(GROUP, id, ctx),
};
