// An in-memory KeyDriver that keeps the key service's rules (10 keys per service user, expiry from its clock,
// expired is terminal, secrets shown once) with fault hooks, so engine tests run without HTTP. Test code only.
import { createHash } from 'node:crypto';
import type { Clock } from '../../src/kernel/clock.js';
import { KeywardError, userError } from '../../src/kernel/errors.js';
import { Secret } from '../../src/kernel/secret.js';
import type {
  CreateKeyInput,
  CreateUserInput,
  CreatedKey,
  GroupInput,
  KeyDriver,
  KeyState,
  ObservedRemote,
  RemoteGroup,
  RemoteKey,
  RemoteRole,
  RemoteUser,
  RoleInput,
  UpdateUserInput,
} from '../../src/core/ports/key-driver.js';

/**
 * Called before and after every operation of a fake; throwing from it fails the operation (before or after its effect).
 */
export type FaultHook = (phase: 'before' | 'after', op: string, target: string) => void;

export interface FakeDriverOptions {
  readonly clock: Clock;
  readonly groups?: readonly string[];
  readonly maxKeysPerUser?: number;
  /** Longest lifetime a key may be created with (56 weeks, the `infoblox` profile); null = unlimited. */
  readonly maxLifetimeMs?: number | null;
  readonly allowNeverExpires?: boolean;
  readonly hook?: FaultHook;
  /** Seed for the deterministic key material (tests stay reproducible). */
  readonly seed?: string;
  readonly pageSize?: number;
}

interface KeyRecord {
  key: RemoteKey;
  /** SHA-256 of the full key: the fake, like the service, keeps no secret. */
  readonly hash: string;
}

const WEEK_MS = 7 * 86_400_000;

