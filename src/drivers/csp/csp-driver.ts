// The KeyDriver over the CSP dialect, shared by the `keyward` and `infoblox` drivers (the wire is the same).
// Observes by list pages only; wraps a created key's secret in Secret at once and never lets it reach an error or event.
import { userError } from '../../kernel/errors.js';
import { Secret } from '../../kernel/secret.js';
import type {
  CreatedKey,
  CreateKeyInput,
  CreateUserInput,
  KeyDriver,
  ObservedRemote,
  RemoteGroup,
  RemoteKey,
  RemoteUser,
  UpdateUserInput,
} from '../../core/ports/key-driver.js';
import type { CspClient } from './client.js';
import { badResponse, notFound } from './failures.js';
import { filterEq } from './filter.js';
import { KEY_PREFIX, USER_PREFIX, bareId, toRemoteGroup, toRemoteKey, toRemoteUser } from './wire.js';

const USERS = '/v2/users';
const KEYS = '/v2/api_keys';
const GROUPS = '/v2/groups';

export class CspKeyDriver implements KeyDriver {
  readonly name: string;
  readonly #client: CspClient;
  /** Groups as last listed by this driver instance; refreshed when a name is not found. */
  #groups: readonly RemoteGroup[] | null = null;

  constructor(name: string, client: CspClient) {
    this.name = name;
    this.#client = client;
  }

  async observe(): Promise<ObservedRemote> {
    // One list after the other: a failure stops observe at once instead of leaving other lists retrying behind it.
    // Each page becomes compact records as it arrives: 10,000 raw wire objects never live at once.
    const listGroups = { method: 'GET', path: GROUPS };
    const groups = await this.#client.list(GROUPS, {}, (g, i) => toRemoteGroup(listGroups, `results[${i}]`, g));
    this.#groups = uniqueById(groups.items);
    const names = groupNameMap(this.#groups);
    const listUsers = { method: 'GET', path: USERS };
    const users = await this.#client.list(USERS, { filter: filterEq('type', 'service') }, (u, i) =>
      toRemoteUser(listUsers, `results[${i}]`, u, names),
    );
    const listKeys = { method: 'GET', path: KEYS };
    const keys = await this.#client.list(KEYS, { filter: filterEq('type', 'service') }, (k, i) =>
      toRemoteKey(listKeys, `results[${i}]`, k),
    );
    return {
      users: uniqueById(users.items).filter((u) => u.type === 'service'),
      keys: uniqueById(keys.items).filter((k) => k.type === 'service'),
      groups: this.#groups,
      requests: users.requests + keys.requests + groups.requests,
    };
  }

  async createServiceUser(input: CreateUserInput): Promise<RemoteUser> {
    const groupIds = await this.#groupIds(input.groups);
    const call = { method: 'POST', path: USERS };
    const raw = await this.#client.create(USERS, {
      name: input.name,
      type: 'service',
      description: input.description,
      group_ids: groupIds,
    });
    return toRemoteUser(call, 'result', raw, await this.#groupNamesFor(raw));
  }

  async updateServiceUser(id: string, input: UpdateUserInput): Promise<RemoteUser> {
    const body: Record<string, unknown> = {};
    if (input.description !== undefined) body.description = input.description;
    if (input.groups !== undefined) body.group_ids = await this.#groupIds(input.groups);
    const path = `${USERS}/${encodeURIComponent(bareId(USER_PREFIX, id))}`;
    const raw = await this.#client.update(path, body);
    if (raw === null) throw notFound({ method: 'PATCH', path }, null, 'the service user no longer exists');
    return toRemoteUser({ method: 'PATCH', path }, 'result', raw, await this.#groupNamesFor(raw));
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

  async #listGroups(): Promise<readonly RemoteGroup[]> {
    const listed = await this.#client.list(GROUPS, {}, (g, i) =>
      toRemoteGroup({ method: 'GET', path: GROUPS }, `results[${i}]`, g),
    );
    this.#groups = uniqueById(listed.items);
    return this.#groups;
  }

  /** Bare group id → name for a user object; lists groups only when the user has some and none are known yet. */
  async #groupNamesFor(raw: Record<string, unknown>): Promise<Map<string, string>> {
    const hasGroups = Array.isArray(raw.group_ids) && raw.group_ids.length > 0;
    if (hasGroups && this.#groups === null) await this.#listGroups();
    return groupNameMap(this.#groups ?? []);
  }

  /** Group names → bare ids; lists groups again when a name is unknown, then fails naming it. */
  async #groupIds(names: readonly string[]): Promise<string[]> {
    if (names.length === 0) return [];
    const cached = this.#groups;
    let groups = cached ?? (await this.#listGroups());
    if (cached !== null && names.some((n) => !groups.some((g) => g.name === n))) groups = await this.#listGroups();
    return names.map((name) => {
      const matches = groups.filter((g) => g.name === name);
      if (matches.length === 1) return (matches[0] as RemoteGroup).id;
      if (matches.length > 1)
        throw userError(
          'driver.group-ambiguous',
          `group "${name}" names ${matches.length} groups on the key service; rename one`,
        );
      const known = groups.map((g) => g.name).sort();
      const shown = known.length > 20 ? `${known.slice(0, 20).join(', ')}, …` : known.join(', ');
      throw userError(
        'driver.group-unknown',
        `group "${name}" does not exist on the key service (groups: ${shown || 'none'})`,
      );
    });
  }
}

function groupNameMap(groups: readonly RemoteGroup[]): Map<string, string> {
  return new Map(groups.map((g) => [g.id, g.name]));
}

/** Offset paging over a changing list can repeat an item; keep the first of each id. */
function uniqueById<T extends { readonly id: string }>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => (seen.has(item.id) ? false : (seen.add(item.id), true)));
}
