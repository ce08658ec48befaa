// The KeyDriver over the CSP dialect, shared by the `keyward` and `infoblox` drivers (the wire is the same).
// Observes by list pages only; wraps a created key's secret in Secret at once and never lets it reach an error or
// event.
import { Secret } from '../../kernel/secret.js';
import type {
  CreatedKey,
  CreateKeyInput,
  CreateUserInput,
  GroupInput,
  KeyDriver,
  ObservedRemote,
  RemoteGroup,
  RemoteKey,
  RemoteRole,
  RemoteUser,
  RoleInput,
  UpdateUserInput,
} from '../../core/ports/key-driver.js';
import type { CspClient } from './client.js';
import { badResponse, notFound } from './failures.js';
import { filterEq } from './filter.js';
import { KEY_PREFIX, USER_PREFIX, bareId, toRemoteKey, toRemoteUser } from './wire.js';
import { CspAccess, uniqueById } from './access.js';

const USERS = '/v2/users';
const KEYS = '/v2/api_keys';

export class CspKeyDriver implements KeyDriver {
  readonly name: string;
  readonly #client: CspClient;
  /** Groups and roles, with the lists this driver instance last saw (refreshed when a name is not found). */
  readonly #access: CspAccess;

  constructor(name: string, client: CspClient) {
    this.name = name;
    this.#client = client;
    this.#access = new CspAccess(client);
  }

  async observe(): Promise<ObservedRemote> {
    // One list after the other: a failure stops observe at once instead of leaving other lists retrying behind it.
    // Each page becomes compact records as it arrives: 10,000 raw wire objects never live at once.
    const access = await this.#access.observe();
    const names = new Map(access.groups.map((g) => [g.id, g.name]));
    const listUsers = { method: 'GET', path: USERS };
    const users = await this.#client.list(USERS, { filter: filterEq('type', 'service') }, (u, i) =>
      toRemoteUser(listUsers, `results[${i}]`, u, names),
    );
    const listKeys = { method: 'GET', path: KEYS };
    const userIds = new Map(users.items.map((u) => [`${USER_PREFIX}${u.id}`, u.id]));
    const keys = await this.#client.list(KEYS, { filter: filterEq('type', 'service') }, (k, i) =>
      toRemoteKey(listKeys, `results[${i}]`, k, userIds),
    );
    return {
      users: uniqueById(users.items).filter((u) => u.type === 'service'),
      keys: uniqueById(keys.items).filter((k) => k.type === 'service'),
      groups: access.groups,
      roles: access.roles,
      requests: users.requests + keys.requests + access.requests,
    };
  }

  async createServiceUser(input: CreateUserInput): Promise<RemoteUser> {
    const groupIds = await this.#access.groupIds(input.groups);
    const call = { method: 'POST', path: USERS };
    const raw = await this.#client.create(USERS, {
      name: input.name,
      type: 'service',
      description: input.description,
      group_ids: groupIds,
    });
    return toRemoteUser(call, 'result', raw, await this.#access.groupNamesFor(raw));
  }

  async updateServiceUser(id: string, input: UpdateUserInput): Promise<RemoteUser> {
    const body: Record<string, unknown> = {};
    if (input.description !== undefined) body.description = input.description;
    if (input.groups !== undefined) body.group_ids = await this.#access.groupIds(input.groups);
    const path = `${USERS}/${encodeURIComponent(bareId(USER_PREFIX, id))}`;
    const raw = await this.#client.update(path, body);
    if (raw === null) throw notFound({ method: 'PATCH', path }, null, 'the service user no longer exists');
    return toRemoteUser({ method: 'PATCH', path }, 'result', raw, await this.#access.groupNamesFor(raw));
  }

  async deleteServiceUser(id: string): Promise<void> {
    await this.#client.remove(`${USERS}/${encodeURIComponent(bareId(USER_PREFIX, id))}`);
  }

  async createKey(input: CreateKeyInput): Promise<CreatedKey> {
    const call = { method: 'POST', path: KEYS };
    const raw = await this.#client.create(KEYS, {
      name: input.name,
      user_id: bareId(USER_PREFIX, input.userId),
      expires_at: input.expiresAt === null ? null : input.expiresAt.toISOString(),
    });
    const value = raw.key;
    const { key: _dropped, ...rest } = raw;
    if (typeof value !== 'string' || value === '') {
      throw badResponse(
        call,
        'result.key is missing: a key may have been created whose secret was not returned; plan again to find it',
      );
    }
    const secret = new Secret(value);
    return { key: toRemoteKey(call, 'result', rest), secret };
  }

  async setKeyState(id: string, state: 'enabled' | 'disabled'): Promise<RemoteKey> {
    const path = `${KEYS}/${encodeURIComponent(bareId(KEY_PREFIX, id))}`;
    const raw = await this.#client.update(path, { state });
    if (raw === null) throw notFound({ method: 'PATCH', path }, null, 'the key no longer exists');
    return toRemoteKey({ method: 'PATCH', path }, 'result', raw);
  }

  async deleteKey(id: string): Promise<void> {
    await this.#client.remove(`${KEYS}/${encodeURIComponent(bareId(KEY_PREFIX, id))}`);
  }

  createRole(input: RoleInput): Promise<RemoteRole> {
    return this.#access.createRole(input);
  }

  updateRole(id: string, input: RoleInput): Promise<RemoteRole> {
    return this.#access.updateRole(id, input);
  }

  deleteRole(id: string): Promise<void> {
    return this.#access.deleteRole(id);
  }

  createGroup(input: GroupInput): Promise<RemoteGroup> {
    return this.#access.createGroup(input);
  }

  updateGroup(id: string, input: GroupInput): Promise<RemoteGroup> {
    return this.#access.updateGroup(id, input);
  }

  deleteGroup(id: string): Promise<void> {
    return this.#access.deleteGroup(id);
  }
}
