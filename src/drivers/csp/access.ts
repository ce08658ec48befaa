// Groups and roles over the CSP dialect: their lists, name ↔ id resolution, and create / update / delete.
// Keeps the last lists it saw to resolve names; lists again before calling a name unknown, and never guesses.
import { userError } from '../../kernel/errors.js';
import type { GroupInput, RemoteGroup, RemoteRole, RoleInput } from '../../core/ports/key-driver.js';
import type { CspClient } from './client.js';
import { notFound } from './failures.js';
import { GROUP_PREFIX, ROLE_PREFIX, bareId, toRemoteGroup, toRemoteRole } from './wire.js';

const GROUPS = '/v2/groups';
const ROLES = '/v2/roles';

interface Named {
  readonly id: string;
  readonly name: string;
}

export class CspAccess {
  readonly #client: CspClient;
  #roles: readonly RemoteRole[] | null = null;
  #groups: readonly RemoteGroup[] | null = null;

  constructor(client: CspClient) {
    this.#client = client;
  }

  /** Roles, then groups (whose role ids need the roles' names), by list pages only. */
  async observe(): Promise<{ roles: readonly RemoteRole[]; groups: readonly RemoteGroup[]; requests: number }> {
    const roles = await this.#listRoles();
    const groups = await this.#listGroups();
    return { roles: roles.items, groups: groups.items, requests: roles.requests + groups.requests };
  }

  /** Bare group id → name for a user object; lists groups only when the user has some and none are known yet. */
  async groupNamesFor(raw: Record<string, unknown>): Promise<Map<string, string>> {
    const hasGroups = Array.isArray(raw.group_ids) && raw.group_ids.length > 0;
    if (hasGroups && this.#groups === null) await this.#listGroups();
    return nameMap(this.#groups ?? []);
  }

  /** Group names → bare ids; lists groups again when a name is unknown, then fails naming it. */
  async groupIds(names: readonly string[]): Promise<string[]> {
    if (names.length === 0) return [];
    const cached = this.#groups;
    let groups = cached ?? (await this.#listGroups()).items;
    if (cached !== null && names.some((n) => !groups.some((g) => g.name === n)))
      groups = (await this.#listGroups()).items;
    return names.map((name) => idOf('group', name, groups));
  }

  async createRole(input: RoleInput): Promise<RemoteRole> {
    const raw = await this.#client.create(ROLES, { name: input.name, permissions: [...input.permissions] });
    const role = toRemoteRole({ method: 'POST', path: ROLES }, 'result', raw);
    this.#roles = [...(this.#roles ?? []).filter((r) => r.id !== role.id), role];
    return role;
  }

  async updateRole(id: string, input: RoleInput): Promise<RemoteRole> {
    const path = `${ROLES}/${encodeURIComponent(bareId(ROLE_PREFIX, id))}`;
    const raw = await this.#client.update(path, { name: input.name, permissions: [...input.permissions] });
    if (raw === null) throw notFound({ method: 'PATCH', path }, null, 'the role no longer exists');
    const role = toRemoteRole({ method: 'PATCH', path }, 'result', raw);
    this.#roles = (this.#roles ?? []).map((r) => (r.id === role.id ? role : r));
    return role;
  }

  async deleteRole(id: string): Promise<void> {
    const bare = bareId(ROLE_PREFIX, id);
    await this.#client.remove(`${ROLES}/${encodeURIComponent(bare)}`);
    this.#roles = (this.#roles ?? []).filter((r) => r.id !== bare);
  }

  async createGroup(input: GroupInput): Promise<RemoteGroup> {
    const raw = await this.#client.create(GROUPS, await this.#groupBody(input));
    const group = toRemoteGroup({ method: 'POST', path: GROUPS }, 'result', raw, nameMap(this.#roles ?? []));
    this.#groups = [...(this.#groups ?? []).filter((g) => g.id !== group.id), group];
    return group;
  }

  async updateGroup(id: string, input: GroupInput): Promise<RemoteGroup> {
    const path = `${GROUPS}/${encodeURIComponent(bareId(GROUP_PREFIX, id))}`;
    const raw = await this.#client.update(path, await this.#groupBody(input));
    if (raw === null) throw notFound({ method: 'PATCH', path }, null, 'the group no longer exists');
    const group = toRemoteGroup({ method: 'PATCH', path }, 'result', raw, nameMap(this.#roles ?? []));
    this.#groups = (this.#groups ?? []).map((g) => (g.id === group.id ? group : g));
    return group;
  }

  async deleteGroup(id: string): Promise<void> {
    const bare = bareId(GROUP_PREFIX, id);
    await this.#client.remove(`${GROUPS}/${encodeURIComponent(bare)}`);
    this.#groups = (this.#groups ?? []).filter((g) => g.id !== bare);
  }

  async #groupBody(input: GroupInput): Promise<Record<string, unknown>> {
    return {
      name: input.name,
      description: input.description,
      roles: await this.#roleIds(input.roles),
      account_alerts: input.accountAlerts,
    };
  }

  /** Role names → bare ids; lists roles again when a name is unknown, then fails naming it. */
  async #roleIds(names: readonly string[]): Promise<string[]> {
    if (names.length === 0) return [];
    const cached = this.#roles;
    let roles = cached ?? (await this.#listRoles()).items;
    if (cached !== null && names.some((n) => !roles.some((r) => r.name === n))) roles = (await this.#listRoles()).items;
    return names.map((name) => idOf('role', name, roles));
  }

  async #listRoles(): Promise<{ items: readonly RemoteRole[]; requests: number }> {
    const call = { method: 'GET', path: ROLES };
    const listed = await this.#client.list(ROLES, {}, (r, i) => toRemoteRole(call, `results[${i}]`, r));
    this.#roles = uniqueById(listed.items);
    return { items: this.#roles, requests: listed.requests };
  }

  async #listGroups(): Promise<{ items: readonly RemoteGroup[]; requests: number }> {
    const call = { method: 'GET', path: GROUPS };
    const roleNames = nameMap(this.#roles ?? []);
    const listed = await this.#client.list(GROUPS, {}, (g, i) => toRemoteGroup(call, `results[${i}]`, g, roleNames));
    this.#groups = uniqueById(listed.items);
    return { items: this.#groups, requests: listed.requests };
  }
}

/** The one id `name` has among `items`; an unknown or ambiguous name is the user's error, named with what exists. */
function idOf(kind: 'group' | 'role', name: string, items: readonly Named[]): string {
  const matches = items.filter((x) => x.name === name);
  if (matches.length === 1) return (matches[0] as Named).id;
  if (matches.length > 1)
    throw userError(
      `driver.${kind}-ambiguous`,
      `${kind} "${name}" names ${matches.length} ${kind}s on the key service; rename one`,
    );
  const known = items.map((x) => x.name).sort();
  const shown = known.length > 20 ? `${known.slice(0, 20).join(', ')}, …` : known.join(', ');
  throw userError(
    `driver.${kind}-unknown`,
    `${kind} "${name}" does not exist on the key service (${kind}s: ${shown || 'none'})`,
  );
}

function nameMap(items: readonly Named[]): Map<string, string> {
  return new Map(items.map((x) => [x.id, x.name]));
}

/** Offset paging over a changing list can repeat an item; keep the first of each id. */
export function uniqueById<T extends { readonly id: string }>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => (seen.has(item.id) ? false : (seen.add(item.id), true)));
}
