// The NotificationStore over the key service's SQL database (PGlite or PostgreSQL, same SQL for both).
// Idempotence lives in the database: INSERT ... ON CONFLICT DO NOTHING on (key_id, user_id, day), leases for sends.

import type { Queryable } from '../storage/database.js';
import type {
  CreatedNotice,
  DeliveryChannel,
  DeliveryOutcome,
  KeyType,
  NoticeTarget,
  NotificationStore,
  PendingDelivery,
} from './types.js';
import { EXPIRY_NOTICE_KIND } from './types.js';
import { noticeDay } from './window.js';

const ERROR_MAX = 1000;

// Who hears about a key: its owner for interactive and legacy keys; for service keys the interactive members of
// groups subscribed to account alerts (service users cannot sign in to read a notice).
const DUE_TARGETS = `
SELECT k.id AS key_id, k.name AS key_name, k.type AS key_type, k.expires_at,
       o.id::text AS owner_id, o.name AS owner_name,
       r.id::text AS recipient_id, r.name AS recipient_name, r.email AS recipient_email
  FROM api_keys k
  JOIN users o ON o.id = k.user_id
  JOIN LATERAL (
        SELECT o.id, o.name, o.email WHERE k.type <> 'service'
        UNION
        SELECT u.id, u.name, u.email
          FROM user_groups m
          JOIN groups g ON g.id = m.group_id AND g.account_alerts
          JOIN users u ON u.id = m.user_id AND u.type = 'interactive'
         WHERE k.type = 'service'
       ) r ON true
 WHERE k.state = 'enabled' AND k.expires_at > $1::timestamptz AND k.expires_at <= $2::timestamptz
 ORDER BY k.id, r.id`;

// One statement, so the notices and their owed deliveries appear together or not at all.
const CREATE_NOTICES = `
WITH input AS (
  SELECT * FROM unnest($1::text[], $2::text[], $3::boolean[]) AS t(key_id, user_id, has_email)
), inserted AS (
  INSERT INTO notifications (id, user_id, key_id, kind, day, created_at, read)
  SELECT gen_random_uuid(), i.user_id::uuid, i.key_id, $4, $5::date, $6::timestamptz, false FROM input i
  ON CONFLICT (key_id, user_id, day) DO NOTHING
  RETURNING id, key_id, user_id, created_at
), owed AS (
  -- A data-modifying CTE always runs to completion, whether or not the outer query reads it.
  INSERT INTO notification_deliveries (notification_id, channel)
  SELECT n.id, c.channel
    FROM inserted n
    JOIN input i ON i.key_id = n.key_id AND i.user_id::uuid = n.user_id
    CROSS JOIN unnest($7::text[]) AS c(channel)
   WHERE c.channel <> 'email' OR i.has_email
  RETURNING notification_id
)
SELECT n.id::text AS id, n.key_id, n.user_id::text AS user_id, n.created_at FROM inserted n`;

// Only today's notices of keys still enabled and unexpired are sent: an older undelivered notice is superseded by
// today's (which says how long is left), and nobody needs a reminder about a key disabled or deleted meanwhile.
const CLAIM = `
WITH claimable AS (
  SELECT d.notification_id, d.channel
    FROM notification_deliveries d
    JOIN notifications n ON n.id = d.notification_id
    JOIN api_keys k ON k.id = n.key_id AND k.state = 'enabled' AND k.expires_at > $2::timestamptz
   WHERE d.status <> 'delivered' AND d.channel = ANY($1::text[]) AND d.attempts < $4
     AND (d.lease_until IS NULL OR d.lease_until <= $2::timestamptz)
     AND (d.last_attempt_at IS NULL OR d.last_attempt_at < $2::timestamptz)
     AND n.day = $6::date
   ORDER BY d.notification_id, d.channel
   LIMIT $5
   FOR UPDATE OF d SKIP LOCKED
), claimed AS (
  UPDATE notification_deliveries d SET lease_until = $3::timestamptz
    FROM claimable c
   WHERE d.notification_id = c.notification_id AND d.channel = c.channel
  RETURNING d.notification_id, d.channel, d.attempts
)
SELECT c.notification_id::text AS id, c.channel, c.attempts, n.day::text AS day, n.created_at,
       k.id AS key_id, k.name AS key_name, k.type AS key_type, k.expires_at,
       o.id::text AS owner_id, o.name AS owner_name,
       r.id::text AS recipient_id, r.name AS recipient_name, r.email AS recipient_email
  FROM claimed c
  JOIN notifications n ON n.id = c.notification_id
  JOIN api_keys k ON k.id = n.key_id
  JOIN users o ON o.id = k.user_id
  JOIN users r ON r.id = n.user_id`;

