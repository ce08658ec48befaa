// API keys in storage: hashes only, never a key; state `expired` computed from expires_at against a given time.
// last_used_at is written in batches (one UPDATE per flush), never one write per use.
import type { Queryable } from '../storage/database.js';
import type { ListOptions } from '../query/index.js';
import type { ApiKeyRecord, KeyType, StoredKeyState } from '../domain/types.js';
import { runList } from './list-query.js';
import { type KeyRow, toKey } from './rows.js';

/**
 * $1 = now (for the computed state and updated_at), $2 = owner id or null for every owner,
 * $3 = whether service keys of other owners are visible too. Filters start at $4 (KEYS_FIRST_FILTER_PARAM).
 */
const KEYS_BASE = `SELECT k.id, k.hash, k.name, k.user_id::text AS user_id, u.name AS user_name, u.email AS user_email,
  u.type AS user_type, k.type, k.state AS stored_state,
  CASE WHEN k.expires_at IS NOT NULL AND k.expires_at <= $1::timestamptz THEN 'expired' ELSE k.state END AS state,
  k.expires_at, k.last_used_at, k.created_at,
  CASE WHEN k.expires_at IS NOT NULL AND k.expires_at <= $1::timestamptz AND k.expires_at > k.updated_at THEN k.expires_at ELSE k.updated_at END AS eff_updated_at,
  k.updated_at, k.created_by, k.updated_by, k.disabled_by_id, k.disabled_with
  FROM api_keys k JOIN users u ON u.id = k.user_id
  WHERE ($2::uuid IS NULL OR k.user_id = $2::uuid OR ($3::boolean AND k.type = 'service'))`;
export const KEYS_FIRST_FILTER_PARAM = 4;

const ONE_KEY = KEYS_BASE.replace(/WHERE \(\$2[^\n]*$/, 'WHERE k.id = $2');

/** Who sees which keys in a list: every key, or one owner's keys (plus all service keys when allowed). */
export type KeyVisibility =
  { readonly all: true } | { readonly all: false; readonly ownerId: string; readonly serviceKeys: boolean };

export interface NewKey {
  readonly id: string;
  readonly hash: string;
  readonly name: string;
  readonly userId: string;
  readonly type: KeyType;
  readonly expiresAt: Date | null;
  readonly at: Date;
  readonly by: string;
}

export async function insertKey(db: Queryable, k: NewKey): Promise<void> {
  await db.query(
    `INSERT INTO api_keys (id, hash, name, user_id, type, state, expires_at, created_at, updated_at, created_by, updated_by)
     VALUES ($1, $2, $3, $4, $5, 'enabled', $6, $7, $7, $8, $8)`,
    [k.id, k.hash, k.name, k.userId, k.type, k.expiresAt?.toISOString() ?? null, k.at.toISOString(), k.by],
  );
}

export async function getKey(db: Queryable, id: string, now: Date): Promise<ApiKeyRecord | undefined> {
  const rows = await db.query<KeyRow>(ONE_KEY, [now.toISOString(), id]);
  return rows[0] ? toKey(rows[0]) : undefined;
}

export async function listKeys(
  db: Queryable,
  now: Date,
  visibility: KeyVisibility,
  options: ListOptions,
): Promise<ApiKeyRecord[]> {
  const base = visibility.all
    ? [now.toISOString(), null, false]
    : [now.toISOString(), visibility.ownerId, visibility.serviceKeys];
  return (await runList<KeyRow>(db, KEYS_BASE, base, options, true)).map(toKey);
}

/** Keys a user holds, by type or all types, counting every state (a disabled key still takes a slot). */
export async function countKeys(db: Queryable, userId: string, type?: KeyType): Promise<number> {
  const rows = await db.query<{ n: number | string }>(
    'SELECT count(*) AS n FROM api_keys WHERE user_id = $1 AND ($2::text IS NULL OR type = $2)',
    [userId, type ?? null],
  );
  return Number(rows[0]?.n ?? 0);
}

export interface KeyChanges {
  readonly name?: string;
  readonly state?: StoredKeyState;
}

/** Who changes the key: `by` for updated_by; a disable also records the user id and the permissions it holds. */
export interface KeyChanger {
  readonly by: string;
  readonly userId: string | null;
  readonly permissions: readonly string[] | null;
}

/** `who` as a bare name (internal callers) records no disabler: such a disable restricts nobody. */
export async function updateKey(
  db: Queryable,
  id: string,
  changes: KeyChanges,
  at: Date,
  changer: KeyChanger | string,
): Promise<void> {
  const who = typeof changer === 'string' ? { by: changer, userId: null, permissions: null } : changer;
  const disabling = changes.state === 'disabled';
  await db.query(
    `UPDATE api_keys SET name = COALESCE($2, name), state = COALESCE($3, state), updated_at = $4, updated_by = $5,
       disabled_by_id = CASE WHEN $3 IS NULL THEN disabled_by_id WHEN $6::boolean THEN $7 ELSE NULL END,
       disabled_with = CASE WHEN $3 IS NULL THEN disabled_with WHEN $6::boolean THEN $8::text[] ELSE NULL END
     WHERE id = $1`,
    [
      id,
      changes.name ?? null,
      changes.state ?? null,
      at.toISOString(),
      who.by,
      disabling,
      who.userId,
      who.permissions && [...who.permissions],
    ],
  );
}

export async function deleteKey(db: Queryable, id: string): Promise<boolean> {
  return (await db.query('DELETE FROM api_keys WHERE id = $1 RETURNING id', [id])).length > 0;
}

/** Records many uses in ONE statement; a time never moves last_used_at backwards. */
export async function recordLastUsed(db: Queryable, uses: ReadonlyMap<string, Date>): Promise<void> {
  if (uses.size === 0) return;
  const rows = [...uses].map(([id, at]) => ({ id, at: at.toISOString() }));
  await db.query(
    `UPDATE api_keys k SET last_used_at = x.at FROM jsonb_to_recordset($1::jsonb) AS x(id text, at timestamptz)
     WHERE k.id = x.id AND (k.last_used_at IS NULL OR k.last_used_at < x.at)`,
    [JSON.stringify(rows)],
  );
}
