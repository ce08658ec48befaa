// Groups and roles: only All Access may change them (they grant permissions); built-ins cannot be broken.
// Never lets the Administrators group lose All Access or the All Access role change.
import { randomUUID } from 'node:crypto';
import { userError } from '../../kernel/errors.js';
import { ADMINISTRATORS_GROUP, ALL_ACCESS, permissionLabels, type Principal } from '../domain/permissions.js';
import type { Group, Role } from '../domain/types.js';
import type { Queryable } from '../storage/database.js';
import {
  deleteGroup,
  deleteRole,
  getGroup,
  getGroupByName,
  getRole,
  getRoleByName,
  insertGroup,
  insertRole,
  permissionsOfRoles,
  updateGroup,
  updateRole,
  type GroupFields,
  type RoleFields,
} from '../repository/groups-repo.js';
import { prefixedId } from '../http/ids.js';
import { audit, invalidateCaches, type KeyServiceContext } from './context.js';
import { guard, guardCovers } from './guard.js';
import { unionOf } from '../domain/privilege.js';

export async function getGroupOr404(ctx: KeyServiceContext, id: string): Promise<Group> {
  const group = await getGroup(ctx.db, id);
  if (group === undefined) throw userError('not_found', `no group ${prefixedId('groups', id)}`);
  return group;
}

export async function getRoleOr404(ctx: KeyServiceContext, id: string): Promise<Role> {
  const role = await getRole(ctx.db, id);
  if (role === undefined) throw userError('not_found', `no role ${prefixedId('roles', id)}`);
  return role;
}

async function checkRoles(db: Queryable, ids: readonly string[]): Promise<void> {
  for (const [i, id] of ids.entries()) {
    if ((await getRole(db, id)) === undefined)
      throw userError('bad_request', `body.roles[${i}]: no role ${prefixedId('roles', id)}`);
  }
}

/**
 * Changes that grant permissions: All Access, and (the privilege rule, one for every path) every permission the
 * group or role grants before or after the change.
 */
async function write(
  ctx: KeyServiceContext,
  p: Principal,
  action: string,
  tgt: string,
  grants: Iterable<string>,
  fn: (tx: Queryable) => Promise<void>,
): Promise<void> {
  await guard(ctx, p, ALL_ACCESS, action, tgt);
  await guardCovers(ctx, p, grants, { action, what: `${action} of ${tgt}`, target: tgt, whose: 'it grants' });
  await ctx.db.transaction(async (tx) => {
    await fn(tx);
    await audit(ctx, p, { action, target: tgt, outcome: 'success' }, tx);
  });
  invalidateCaches(ctx);
}

export async function createGroup(ctx: KeyServiceContext, p: Principal, fields: GroupFields): Promise<Group> {
  const id = randomUUID();
  const grants = await permissionsOfRoles(ctx.db, fields.roleIds);
  await write(ctx, p, 'group.create', prefixedId('groups', id), grants, async (tx) => {
    if ((await getGroupByName(tx, fields.name)) !== undefined)
      throw userError('conflict', `a group named ${JSON.stringify(fields.name)} already exists`);
    await checkRoles(tx, fields.roleIds);
    await insertGroup(tx, id, fields, ctx.clock.now());
  });
  return getGroupOr404(ctx, id);
}

export async function patchGroup(
  ctx: KeyServiceContext,
  p: Principal,
  id: string,
  change: (g: Group) => GroupFields,
): Promise<Group> {
  const group = await getGroupOr404(ctx, id);
  const fields = change(group);
  const grants = await permissionsOfRoles(ctx.db, [...group.roleIds, ...fields.roleIds]);
  await write(ctx, p, 'group.update', prefixedId('groups', id), grants, async (tx) => {
    const other = await getGroupByName(tx, fields.name);
    if (other !== undefined && other.id !== id)
      throw userError('conflict', `a group named ${JSON.stringify(fields.name)} already exists`);
    await checkRoles(tx, fields.roleIds);
    if (group.builtIn) {
      const allAccess = await getRoleByName(tx, 'All Access');
      if (fields.name !== group.name || (allAccess && !fields.roleIds.includes(allAccess.id))) {
        throw userError(
          'conflict',
          `the built-in group ${ADMINISTRATORS_GROUP} keeps its name and the All Access role`,
        );
      }
    }
    await updateGroup(tx, id, fields, ctx.clock.now());
  });
  return getGroupOr404(ctx, id);
}

export async function deleteGroupFor(ctx: KeyServiceContext, p: Principal, id: string): Promise<void> {
  const group = await getGroupOr404(ctx, id);
  await write(
    ctx,
    p,
    'group.delete',
    prefixedId('groups', id),
    await permissionsOfRoles(ctx.db, group.roleIds),
    async (tx) => {
      if (group.builtIn) throw userError('conflict', `the built-in group ${ADMINISTRATORS_GROUP} cannot be deleted`);
      await deleteGroup(tx, id);
    },
  );
}

function checkPermissions(permissions: readonly string[]): void {
  for (const [i, permission] of permissions.entries()) {
    if (!permissionLabels.has(permission)) {
      throw userError(
        'bad_request',
        `body.permissions[${i}]: unknown permission ${JSON.stringify(permission.slice(0, 60))}; known: ${[...permissionLabels.keys()].join(', ')}`,
      );
    }
  }
}

export async function createRole(ctx: KeyServiceContext, p: Principal, fields: RoleFields): Promise<Role> {
  checkPermissions(fields.permissions);
  const id = randomUUID();
  await write(ctx, p, 'role.create', prefixedId('roles', id), fields.permissions, async (tx) => {
    if ((await getRoleByName(tx, fields.name)) !== undefined)
      throw userError('conflict', `a role named ${JSON.stringify(fields.name)} already exists`);
    await insertRole(tx, id, fields, ctx.clock.now());
  });
  return getRoleOr404(ctx, id);
}

export async function patchRole(ctx: KeyServiceContext, p: Principal, id: string, fields: RoleFields): Promise<Role> {
  const role = await getRoleOr404(ctx, id);
  checkPermissions(fields.permissions);
  await write(
    ctx,
    p,
    'role.update',
    prefixedId('roles', id),
    unionOf(role.permissions, fields.permissions),
    async (tx) => {
      if (role.builtIn) throw userError('conflict', `the built-in role ${role.name} cannot be changed`);
      const other = await getRoleByName(tx, fields.name);
      if (other !== undefined && other.id !== id)
        throw userError('conflict', `a role named ${JSON.stringify(fields.name)} already exists`);
      await updateRole(tx, id, fields, ctx.clock.now());
    },
  );
  return getRoleOr404(ctx, id);
}

export async function deleteRoleFor(ctx: KeyServiceContext, p: Principal, id: string): Promise<void> {
  const role = await getRoleOr404(ctx, id);
  await write(ctx, p, 'role.delete', prefixedId('roles', id), role.permissions, async (tx) => {
    if (role.builtIn) throw userError('conflict', `the built-in role ${role.name} cannot be deleted`);
    await deleteRole(tx, id);
  });
}
