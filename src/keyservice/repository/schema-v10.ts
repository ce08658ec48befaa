// Migration 10: who disabled a key and with which permissions, unambiguous audit actors, aggregated failure rows,
// and e-mails unique whatever their case. Never edit once released; add a new version instead.

/**
 * Keys disabled before this migration get `disabled_with = {*}`: nobody can tell who disabled them, so only
 * All Access may enable them again. A database holding two e-mails differing only in case fails here (by design:
 * fix the duplicates, then start again).
 */
export const SCHEMA_V10_SQL = `
ALTER TABLE api_keys ADD COLUMN disabled_by_id text;
ALTER TABLE api_keys ADD COLUMN disabled_with text[];
UPDATE api_keys SET disabled_with = ARRAY['*'] WHERE state = 'disabled';
ALTER TABLE audit_log ADD COLUMN actor_type text NOT NULL DEFAULT 'unknown';
ALTER TABLE audit_log ADD COLUMN source text;
ALTER TABLE audit_log ADD COLUMN count integer NOT NULL DEFAULT 1;
UPDATE audit_log a SET actor_type = CASE
  WHEN a.actor_id IS NULL AND a.actor = 'system' THEN 'system'
  WHEN a.actor_id IS NULL THEN 'anonymous'
  ELSE COALESCE((SELECT u.type FROM users u WHERE u.id::text = a.actor_id), 'unknown') END;
CREATE UNIQUE INDEX users_email_lower ON users (lower(email))
`;
