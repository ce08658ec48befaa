// Migration 30: indexes that make each list page an index scan (keyset paging by id, the keys' default order).
// Adds indexes only; never changes a table or a row.

/**
 * - api_keys (created_at, id): the default key order `created_at asc, id` reads the index instead of sorting every key.
 * - users/groups ((id::text)): their lists expose ids as text (`u.id::text AS id`), so `_order_by=id asc` with
 *   `id > '…'` (keyset paging) is a range scan of this index in the default collation, the one ORDER BY uses.
 * api_keys.id is text already: its primary key serves keyset paging of keys.
 */
export const LIST_INDEXES_V30_SQL = `
CREATE INDEX IF NOT EXISTS api_keys_created_at_id ON api_keys (created_at, id);
CREATE INDEX IF NOT EXISTS users_id_text ON users ((id::text));
CREATE INDEX IF NOT EXISTS groups_id_text ON groups ((id::text));
`;
