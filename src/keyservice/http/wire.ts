// Turns domain records into the wire objects of docs/api.md: prefixed ids, RFC 3339 UTC times with milliseconds.
// Never includes a key or a hash; the one-time `key` is added by the create handler alone.
import type { ApiKeyRecord, AuditEntry, Group, Role, User } from '../domain/types.js';
import { effectiveState, effectiveUpdatedAt } from '../domain/key-state.js';
import { prefixedId } from './ids.js';

export type WireObject = Record<string, unknown>;

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

export function userWire(u: User): WireObject {
  return {
    id: prefixedId('users', u.id),
    name: u.name,
    email: u.email,
    type: u.type,
    description: u.description,
    group_ids: u.groupIds.map((g) => prefixedId('groups', g)),
    created_at: iso(u.createdAt),
    updated_at: iso(u.updatedAt),
    created_by: u.createdBy,
    updated_by: u.updatedBy,
  };
}

export function groupWire(g: Group): WireObject {
  return {
    id: prefixedId('groups', g.id),
    name: g.name,
    description: g.description,
    roles: g.roleIds.map((r) => prefixedId('roles', r)),
    account_alerts: g.accountAlerts,
    created_at: iso(g.createdAt),
    updated_at: iso(g.updatedAt),
  };
}

export function roleWire(r: Role): WireObject {
  return { id: prefixedId('roles', r.id), name: r.name, permissions: [...r.permissions], built_in: r.builtIn };
}

/** A key as read at `now`; `lastUsed` is a more recent use not yet flushed to storage. */
export function keyWire(k: ApiKeyRecord, now: Date, lastUsed?: Date): WireObject {
  const stored = k.lastUsedAt;
  const lastUsedAt = lastUsed !== undefined && (stored === null || lastUsed > stored) ? lastUsed : stored;
  return {
    id: prefixedId('apikeys', k.id),
    name: k.name,
    state: effectiveState(k, now),
    type: k.type,
    user_id: prefixedId('users', k.userId),
    user_name: k.userName,
    user_email: k.userEmail,
    expires_at: iso(k.expiresAt),
    last_used_at: iso(lastUsedAt),
    created_at: iso(k.createdAt),
    updated_at: iso(effectiveUpdatedAt(k, now)),
    created_by: k.createdBy,
    updated_by: k.updatedBy,
  };
}

export function auditWire(e: AuditEntry): WireObject {
  return {
    id: e.id === undefined ? null : Number(e.id),
    time: iso(e.at),
    actor: e.actor,
    actor_id: e.actorId === null ? null : prefixedId('users', e.actorId),
    actor_type: e.actorType,
    action: e.action,
    target: e.target,
    outcome: e.outcome,
    detail: e.detail,
    source: e.source,
    count: e.count,
  };
}

/** Keeps only `fields` (the `_fields` option) when given. */
export function pick(object: WireObject, fields: readonly string[] | null): WireObject {
  if (fields === null) return object;
  return Object.fromEntries(fields.filter((f) => Object.hasOwn(object, f)).map((f) => [f, object[f]]));
}
