// Password hashes and one-time set-password links in storage.
// Never stores a password or a link token, only the argon2id hash and the token's SHA-256.
import type { Queryable } from '../storage/database.js';
import { tokenHash } from './tokens.js';

export async function passwordHashOf(db: Queryable, userId: string): Promise<string | undefined> {
  const rows = await db.query<{ hash: string }>('SELECT hash FROM user_passwords WHERE user_id = $1', [userId]);
  return rows[0]?.hash;
}

export async function storePasswordHash(db: Queryable, userId: string, hash: string, now: Date): Promise<void> {
  await db.query(
    `INSERT INTO user_passwords (user_id, hash, updated_at) VALUES ($1, $2, $3)
     ON CONFLICT (user_id) DO UPDATE SET hash = EXCLUDED.hash, updated_at = EXCLUDED.updated_at`,
    [userId, hash, now.toISOString()],
  );
}

/** Stores a new link for the user, revoking the user's older links. */
export async function insertPasswordLink(
  db: Queryable,
  token: string,
  userId: string,
  by: string,
  now: Date,
  expiresAt: Date,
): Promise<void> {
  await db.query('DELETE FROM password_links WHERE user_id = $1', [userId]);
  await db.query(
    'INSERT INTO password_links (token_hash, user_id, created_at, created_by, expires_at) VALUES ($1, $2, $3, $4, $5)',
    [tokenHash(token), userId, now.toISOString(), by, expiresAt.toISOString()],
  );
}

/** Uses up a link: the user id when it was live at `now`, else undefined. Either way the link is gone after. */
export async function consumePasswordLink(db: Queryable, token: string, now: Date): Promise<string | undefined> {
  const rows = await db.query<Record<string, unknown>>(
    'DELETE FROM password_links WHERE token_hash = $1 RETURNING user_id::text AS user_id, expires_at',
    [tokenHash(token)],
  );
  const row = rows[0];
  if (row === undefined) return undefined;
  const expiresAt = row.expires_at instanceof Date ? row.expires_at : new Date(String(row.expires_at));
  return now.getTime() < expiresAt.getTime() ? String(row.user_id) : undefined;
}
