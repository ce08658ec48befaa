// Users and their group memberships in storage.
// Never decides who may do what; callers check rules and permissions first.
import type { Queryable } from '../storage/database.js';
import type { ListOptions } from '../query/index.js';
import type { User } from '../domain/types.js';
import { runList } from './list-query.js';
import { type UserRow, toUser } from './rows.js';

/** The users SELECT lists and lookups share; column names match the wire fields. */
export const USERS_BASE = `SELECT u.id::text AS id, u.name, u.email, u.type, u.description,
  ARRAY(SELECT ug.group_id::text FROM user_groups ug WHERE ug.user_id = u.id ORDER BY ug.group_id) AS group_ids,
  u.created_at, u.updated_at, u.created_by, u.updated_by FROM users u`;

/** A user to insert: its fields, and when and by whom (both its created and its updated stamp). */
export interface NewUser extends Pick<User, 'id' | 'name' | 'email' | 'type' | 'description' | 'groupIds'> {
  readonly at: Date;
  readonly by: string;
}

export async function insertUser(db: Queryable, u: NewUser): Promise<void> {
  await db.query(
    `INSERT INTO users (id, name, email, type, description, created_at, updated_at, created_by, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $7)`,
    [u.id, u.name, u.email, u.type, u.description, u.at.toISOString(), u.by],
  );
  await setUserGroups(db, u.id, u.groupIds);
}

export async function setUserGroups(db: Queryable, userId: string, groupIds: readonly string[]): Promise<void> {
  await db.query('DELETE FROM user_groups WHERE user_id = $1', [userId]);
  for (const groupId of new Set(groupIds)) {
    await db.query('INSERT INTO user_groups (user_id, group_id) VALUES ($1, $2)', [userId, groupId]);
  }
}

export async function getUser(db: Queryable, id: string): Promise<User | undefined> {
  const rows = await db.query<UserRow>(`${USERS_BASE} WHERE u.id = $1`, [id]);
  return rows[0] ? toUser(rows[0]) : undefined;
}

export async function getUserByName(db: Queryable, name: string): Promise<User | undefined> {
  const rows = await db.query<UserRow>(`${USERS_BASE} WHERE u.name = $1`, [name]);
  return rows[0] ? toUser(rows[0]) : undefined;
}

/** Another user whose e-mail equals `name` or `email`, or whose name equals `email`, ignoring case. */
export async function findActorClash(
  db: Queryable,
  name: string | null,
  email: string | null,
  exceptId: string | null,
): Promise<User | undefined> {
  const rows = await db.query<UserRow>(
    `${USERS_BASE} WHERE ($3::uuid IS NULL OR u.id <> $3::uuid)
       AND (lower(u.email) = lower($1) OR lower(u.email) = lower($2) OR lower(u.name) = lower($2)) LIMIT 1`,
    [name, email, exceptId],
  );
  return rows[0] ? toUser(rows[0]) : undefined;
}

export async function listUsers(db: Queryable, options: ListOptions): Promise<User[]> {
  return (await runList<UserRow>(db, USERS_BASE, [], options)).map(toUser);
}

export interface UserChanges {
  readonly name?: string;
  readonly email?: string | null;
  readonly description?: string;
  readonly groupIds?: readonly string[];
}

export async function updateUser(db: Queryable, id: string, changes: UserChanges, at: Date, by: string): Promise<void> {
  await db.query(
    `UPDATE users SET name = COALESCE($2, name), email = CASE WHEN $3::boolean THEN $4 ELSE email END,
       description = COALESCE($5, description), updated_at = $6, updated_by = $7 WHERE id = $1`,
    [
      id,
      changes.name ?? null,
      changes.email !== undefined,
      changes.email ?? null,
      changes.description ?? null,
      at.toISOString(),
      by,
    ],
  );
  if (changes.groupIds !== undefined) await setUserGroups(db, id, changes.groupIds);
}

export async function deleteUser(db: Queryable, id: string): Promise<boolean> {
  const rows = await db.query<{ id: string }>('DELETE FROM users WHERE id = $1 RETURNING id::text AS id', [id]);
  return rows.length > 0;
}

export async function countUsers(db: Queryable): Promise<number> {
  const rows = await db.query<{ n: number | string }>('SELECT count(*) AS n FROM users');
  return Number(rows[0]?.n ?? 0);
}

/** Everything the user's groups' roles grant. */
export async function permissionsOf(db: Queryable, userId: string): Promise<Set<string>> {
  const rows = await db.query<{ p: string }>(
    `SELECT DISTINCT unnest(r.permissions) AS p FROM user_groups ug
     JOIN group_roles gr ON gr.group_id = ug.group_id JOIN roles r ON r.id = gr.role_id WHERE ug.user_id = $1`,
    [userId],
  );
  return new Set(rows.map((r) => r.p));
}
