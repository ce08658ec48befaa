// Planning rules for the roles and groups of one key API: create and update what manifests declare, and delete what
// none declares only under prune. Pure; never changes or deletes a built-in role or group, never guesses on a name.
import { userError } from '../../kernel/errors.js';
import { BUILT_IN_GROUPS } from '../access-names.js';
import type { DesiredGroup, DesiredRole, DesiredScope } from '../desired.js';
import type { RemoteGroup, RemoteRole } from '../ports/key-driver.js';
import { cmp } from './match.js';
import type { PlanProblems } from './problems.js';
import type { AccessAction, DeleteGroupAction, DeleteRoleAction, FieldChange } from './types.js';
import type { KeyApiGroup } from './user-prune.js';

/** Role and group actions of one key API: `before` runs ahead of every service user, `after` once they are done. */
export interface AccessPlan {
  /** create-role, update-role, create-group, update-group: roles first. */
  readonly before: readonly AccessAction[];
  /** delete-group, delete-role: groups first. */
  readonly after: readonly AccessAction[];
}

function where(d: DesiredRole | DesiredGroup): string {
  return `${d.source.file}:${d.source.line}:${d.source.column}`;
}

function id(kind: AccessAction['kind'], scope: string, name: string): string {
  return `${kind} ${scope}/${name}`;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const x = [...new Set(a)].sort();
  const y = [...new Set(b)].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

function list(items: readonly string[]): string {
  return items.length === 0 ? '(none)' : [...items].sort().join(', ');
}

/** The one remote item of a name; two of one name is a problem (keyward will not guess), none is null. */
function findRemote<T extends RemoteRole | RemoteGroup>(
  kind: 'role' | 'group',
  name: string,
  remote: readonly T[],
  problems: PlanProblems,
): T | null | undefined {
  const same = remote.filter((r) => r.name === name);
  if (same.length > 1) {
    const ids = same.map((r) => r.id).sort();
    problems.add(
      userError(
        'plan.ambiguous-identity',
        `${kind} ${name}: ${same.length} ${kind}s on the key API have this name (ids ${ids.join(', ')}); keyward will not guess which one is declared`,
        { details: { [kind]: name, ids } },
      ),
    );
    return undefined;
  }
  return same[0] ?? null;
}

function planRole(d: DesiredRole, remote: RemoteRole | null): AccessAction | null {
  const base = { scope: d.scope, role: d.name, permissions: [...d.permissions] };
  if (remote === null)
    return {
      kind: 'create-role',
      id: id('create-role', d.scope, d.name),
      reason: 'declared; not on the key API',
      risk: 'low',
      destructive: false,
      ...base,
    };
  if (sameSet(remote.permissions, d.permissions)) return null;
  const changes: FieldChange[] = [{ field: 'permissions', from: list(remote.permissions), to: list(d.permissions) }];
  return {
    kind: 'update-role',
    id: id('update-role', d.scope, d.name),
    reason: 'differs from the manifest: permissions',
    // Every member of every group holding the role gains or loses what changes.
    risk: 'medium',
    destructive: false,
    roleId: remote.id,
    changes,
    ...base,
  };
}

function groupChanges(d: DesiredGroup, remote: RemoteGroup): FieldChange[] {
  const changes: FieldChange[] = [];
  if (remote.description !== d.description)
    changes.push({ field: 'description', from: JSON.stringify(remote.description), to: JSON.stringify(d.description) });
  if (!sameSet(remote.roles, d.roles)) changes.push({ field: 'roles', from: list(remote.roles), to: list(d.roles) });
  if (remote.accountAlerts !== d.accountAlerts)
    changes.push({ field: 'accountAlerts', from: String(remote.accountAlerts), to: String(d.accountAlerts) });
  return changes;
}

function planGroup(d: DesiredGroup, remote: RemoteGroup | null): AccessAction | null {
  const base = {
    scope: d.scope,
    group: d.name,
    description: d.description,
    roles: [...d.roles],
    accountAlerts: d.accountAlerts,
  };
  if (remote === null)
    return {
      kind: 'create-group',
      id: id('create-group', d.scope, d.name),
      reason: 'declared; not on the key API',
      risk: 'low',
      destructive: false,
      ...base,
    };
  const changes = groupChanges(d, remote);
  if (changes.length === 0) return null;
  return {
    kind: 'update-group',
    id: id('update-group', d.scope, d.name),
    reason: `differs from the manifest: ${changes.map((c) => c.field).join(', ')}`,
    risk: changes.some((c) => c.field === 'roles') ? 'medium' : 'low',
    destructive: false,
    groupId: remote.id,
    changes,
    ...base,
  };
}

function deleteGroup(scope: string, group: RemoteGroup): DeleteGroupAction {
  return {
    kind: 'delete-group',
    id: id('delete-group', scope, group.name),
    scope,
    reason: 'not declared by any manifest on this key API (prune: true in every one)',
    risk: 'high',
    destructive: true,
    group: group.name,
    groupId: group.id,
    destructiveReason: `destructive: its members lose ${group.roles.length > 0 ? `the roles ${list(group.roles)}` : 'their membership'}${group.accountAlerts ? ' and account alerts' : ''}`,
  };
}

function deleteRole(scope: string, role: RemoteRole, holders: readonly string[]): DeleteRoleAction {
  return {
    kind: 'delete-role',
    id: id('delete-role', scope, role.name),
    scope,
    reason: 'not declared by any manifest on this key API (prune: true in every one)',
    risk: 'high',
    destructive: holders.length > 0,
    role: role.name,
    roleId: role.id,
    destructiveReason:
      holders.length > 0
        ? `destructive: the groups ${list(holders)} lose its permissions ${list(role.permissions)}`
        : 'not destructive: no group holds it, so it grants nothing',
  };
}

/** The role and group actions of one key API, declared ones in name order, and every problem found on the way. */
export function planAccess(api: KeyApiGroup, problems: PlanProblems): AccessPlan {
  const scopes = [...api.scopes].sort((a, b) => cmp(a.name, b.name));
  const roles = scopes.flatMap((s) => s.roles ?? []).sort((a, b) => cmp(a.name, b.name));
  const groups = scopes.flatMap((s) => s.groups ?? []).sort((a, b) => cmp(a.name, b.name));
  const remoteRoles = api.remote.roles;
  const remoteGroups = api.remote.groups;
  const before: AccessAction[] = [];
  const roleNames = new Set([...remoteRoles.map((r) => r.name), ...roles.map((r) => r.name)]);
  for (const role of roles) {
    const remote = findRemote('role', role.name, remoteRoles, problems);
    if (remote === undefined) continue;
    if (remote?.builtIn === true) {
      problems.add(
        userError(
          'plan.built-in-role',
          `role ${role.name} (${where(role)}) is built in: reference it, do not declare it`,
        ),
      );
      continue;
    }
    const action = planRole(role, remote);
    if (action) before.push(action);
  }
  for (const group of groups) {
    for (const role of group.roles) {
      if (!roleNames.has(role))
        problems.add(
          userError(
            'plan.unknown-role',
            `group ${group.name} (${where(group)}): role ${role} does not exist on the key API and no manifest declares it`,
          ),
        );
    }
    const remote = findRemote('group', group.name, remoteGroups, problems);
    if (remote === undefined) continue;
    const action = planGroup(group, remote);
    if (action) before.push(action);
  }
  return { before, after: prune(scopes, api, roles, groups) };
}

/**
 * Deletes of undeclared roles and groups, when every manifest on the key API sets prune: true and one of them declares
 * the list (`roles:` / `groups:`). Never a built-in, a group holding a built-in role, a group a declared service user
 * names, or a role a remaining group holds.
 */
function prune(
  scopes: readonly DesiredScope[],
  api: KeyApiGroup,
  roles: readonly DesiredRole[],
  groups: readonly DesiredGroup[],
): AccessAction[] {
  const first = scopes[0];
  if (first === undefined || !scopes.every((s) => s.prune)) return [];
  const builtInRoles = new Set(api.remote.roles.filter((r) => r.builtIn).map((r) => r.name));
  const declaredGroups = new Set(groups.map((g) => g.name));
  const named = new Set(scopes.flatMap((s) => s.serviceUsers.flatMap((u) => u.groups)));
  const goneGroups = scopes.some((s) => s.groups !== undefined)
    ? api.remote.groups
        .filter(
          (g) =>
            !declaredGroups.has(g.name) &&
            !BUILT_IN_GROUPS.has(g.name) &&
            !named.has(g.name) &&
            !g.roles.some((r) => builtInRoles.has(r)),
        )
        .sort((a, b) => cmp(a.name, b.name) || cmp(a.id, b.id))
    : [];
  const gone = new Set(goneGroups.map((g) => g.id));
  const remaining = api.remote.groups.filter((g) => !gone.has(g.id) && !declaredGroups.has(g.name));
  const held = new Set([...groups.flatMap((g) => g.roles), ...remaining.flatMap((g) => g.roles)]);
  const declaredRoles = new Set(roles.map((r) => r.name));
  const goneRoles = scopes.some((s) => s.roles !== undefined)
    ? api.remote.roles
        .filter((r) => !r.builtIn && !declaredRoles.has(r.name) && !held.has(r.name))
        .sort((a, b) => cmp(a.name, b.name) || cmp(a.id, b.id))
    : [];
  return [
    ...goneGroups.map((g) => deleteGroup(first.name, g)),
    ...goneRoles.map((r) =>
      deleteRole(
        first.name,
        r,
        api.remote.groups.filter((g) => g.roles.includes(r.name)).map((g) => g.name),
      ),
    ),
  ];
}
