// The SQL the portal's sign-in adds to the key service schema: passwords, sessions, set-password links,
// failed sign-ins (rate limits) and per-user preferences. Stores hashes of tokens and passwords only, never either.

/** Migration 40. Every table cascades from users, so deleting a user ends its sessions and links. */
export const PORTAL_SIGN_IN_SQL = `
CREATE TABLE user_passwords (
  user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  hash text NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE TABLE sessions (
  token_hash text PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  method text NOT NULL CHECK (method IN ('password', 'oidc')),
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user_id ON sessions (user_id);
CREATE TABLE password_links (
  token_hash text PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX password_links_user_id ON password_links (user_id);
CREATE TABLE sign_in_failures (
  id bigserial PRIMARY KEY,
  account text NOT NULL,
  source text NOT NULL,
  at timestamptz NOT NULL
);
CREATE INDEX sign_in_failures_account ON sign_in_failures (account, at);
CREATE INDEX sign_in_failures_source ON sign_in_failures (source, at);
CREATE TABLE user_preferences (
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name text NOT NULL,
  value text NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (user_id, name)
);
`;
