// The keyward_role resource: create, update (name, permissions), delete and import a custom role.
// Built-in roles (All Access, ...) are never created, changed, deleted or imported: groups name them instead.
import type { RemoteRole } from '../../core/ports/key-driver.js';
import { errorDiag, type Diagnostic } from '../diagnostics.js';
import { roleResourceSchema } from '../schema/access-schema.js';
import { str, strList, UNKNOWN, type TfObject } from '../values/value.js';
import { applyAccess, importAccess, readAccess, type AccessKind } from './access-lifecycle.js';
import type { ManagedResource, PlanOutput, ProviderContext, StateOutput } from './types.js';

function roleState(role: RemoteRole): TfObject {
  return { id: role.id, name: role.name, permissions: [...role.permissions].sort() };
}

function builtIn(role: RemoteRole): Diagnostic {
  return errorDiag(
    'Built-in role cannot be managed',
    `"${role.name}" is built into the key service: keyward never changes or deletes it. ` +
      "Name it in a keyward_group's roles instead of managing it as a keyward_role.",
  );
}

function validate(config: TfObject): Diagnostic[] {
  const out: Diagnostic[] = [];
  const name = config['name'];
  if (typeof name === 'string' && name.trim() === '') {
    out.push(errorDiag('Invalid role name', 'name must not be empty.', ['name']));
  }
  const permissions = config['permissions'];
  if (Array.isArray(permissions) && permissions.some((p) => typeof p === 'string' && p.trim() === '')) {
    out.push(errorDiag('Invalid permissions', 'permissions must not contain an empty name.', ['permissions']));
  }
  return out;
}

function plan(prior: TfObject | null, proposed: TfObject | null): PlanOutput {
  if (!proposed) return { planned: null, requiresReplace: [], diagnostics: [] };
  // A rename or new permissions change the role in place: groups keep granting it (they hold its id).
  return { planned: prior ? proposed : { ...proposed, id: UNKNOWN }, requiresReplace: [], diagnostics: [] };
}

async function change(prior: TfObject | null, planned: TfObject | null, ctx: ProviderContext): Promise<StateOutput> {
  const driver = ctx.remote.driver;
  const id = str(prior, 'id');
  if (id) {
    const remote = await ctx.remote.role(id);
    if (remote?.builtIn) return { state: prior, diagnostics: [builtIn(remote)] };
  }
  if (!planned) {
    if (id) await driver.deleteRole(id);
    return { state: null, diagnostics: [] };
  }
  const input = { name: str(planned, 'name') ?? '', permissions: strList(planned, 'permissions') ?? [] };
  const role = id ? await driver.updateRole(id, input) : await driver.createRole(input);
  return { state: { ...planned, id: role.id }, diagnostics: [] };
}

const ROLE: AccessKind<RemoteRole> = {
  noun: 'role',
  find: (id, ctx) => ctx.remote.role(id),
  toState: roleState,
  refuseImport: (role) => (role.builtIn ? builtIn(role) : null),
};

export const roleResource: ManagedResource = {
  typeName: 'keyward_role',
  schema: roleResourceSchema,
  validate,
  plan: ({ prior, proposed }) => plan(prior, proposed),
  apply: ({ prior, planned }, ctx) => applyAccess('role', change, prior, planned, ctx),
  read: (state, ctx) => readAccess(ROLE, state, ctx),
  importState: (id, ctx) => importAccess(ROLE, id, ctx),
};
