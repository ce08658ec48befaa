// The keyward_role resource: create, update (name, permissions), delete and import a custom role.
// Built-in roles (All Access, ...) are never created, changed, deleted or imported: groups name them instead.
import type { RemoteRole } from '../../core/ports/key-driver.js';
import { diagnosticFromError, errorDiag, type Diagnostic } from '../diagnostics.js';
import { roleResourceSchema } from '../schema/access-schema.js';
import { str, strList, UNKNOWN, type TfObject } from '../values/value.js';
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

async function apply(prior: TfObject | null, planned: TfObject | null, ctx: ProviderContext): Promise<StateOutput> {
  try {
    return await change(prior, planned, ctx);
  } catch (err) {
    const verb = !planned ? 'Deleting' : !prior ? 'Creating' : 'Updating';
    const name = str(planned ?? prior, 'name') ?? '';
    return { state: prior, diagnostics: [diagnosticFromError(`${verb} role ${name} failed`, err)] };
  } finally {
    ctx.remote.invalidate();
  }
}

async function read(state: TfObject, ctx: ProviderContext): Promise<StateOutput> {
  const id = str(state, 'id');
  try {
    const role = id ? await ctx.remote.role(id) : null;
    return { state: role && role.id === id ? roleState(role) : null, diagnostics: [] };
  } catch (err) {
    return { state, diagnostics: [diagnosticFromError(`Reading role ${str(state, 'name') ?? id} failed`, err)] };
  }
}

/** Import by role id or name; a built-in role is refused. */
async function importState(id: string, ctx: ProviderContext): Promise<StateOutput> {
  try {
    const role = await ctx.remote.role(id);
    if (!role) {
      return { state: null, diagnostics: [errorDiag('Role not found', `No role has the id or name "${id}".`)] };
    }
    if (role.builtIn) return { state: null, diagnostics: [builtIn(role)] };
    return { state: roleState(role), diagnostics: [] };
  } catch (err) {
    return { state: null, diagnostics: [diagnosticFromError(`Importing role ${id} failed`, err)] };
  }
}

export const roleResource: ManagedResource = {
  typeName: 'keyward_role',
  schema: roleResourceSchema,
  validate,
  plan: ({ prior, proposed }) => plan(prior, proposed),
  apply: ({ prior, planned }, ctx) => apply(prior, planned, ctx),
  read,
  importState,
};
