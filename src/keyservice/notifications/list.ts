// The query behind `GET /v2/notifications`: the caller's own in-app notices, newest first, with the list options.
// Only ever returns rows whose recipient is the caller; a notice carries key IDs and names, never a secret.

import type { Queryable } from '../storage/database.js';
import { runList } from '../repository/list-query.js';
import { type FieldMap, type ListSpec, parseListOptions } from '../query/index.js';
import { noticeSummary } from './message.js';
import type { KeyType } from './types.js';
import { daysLeft } from './window.js';

const KEY_PREFIX = 'identity/apikeys/';
const USER_PREFIX = 'identity/users/';
export const NOTIFICATION_PREFIX = 'notifications/';

/** One notice as the API shows it. */
interface NotificationView {
  readonly id: string;
  readonly kind: string;
  readonly user_id: string;
  readonly key_id: string;
  /** Null once the key has been deleted. */
  readonly key_name: string | null;
  readonly key_type: KeyType | null;
  readonly expires_at: string | null;
  readonly day: string;
  readonly days_left: number | null;
  readonly message: string;
  readonly read: boolean;
  readonly created_at: string;
}

const strip = (prefix: string) => (value: string) => (value.startsWith(prefix) ? value.slice(prefix.length) : value);

// $1 is the caller's user id; a deleted key leaves its notices with null key fields.
const BASE = `SELECT n.id::text AS id, n.kind, n.user_id::text AS user_id, n.key_id, n.day::text AS day, n.read, n.created_at,
  k.name AS key_name, k.type AS key_type, k.expires_at
  FROM notifications n LEFT JOIN api_keys k ON k.id = n.key_id WHERE n.user_id = $1::uuid`;

const FIELDS: FieldMap = {
  id: { sql: 'v.id', type: 'string', normalize: strip(NOTIFICATION_PREFIX) },
  kind: { sql: 'v.kind', type: 'string' },
  key_id: { sql: 'v.key_id', type: 'string', normalize: strip(KEY_PREFIX) },
  key_name: { sql: 'v.key_name', type: 'string' },
  key_type: { sql: 'v.key_type', type: 'enum', values: ['interactive', 'service', 'legacy'] },
  expires_at: { sql: 'v.expires_at', type: 'time' },
  day: { sql: 'v.day', type: 'string' },
  read: { sql: 'v.read', type: 'boolean' },
  created_at: { sql: 'v.created_at', type: 'time' },
};

const NOTIFICATION_LIST_SPEC: ListSpec = {
  fields: FIELDS,
  defaultOrderBy: 'created_at desc',
  selectable: [...Object.keys(FIELDS), 'user_id', 'days_left', 'message'],
  tiebreaker: 'v.id ASC',
  firstParamIndex: 2,
};

/**
 * Lists the notices addressed to `userId` (bare uuid). `params` are the request's query parameters; a bad
 * `_filter` or list option throws the query layer's 400 error naming the parameter and position.
 */
export async function listNotifications(
  db: Queryable,
  userId: string,
  params: URLSearchParams,
): Promise<Record<string, unknown>[]> {
  const options = parseListOptions(params, NOTIFICATION_LIST_SPEC);
  const rows = await runList<Record<string, unknown>>(db, BASE, [userId], options);
  return rows.map((row) => keep(toView(row), options.fields));
}

function toView(row: Record<string, unknown>): NotificationView {
  const createdAt = toDate(row.created_at);
  const expiresAt = row.expires_at === null || row.expires_at === undefined ? null : toDate(row.expires_at);
  const keyName = typeof row.key_name === 'string' ? row.key_name : null;
  const keyType = typeof row.key_type === 'string' ? (row.key_type as KeyType) : null;
  const keyId = String(row.key_id);
  return {
    id: `${NOTIFICATION_PREFIX}${String(row.id)}`,
    kind: String(row.kind),
    user_id: `${USER_PREFIX}${String(row.user_id)}`,
    key_id: `${KEY_PREFIX}${keyId}`,
    key_name: keyName,
    key_type: keyType,
    expires_at: expiresAt?.toISOString() ?? null,
    day: String(row.day),
    days_left: expiresAt === null ? null : daysLeft(expiresAt, createdAt),
    message:
      expiresAt === null || keyName === null || keyType === null
        ? `API key ${keyId} was about to expire (the key has since been deleted)`
        : noticeSummary({ keyName, keyType, expiresAt, createdAt }),
    read: row.read === true,
    created_at: createdAt.toISOString(),
  };
}

function keep(view: NotificationView, fields: readonly string[] | null): Record<string, unknown> {
  const all: Record<string, unknown> = { ...view };
  if (fields === null) return all;
  return Object.fromEntries(fields.filter((f) => Object.hasOwn(all, f)).map((f) => [f, all[f]]));
}

function toDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value));
}