const RECORD_OK = `
UPDATE notification_deliveries
   SET status = 'delivered', attempts = attempts + 1, last_attempt_at = $3::timestamptz, delivered_at = $3::timestamptz, lease_until = NULL, last_error = NULL
 WHERE notification_id = $1::uuid AND channel = $2`;

const RECORD_FAILED = `
UPDATE notification_deliveries
   SET status = 'failed', attempts = attempts + 1, last_attempt_at = $3::timestamptz, lease_until = NULL, last_error = $4
 WHERE notification_id = $1::uuid AND channel = $2`;

export function createSqlNotificationStore(db: Queryable): NotificationStore {
  return {
    async dueTargets(now, windowMs) {
      const rows = await db.query(DUE_TARGETS, [now.toISOString(), new Date(now.getTime() + windowMs).toISOString()]);
      return rows.map(toTarget);
    },

    async createNotices(targets, day, now, channels) {
      if (targets.length === 0) return [];
      const rows = await db.query(CREATE_NOTICES, [
        targets.map((t) => t.keyId),
        targets.map((t) => t.recipientId),
        targets.map((t) => t.recipientEmail !== null && t.recipientEmail !== ''),
        EXPIRY_NOTICE_KIND,
        day,
        now.toISOString(),
        [...channels],
      ]);
      const byPair = new Map(targets.map((t) => [`${t.keyId}/${t.recipientId}`, t]));
      return rows.flatMap((row): CreatedNotice[] => {
        const target = byPair.get(`${String(row.key_id)}/${String(row.user_id)}`);
        return target === undefined ? [] : [{ ...target, id: String(row.id), day, createdAt: toDate(row.created_at) }];
      });
    },

    async claimDeliveries(channels, now, leaseUntil, maxAttempts, limit) {
      const rows = await db.query(CLAIM, [
        [...channels],
        now.toISOString(),
        leaseUntil.toISOString(),
        maxAttempts,
        limit,
        noticeDay(now),
      ]);
      return rows.map((row): PendingDelivery => ({
        channel: String(row.channel) as DeliveryChannel,
        attempts: Number(row.attempts),
        notice: { ...toTarget(row), id: String(row.id), day: String(row.day), createdAt: toDate(row.created_at) },
      }));
    },

    async recordDelivery(noticeId: string, channel: DeliveryChannel, outcome: DeliveryOutcome, now: Date) {
      if (outcome.ok) await db.query(RECORD_OK, [noticeId, channel, now.toISOString()]);
      else await db.query(RECORD_FAILED, [noticeId, channel, now.toISOString(), outcome.error.slice(0, ERROR_MAX)]);
    },
  };
}

function toTarget(row: Record<string, unknown>): NoticeTarget {
  return {
    keyId: String(row.key_id),
    keyName: String(row.key_name),
    keyType: String(row.key_type) as KeyType,
    expiresAt: toDate(row.expires_at),
    ownerId: String(row.owner_id),
    ownerName: String(row.owner_name),
    recipientId: String(row.recipient_id),
    recipientName: String(row.recipient_name),
    recipientEmail: typeof row.recipient_email === 'string' ? row.recipient_email : null,
  };
}

function toDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value));
}
