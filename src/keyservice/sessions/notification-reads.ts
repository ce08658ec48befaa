// The read state of a user's in-app notices: count unread, mark some or all read (or one unread again).
// Never touches another user's notices: every statement is limited to the caller's user id.
import type { Queryable } from '../storage/database.js';

export async function unreadCount(db: Queryable, userId: string): Promise<number> {
  const rows = await db.query<{ n: number | string }>(
    'SELECT count(*) AS n FROM notifications WHERE user_id = $1 AND NOT read',
    [userId],
  );
  return Number(rows[0]?.n ?? 0);
}

/** Sets `read` on the given notices of the user (null = all of them); answers how many changed. */
export async function setRead(
  db: Queryable,
  userId: string,
  ids: readonly string[] | null,
  read: boolean,
): Promise<number> {
  const rows =
    ids === null
      ? await db.query<{ id: string }>(
          'UPDATE notifications SET read = $2 WHERE user_id = $1 AND read <> $2 RETURNING id::text AS id',
          [userId, read],
        )
      : await db.query<{ id: string }>(
          `UPDATE notifications SET read = $2
           WHERE user_id = $1 AND read <> $2 AND id::text = ANY($3::text[]) RETURNING id::text AS id`,
          [userId, read, ids],
        );
  return rows.length;
}
