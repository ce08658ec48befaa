// Per-user portal preferences (e.g. the key table's columns) in storage: opaque JSON text under a short name.
// Never interprets a value and never returns another user's preferences.
import type { Queryable } from '../storage/database.js';

export const MAX_PREFERENCES = 50;

export async function listPreferences(db: Queryable, userId: string): Promise<Record<string, unknown>> {
  const rows = await db.query<{ name: string; value: string }>(
    'SELECT name, value FROM user_preferences WHERE user_id = $1 ORDER BY name',
    [userId],
  );
  return Object.fromEntries(rows.map((r) => [r.name, JSON.parse(r.value) as unknown]));
}

/** Stores a value; false when the user already has MAX_PREFERENCES other names. */
export async function putPreference(
  db: Queryable,
  userId: string,
  name: string,
  json: string,
  now: Date,
): Promise<boolean> {
  const rows = await db.query<{ n: number | string }>(
    'SELECT count(*) AS n FROM user_preferences WHERE user_id = $1 AND name <> $2',
    [userId, name],
  );
  if (Number(rows[0]?.n ?? 0) >= MAX_PREFERENCES) return false;
  await db.query(
    `INSERT INTO user_preferences (user_id, name, value, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (user_id, name) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at`,
    [userId, name, json, now.toISOString()],
  );
  return true;
}

export async function deletePreference(db: Queryable, userId: string, name: string): Promise<void> {
  await db.query('DELETE FROM user_preferences WHERE user_id = $1 AND name = $2', [userId, name]);
}
