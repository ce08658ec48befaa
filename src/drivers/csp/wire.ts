// Maps the dialect's wire objects (snake_case, prefixed ids, RFC 3339 strings) to the driver contract's types.
// Strict about shape, silent about values: errors name the field, never its content; the `key` secret is never read
// here.
import type { CallRef } from './failures.js';
import { isRecord, shapeError } from './envelope.js';
import type {
  KeyState,
  KeyType,
  RemoteGroup,
  RemoteKey,
  RemoteRole,
  RemoteUser,
  UserType,
} from '../../core/ports/key-driver.js';

export const USER_PREFIX = 'identity/users/';
export const GROUP_PREFIX = 'identity/groups/';
export const KEY_PREFIX = 'identity/apikeys/';
export const ROLE_PREFIX = 'identity/roles/';

/** `identity/users/<uuid>` → `<uuid>`; an id without the prefix is returned as it is. */
export function bareId(prefix: string, id: string): string {
  return id.startsWith(prefix) ? id.slice(prefix.length) : id;
}

class Reader {
  constructor(
    private readonly call: CallRef,
    private readonly where: string,
    private readonly raw: Record<string, unknown>,
  ) {}

  string(field: string): string {
    const v = this.raw[field];
    if (typeof v !== 'string') throw shapeError(this.call, `${this.where}.${field}`, 'is not a string');
    return v;
  }

  optionalString(field: string): string | null {
    const v = this.raw[field];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string') throw shapeError(this.call, `${this.where}.${field}`, 'is not a string');
    return v;
  }

  oneOf<T extends string>(field: string, allowed: readonly T[]): T {
    const v = this.string(field);
    const found = allowed.find((a) => a === v.toLowerCase());
    if (found === undefined)
      throw shapeError(this.call, `${this.where}.${field}`, `is not one of ${allowed.join(', ')}`);
    return found;
  }

  optionalDate(field: string): Date | null {
    const v = this.optionalString(field);
    if (v === null || v === '') return null;
    const d = new Date(v);
    if (Number.isNaN(d.getTime())) throw shapeError(this.call, `${this.where}.${field}`, 'is not an RFC 3339 time');
    return d;
  }

  date(field: string): Date {
    const d = this.optionalDate(field);
    if (d === null) throw shapeError(this.call, `${this.where}.${field}`, 'is missing');
    return d;
  }

  optionalBoolean(field: string): boolean | null {
    const v = this.raw[field];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'boolean') throw shapeError(this.call, `${this.where}.${field}`, 'is not a boolean');
    return v;
  }

  stringList(field: string): string[] {
    const v = this.raw[field];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v) || !v.every((x): x is string => typeof x === 'string')) {
      throw shapeError(this.call, `${this.where}.${field}`, 'is not a list of strings');
    }
    return v;
  }
}

function reader(call: CallRef, where: string, raw: unknown): Reader {
  if (!isRecord(raw)) throw shapeError(call, where, 'is not an object');
  return new Reader(call, where, raw);
}

export function toRemoteRole(call: CallRef, where: string, raw: unknown): RemoteRole {
  const r = reader(call, where, raw);
  return {
    id: bareId(ROLE_PREFIX, r.string('id')),
    name: r.string('name'),
    permissions: r.stringList('permissions'),
    builtIn: r.optionalBoolean('built_in') ?? false,
  };
}

/**
 * A group with its role ids resolved to names through `roleNames` (bare id → name). A role the caller cannot see
 * keeps its prefixed id. Fields a service does not report read as empty: no description, no roles, no alerts.
 */
export function toRemoteGroup(
  call: CallRef,
  where: string,
  raw: unknown,
  roleNames: ReadonlyMap<string, string>,
): RemoteGroup {
  const r = reader(call, where, raw);
  return {
    id: bareId(GROUP_PREFIX, r.string('id')),
    name: r.string('name'),
    description: r.optionalString('description') ?? '',
    roles: r.stringList('roles').map((rid) => namedOr(ROLE_PREFIX, rid, roleNames)),
    accountAlerts: r.optionalBoolean('account_alerts') ?? false,
  };
}

/** The name of a prefixed or bare id, or the prefixed id when the name is not known (never mistaken for a name). */
function namedOr(prefix: string, id: string, names: ReadonlyMap<string, string>): string {
  const bare = bareId(prefix, id);
  return names.get(bare) ?? `${prefix}${bare}`;
}

/**
 * A user with its group ids resolved to names through `groupNames` (bare id → name). A group the
 * caller cannot see keeps its prefixed id, so it can never be mistaken for a group name.
 */
export function toRemoteUser(
  call: CallRef,
  where: string,
  raw: unknown,
  groupNames: ReadonlyMap<string, string>,
): RemoteUser {
  const r = reader(call, where, raw);
  const groups = r.stringList('group_ids').map((gid) => namedOr(GROUP_PREFIX, gid, groupNames));
  return {
    id: bareId(USER_PREFIX, r.string('id')),
    name: r.string('name'),
    email: r.optionalString('email'),
    type: r.oneOf<UserType>('type', ['interactive', 'service']),
    description: r.optionalString('description') ?? '',
    groups,
    createdAt: r.optionalDate('created_at'),
  };
}

/**
 * A key. `userIds` (wire user id → bare id, from the users listing) lets the keys of one user share its id string
 * instead of each holding a copy; an unknown user id is read as it is.
 */
export function toRemoteKey(
  call: CallRef,
  where: string,
  raw: unknown,
  userIds?: ReadonlyMap<string, string>,
): RemoteKey {
  const r = reader(call, where, raw);
  const createdAt = r.date('created_at');
  const userId = r.string('user_id');
  // A key never changed since its creation has the same time twice: one Date for both.
  const updatedAt =
    r.optionalString('updated_at') === r.string('created_at') ? createdAt : r.optionalDate('updated_at');
  return {
    id: bareId(KEY_PREFIX, r.string('id')),
    name: r.string('name'),
    userId: userIds?.get(userId) ?? bareId(USER_PREFIX, userId),
    state: r.oneOf<KeyState>('state', ['enabled', 'disabled', 'expired']),
    type: r.oneOf<KeyType>('type', ['interactive', 'service', 'legacy']),
    expiresAt: r.optionalDate('expires_at'),
    lastUsedAt: r.optionalDate('last_used_at'),
    createdAt,
    updatedAt: updatedAt ?? createdAt,
  };
}
