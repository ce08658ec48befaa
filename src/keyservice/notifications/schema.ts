// The SQL this part adds to the key service schema: per-channel delivery state of each notice.
// Applied as one of the key service's versioned migrations; never drops or rewrites other tables.

/** Requires the `notifications` table (id uuid primary key). One row per notice and configured channel. */
export const NOTIFICATION_DELIVERIES_SQL = `
CREATE TABLE notification_deliveries (
  notification_id uuid NOT NULL REFERENCES notifications(id) ON DELETE CASCADE,
  channel text NOT NULL CHECK (channel IN ('email', 'webhook')),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  last_attempt_at timestamptz,
  last_error text,
  lease_until timestamptz,
  delivered_at timestamptz,
  PRIMARY KEY (notification_id, channel)
);
CREATE INDEX notification_deliveries_owed ON notification_deliveries (channel, notification_id) WHERE status <> 'delivered';
`;
