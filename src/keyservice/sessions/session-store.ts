// Sessions in storage, keyed by the SHA-256 of their token so every server on the database shares them.
// Never stores or returns a session token; an ended session (idle or absolute timeout) is deleted when seen.
import type { Queryable } from '../storage/database.js';
import { tokenHash } from './tokens.js';

export type SignInMethod = 'password' | 'oidc';

export interface SessionRecord {
  readonly hash: string;
  readonly userId: string;
  readonly method: SignInMethod;
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
  /** The absolute end. */
  readonly expiresAt: Date;
}

/** A session's last-seen time is written at most this often, so a busy page costs no write per request. */
const TOUCH_EVERY_MS = 60_000;

const toDate = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));

export async function insertSession(
  db: Queryable,
  token: string,
  userId: string,
  method: SignInMethod,
  now: Date,
  maxMs: number,
): Promise<SessionRecord> {
  const record = {
    hash: tokenHash(token),
    userId,
    method,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + maxMs),
  };
  await db.query(
    `INSERT INTO sessions (token_hash, user_id, method, created_at, last_seen_at, expires_at)
     VALUES ($1, $2, $3, $4, $4, $5)`,
    [record.hash, userId, method, now.toISOString(), record.expiresAt.toISOString()],
  );
  return record;
}

/** The live session for `token` at `now`, touching it when due; undefined (and deleted) when it has ended. */
export async function liveSession(
  db: Queryable,
  token: string,
  now: Date,
  idleMs: number,
): Promise<SessionRecord | undefined> {
  const hash = tokenHash(token);
  const rows = await db.query<Record<string, unknown>>(
    'SELECT user_id::text AS user_id, method, created_at, last_seen_at, expires_at FROM sessions WHERE token_hash = $1',
    [hash],
  );
  const row = rows[0];
  if (row === undefined) return undefined;
  const record: SessionRecord = {
    hash,
    userId: String(row.user_id),
    method: row.method === 'oidc' ? 'oidc' : 'password',
    createdAt: toDate(row.created_at),
    lastSeenAt: toDate(row.last_seen_at),
    expiresAt: toDate(row.expires_at),
  };
  const t = now.getTime();
  if (t >= record.expiresAt.getTime() || t >= record.lastSeenAt.getTime() + idleMs) {
    await db.query('DELETE FROM sessions WHERE token_hash = $1', [hash]);
    return undefined;
  }
  if (t - record.lastSeenAt.getTime() < TOUCH_EVERY_MS) return record;
  await db.query('UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1 AND last_seen_at < $2', [
    hash,
    now.toISOString(),
  ]);
  return { ...record, lastSeenAt: now };
}

export async function deleteSession(db: Queryable, hash: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE token_hash = $1', [hash]);
}

/** Ends every session of a user (a new password), except the one given. */
export async function deleteUserSessions(db: Queryable, userId: string, exceptHash = ''): Promise<void> {
  await db.query('DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2', [userId, exceptHash]);
}

/** Removes ended sessions (any server may run it; called on sign-in so the table does not grow without bound). */
export async function pruneSessions(db: Queryable, now: Date, idleMs: number): Promise<void> {
  await db.query('DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2', [
    now.toISOString(),
    new Date(now.getTime() - idleMs).toISOString(),
  ]);
}