export class FakeKeyDriver implements KeyDriver {
  readonly name = 'fake';
  readonly users = new Map<string, RemoteUser>();
  readonly #keys = new Map<string, KeyRecord>();
  #groups: RemoteGroup[];
  #roles: RemoteRole[] = [
    { id: '00000000-0000-4000-a000-000000000000', name: 'All Access', permissions: ['*'], builtIn: true },
  ];
  #counter = 0;
  readonly #options: FakeDriverOptions;
  /** Operations performed, in order (names only), for assertions. */
  readonly calls: string[] = [];
  /** Every secret this fake handed out, so leak tests can search outputs for them. */
  readonly issued: Secret[] = [];

  constructor(options: FakeDriverOptions) {
    this.#options = options;
    this.#groups = (options.groups ?? ['deployers', 'readers']).map((name, i) => ({
      id: `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`,
      name,
      description: '',
      roles: [],
      accountAlerts: false,
    }));
  }

  #now(): Date {
    return this.#options.clock.now();
  }

  async #op<T>(op: string, target: string, effect: () => T): Promise<T> {
    this.calls.push(op);
    this.#options.hook?.('before', op, target);
    const result = effect();
    this.#options.hook?.('after', op, target);
    return result;
  }

  #view(record: KeyRecord): RemoteKey {
    const k = record.key;
    const expired = k.state === 'expired' || (k.expiresAt !== null && k.expiresAt.getTime() <= this.#now().getTime());
    return expired ? { ...k, state: 'expired' } : { ...k };
  }

  #user(id: string): RemoteUser {
    const user = this.users.get(id);
    if (!user) throw new KeywardError('not_found', `service user ${id} not found (404)`, { details: { status: 404 } });
    return user;
  }

  #key(id: string): KeyRecord {
    const record = this.#keys.get(id);
    if (!record) throw new KeywardError('not_found', `key ${id} not found (404)`, { details: { status: 404 } });
    return record;
  }

  #checkGroups(groups: readonly string[]): void {
    for (const g of groups) {
      if (!this.#groups.some((x) => x.name === g)) throw userError('bad_request', `group ${g} does not exist (400)`);
    }
  }

  observe(): Promise<ObservedRemote> {
    return this.#op('driver.observe', '*', () => {
      const users = [...this.users.values()].map((u) => ({ ...u, groups: [...u.groups] }));
      const keys = [...this.#keys.values()].map((r) => this.#view(r));
      const size = this.#options.pageSize ?? 100;
      const pages = (n: number): number => Math.max(1, Math.ceil(n / size));
      return {
        users,
        keys,
        groups: this.#groups.map((g) => ({ ...g, roles: [...g.roles] })),
        roles: this.#roles.map((r) => ({ ...r, permissions: [...r.permissions] })),
        requests: pages(users.length) + pages(keys.length) + pages(this.#groups.length) + pages(this.#roles.length),
      };
    });
  }

  createServiceUser(input: CreateUserInput): Promise<RemoteUser> {
    return this.#op('driver.createServiceUser', input.name, () => {
      if ([...this.users.values()].some((u) => u.name === input.name))
        throw userError('conflict', `user ${input.name} already exists (409)`);
      this.#checkGroups(input.groups);
      this.#counter += 1;
      const user: RemoteUser = {
        id: `00000000-0000-4000-8000-${String(this.#counter).padStart(12, '0')}`,
        name: input.name,
        email: null,
        type: 'service',
        description: input.description,
        groups: [...input.groups],
        createdAt: this.#now(),
      };
      this.users.set(user.id, user);
      return { ...user };
    });
  }

  updateServiceUser(id: string, input: UpdateUserInput): Promise<RemoteUser> {
    return this.#op('driver.updateServiceUser', id, () => {
      const user = this.#user(id);
      if (input.groups) this.#checkGroups(input.groups);
      const next: RemoteUser = {
        ...user,
        description: input.description ?? user.description,
        groups: [...(input.groups ?? user.groups)],
      };
      this.users.set(id, next);
      return { ...next };
    });
  }

  deleteServiceUser(id: string): Promise<void> {
    return this.#op('driver.deleteServiceUser', id, () => {
      this.#user(id);
      this.users.delete(id);
      for (const [keyId, r] of this.#keys) if (r.key.userId === id) this.#keys.delete(keyId);
    });
  }

  createKey(input: CreateKeyInput): Promise<CreatedKey> {
    return this.#op('driver.createKey', input.name, () => {
      const user = this.#user(input.userId);
      const now = this.#now();
      const max = this.#options.maxKeysPerUser ?? 10;
      const count = [...this.#keys.values()].filter((r) => r.key.userId === user.id).length;
      if (count >= max)
        throw userError('bad_request', `service user ${user.name} already has ${count} keys; at most ${max} (400)`);
      if (input.expiresAt === null && !this.#options.allowNeverExpires)
        throw userError('bad_request', 'keys must expire under this policy (400)');
      if (input.expiresAt !== null && input.expiresAt.getTime() <= now.getTime())
        throw userError('bad_request', 'expires_at is in the past (400)');
      const maxLifetime = this.#options.maxLifetimeMs === undefined ? 56 * WEEK_MS : this.#options.maxLifetimeMs;
      if (input.expiresAt !== null && maxLifetime !== null && input.expiresAt.getTime() - now.getTime() > maxLifetime) {
        throw userError('bad_request', 'expires_at is beyond the maximum lifetime of 56 weeks (400)');
      }
      this.#counter += 1;
      const full = createHash('sha256')
        .update(`${this.#options.seed ?? 'fake'}:${this.#counter}`)
        .digest('hex');
      const key: RemoteKey = {
        id: full.slice(0, 32),
        name: input.name,
        userId: user.id,
        state: 'enabled',
        type: 'service',
        expiresAt: input.expiresAt,
        lastUsedAt: null,
        createdAt: now,
        updatedAt: now,
      };
      this.#keys.set(key.id, { key, hash: createHash('sha256').update(full).digest('hex') });
      const secret = new Secret(full);
      this.issued.push(secret);
      return { key: { ...key }, secret };
    });
  }

  setKeyState(id: string, state: 'enabled' | 'disabled'): Promise<RemoteKey> {
    return this.#op('driver.setKeyState', `${id}:${state}`, () => {
      const record = this.#key(id);
      if (this.#view(record).state === 'expired')
        throw userError('conflict', `key ${record.key.name} is expired; expired is terminal (409)`);
      record.key = { ...record.key, state, updatedAt: this.#now() };
      return this.#view(record);
    });
  }

  deleteKey(id: string): Promise<void> {
    return this.#op('driver.deleteKey', id, () => {
      this.#keys.delete(id);
    });
  }

  createRole(input: RoleInput): Promise<RemoteRole> {
    return this.#op('driver.createRole', input.name, () => {
      if (this.#roles.some((r) => r.name === input.name))
        throw userError('conflict', `role ${input.name} already exists (409)`);
      this.#counter += 1;
      const role = { id: this.#id('a', this.#counter), ...input, permissions: [...input.permissions], builtIn: false };
      this.#roles.push(role);
      return { ...role };
    });
  }

  updateRole(id: string, input: RoleInput): Promise<RemoteRole> {
    return this.#op('driver.updateRole', id, () => {
      const role = this.#roles.find((r) => r.id === id && !r.builtIn);
      if (!role) throw new KeywardError('not_found', `role ${id} not found (404)`, { details: { status: 404 } });
      const next = { ...role, name: input.name, permissions: [...input.permissions] };
      this.#roles = this.#roles.map((r) => (r.id === id ? next : r));
      this.#groups = this.#groups.map((g) => ({ ...g, roles: g.roles.map((n) => (n === role.name ? next.name : n)) }));
      return { ...next };
    });
  }

  deleteRole(id: string): Promise<void> {
    return this.#op('driver.deleteRole', id, () => {
      const role = this.#roles.find((r) => r.id === id);
      this.#roles = this.#roles.filter((r) => r.id !== id);
      if (role) this.#groups = this.#groups.map((g) => ({ ...g, roles: g.roles.filter((n) => n !== role.name) }));
    });
  }

  createGroup(input: GroupInput): Promise<RemoteGroup> {
    return this.#op('driver.createGroup', input.name, () => {
      if (this.#groups.some((g) => g.name === input.name))
        throw userError('conflict', `group ${input.name} already exists (409)`);
      this.#checkRoles(input.roles);
      this.#counter += 1;
      const group = { id: this.#id('b', this.#counter), ...input, roles: [...input.roles] };
      this.#groups.push(group);
      return { ...group };
    });
  }

  updateGroup(id: string, input: GroupInput): Promise<RemoteGroup> {
    return this.#op('driver.updateGroup', id, () => {
      const group = this.#groups.find((g) => g.id === id);
      if (!group) throw new KeywardError('not_found', `group ${id} not found (404)`, { details: { status: 404 } });
      this.#checkRoles(input.roles);
      const next = { ...group, ...input, roles: [...input.roles] };
      this.#groups = this.#groups.map((g) => (g.id === id ? next : g));
      for (const [uid, u] of this.users)
        this.users.set(uid, { ...u, groups: u.groups.map((n) => (n === group.name ? next.name : n)) });
      return { ...next };
    });
  }

  deleteGroup(id: string): Promise<void> {
    return this.#op('driver.deleteGroup', id, () => {
      const group = this.#groups.find((g) => g.id === id);
      this.#groups = this.#groups.filter((g) => g.id !== id);
      if (group)
        for (const [uid, u] of this.users)
          this.users.set(uid, { ...u, groups: u.groups.filter((n) => n !== group.name) });
    });
  }

  #checkRoles(roles: readonly string[]): void {
    for (const r of roles) {
      if (!this.#roles.some((x) => x.name === r)) throw userError('bad_request', `role ${r} does not exist (400)`);
    }
  }

  #id(kind: string, n: number): string {
    return `00000000-0000-4000-${kind}000-${String(n).padStart(12, '0')}`;
  }

  /**
   * What the service's verify endpoint answers for a full key; VALID records last_used_at unless `recordUse` is false.
   */
  verify(fullKey: string, recordUse = true): 'VALID' | 'NOT_FOUND' | 'DISABLED' | 'EXPIRED' {
    const record = this.#keys.get(fullKey.slice(0, 32));
    if (!record || record.hash !== createHash('sha256').update(fullKey).digest('hex')) return 'NOT_FOUND';
    const state: KeyState = this.#view(record).state;
    if (state === 'expired') return 'EXPIRED';
    if (state === 'disabled') return 'DISABLED';
    if (recordUse) record.key = { ...record.key, lastUsedAt: this.#now() };
    return 'VALID';
  }

  /** Every key as the API would list it now. */
  listKeys(): RemoteKey[] {
    return [...this.#keys.values()].map((r) => this.#view(r));
  }
}

/** Every KeyDriver method of `inner` as an own property, so a test can override a few with an object spread. */
export function forwarding(inner: KeyDriver): KeyDriver {
  return {
    name: inner.name,
    observe: () => inner.observe(),
    createServiceUser: (input) => inner.createServiceUser(input),
    updateServiceUser: (id, input) => inner.updateServiceUser(id, input),
    deleteServiceUser: (id) => inner.deleteServiceUser(id),
    createKey: (input) => inner.createKey(input),
    setKeyState: (id, state) => inner.setKeyState(id, state),
    deleteKey: (id) => inner.deleteKey(id),
    createRole: (input) => inner.createRole(input),
    updateRole: (id, input) => inner.updateRole(id, input),
    deleteRole: (id) => inner.deleteRole(id),
    createGroup: (input) => inner.createGroup(input),
    updateGroup: (id, input) => inner.updateGroup(id, input),
    deleteGroup: (id) => inner.deleteGroup(id),
  };
}
