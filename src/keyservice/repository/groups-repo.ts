// Groups, their roles, and roles themselves in storage.
// Never decides who may do what; callers check rules and permissions first.
import type { Queryable } from '../storage/database.js';
import type { ListOptions } from '../query/index.js';
import type { Group, Role } from '../domain/types.js';
import { runList } from './list-query.js';
import { type GroupRow, type RoleRow, toGroup, toRole } from './rows.js';

const GROUPS_BASE = `SELECT g.id::text AS id, g.name, g.description, g.account_alerts, g.built_in,
  ARRAY(SELECT gr.role_id::text FROM group_roles gr WHERE gr.group_id = g.id ORDER BY gr.role_id) AS role_ids,
  g.created_at, g.updated_at FROM groups g`;
const ROLES_BASE =
  'SELECT r.id::text AS id, r.name, r.permissions, r.built_in, r.created_at, r.updated_at FROM roles r';

export interface GroupFields {
  readonly name: string;
  readonly description: string;
  readonly accountAlerts: boolean;
  readonly roleIds: readonly string[];
}

export async function insertGroup(db: Queryable, id: string, g: GroupFields, at: Date, builtIn = false): Promise<void> {
  await db.query(
    `INSERT INTO groups (id, name, description, account_alerts, built_in, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)`,
    [id, g.name, g.description, g.accountAlerts, builtIn, at.toISOString()],
  );
  await setGroupRoles(db, id, g.roleIds);
}

async function setGroupRoles(db: Queryable, groupId: string, roleIds: readonly string[]): Promise<void> {
  await db.query('DELETE FROM group_roles WHERE group_id = $1', [groupId]);
  for (const roleId of new Set(roleIds))
    await db.query('INSERT INTO group_roles (group_id, role_id) VALUES ($1, $2)', [groupId, roleId]);
}

export async function updateGroup(db: Queryable, id: string, g: GroupFields, at: Date): Promise<void> {
  await db.query('UPDATE groups SET name = $2, description = $3, account_alerts = $4, updated_at = $5 WHERE id = $1', [
    id,
    g.name,
    g.description,
    g.accountAlerts,
    at.toISOString(),
  ]);
  await setGroupRoles(db, id, g.roleIds);
}

export async function getGroup(db: Queryable, id: string): Promise<Group | undefined> {
  const rows = await db.query<GroupRow>(`${GROUPS_BASE} WHERE g.id = $1`, [id]);
  return rows[0] ? toGroup(rows[0]) : undefined;
}

export async function getGroupByName(db: Queryable, name: string): Promise<Group | undefined> {
  const rows = await db.query<GroupRow>(`${GROUPS_BASE} WHERE g.name = $1`, [name]);
  return rows[0] ? toGroup(rows[0]) : undefined;
}

export async function listGroups(db: Queryable, options: ListOptions): Promise<Group[]> {
  return (await runList<GroupRow>(db, GROUPS_BASE, [], options)).map(toGroup);
}

export async function deleteGroup(db: Queryable, id: string): Promise<boolean> {
  return (await db.query('DELETE FROM groups WHERE id = $1 RETURNING id', [id])).length > 0;
}

export interface RoleFields {
  readonly name: string;
  readonly permissions: readonly string[];
}

export async function insertRole(db: Queryable, id: string, r: RoleFields, at: Date, builtIn = false): Promise<void> {
  await db.query(
    'INSERT INTO roles (id, name, permissions, built_in, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)',
    [id, r.name, [...r.permissions], builtIn, at.toISOString()],
  );
}

export async function updateRole(db: Queryable, id: string, r: RoleFields, at: Date): Promise<void> {
  await db.query('UPDATE roles SET name = $2, permissions = $3, updated_at = $4 WHERE id = $1', [
    id,
    r.name,
    [...r.permissions],
    at.toISOString(),
  ]);
}

export async function getRole(db: Queryable, id: string): Promise<Role | undefined> {
  const rows = await db.query<RoleRow>(`${ROLES_BASE} WHERE r.id = $1`, [id]);
  return rows[0] ? toRole(rows[0]) : undefined;
}

export async function getRoleByName(db: Queryable, name: string): Promise<Role | undefined> {
  const rows = await db.query<RoleRow>(`${ROLES_BASE} WHERE r.name = $1`, [name]);
  return rows[0] ? toRole(rows[0]) : undefined;
}

export async function listRoles(db: Queryable, options: ListOptions): Promise<Role[]> {
  return (await runList<RoleRow>(db, ROLES_BASE, [], options)).map(toRole);
}

export async function deleteRole(db: Queryable, id: string): Promise<boolean> {
  return (await db.query('DELETE FROM roles WHERE id = $1 RETURNING id', [id])).length > 0;
}

/** Everything the roles of these groups grant (what membership of them would give a user). */
export async function permissionsOfGroups(db: Queryable, groupIds: readonly string[]): Promise<Set<string>> {
  if (groupIds.length === 0) return new Set();
  const rows = await db.query<{ p: string }>(
    `SELECT DISTINCT unnest(r.permissions) AS p FROM group_roles gr JOIN roles r ON r.id = gr.role_id
     WHERE gr.group_id = ANY($1::uuid[])`,
    [[...groupIds]],
  );
  return new Set(rows.map((r) => r.p));
}

/** Everything these roles grant. */
export async function permissionsOfRoles(db: Queryable, roleIds: readonly string[]): Promise<Set<string>> {
  if (roleIds.length === 0) return new Set();
  const rows = await db.query<{ p: string }>(
    'SELECT DISTINCT unnest(permissions) AS p FROM roles WHERE id = ANY($1::uuid[])',
    [[...roleIds]],
  );
  return new Set(rows.map((r) => r.p));
}
