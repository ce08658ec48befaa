// A key service peopled for the permission matrix: one caller per role combination, plus fixtures made on demand.
// Never reaches into storage: every caller, group, role and key is made over HTTP, as an operator would.
import {
  ADMIN_KEY,
  at,
  serviceKey,
  startTestService,
  type ApiResponse,
  type Backend,
  type TestService,
} from './harness.js';

/** Who calls: All Access, User Manage, Service API Keys Create, both, none, and an interactive user with no role. */
export type Caller = 'admin' | 'userManage' | 'keyCreate' | 'both' | 'none' | 'owner';
export const CALLERS: readonly Caller[] = ['admin', 'userManage', 'keyCreate', 'both', 'none', 'owner'];

/** The privilege of a target service user: no group, User Manage, or Administrators (All Access). */
type Privilege = 'plain' | 'userManage' | 'admin';

export interface PrivilegeWorld {
  readonly t: TestService;
  readonly keys: ReadonlyMap<Caller, string>;
  readonly ids: ReadonlyMap<Caller, string>;
  readonly groups: { readonly admins: string; readonly userManage: string; readonly keyCreate: string };
  /** Calls as the service user in Administrators (fixtures are made by it). */
  asAdmin(method: string, path: string, body?: unknown): Promise<ApiResponse>;
  /** A fresh service user of that privilege; its id. */
  target(privilege: Privilege): Promise<string>;
  /** A fresh service key of `userId`; its id. */
  keyOf(userId: string): Promise<string>;
  /** A fresh key the caller owns (interactive for the interactive owner, else service); its id. */
  ownKey(caller: Caller): Promise<string>;
  /** Disables a key as `by` (a caller), checking it worked. */
  disable(keyId: string, by: Caller): Promise<void>;
  close(): Promise<void>;
}

export async function startPrivilegeWorld(backend: Backend): Promise<PrivilegeWorld> {
  const t = await startTestService(backend);
  let n = 0;
  const must = async (r: Promise<ApiResponse>, what: string): Promise<ApiResponse> => {
    const done = await r;
    if (done.status >= 300) throw new Error(`${what}: ${done.status} ${done.error}`);
    return done;
  };
  const admins = (await t.call('GET', '/v2/groups?_filter=name=="Administrators"')).results[0]?.id as string;
  const role = async (name: string, permissions: string[]) =>
    (await must(t.call('POST', '/v2/roles', { body: { name, permissions } }), `role ${name}`)).result.id;
  const group = async (name: string, roles: string[]) =>
    (await must(t.call('POST', '/v2/groups', { body: { name, roles } }), `group ${name}`)).result.id;
  const manage = await role('User Manage', ['user.manage']);
  const create = await role('Service API Keys Create', ['service_api_key.create']);
  const groups = {
    admins,
    userManage: await group('user-managers', [manage]),
    keyCreate: await group('key-creators', [create]),
  };
  const memberships: Record<Exclude<Caller, 'owner'>, string[]> = {
    admin: [admins],
    userManage: [groups.userManage],
    keyCreate: [groups.keyCreate],
    both: [groups.userManage, groups.keyCreate],
    none: [],
  };
  const keys = new Map<Caller, string>();
  const ids = new Map<Caller, string>();
  for (const [caller, groupIds] of Object.entries(memberships) as Array<[Exclude<Caller, 'owner'>, string[]]>) {
    const user = (
      await must(
        t.call('POST', '/v2/users', { body: { name: `caller-${caller}`, type: 'service', group_ids: groupIds } }),
        caller,
      )
    ).result.id;
    ids.set(caller, user);
    keys.set(caller, (await serviceKey(t, user, 'caller')).key as string);
  }
  // The interactive owner is the bootstrap user, taken out of Administrators by the service administrator:
  // an interactive user holding its own keys and no permission (nobody can make an interactive key for another).
  const owner = (await t.call('GET', '/v2/current_user')).result.id;
  const asAdmin = (method: string, path: string, body?: unknown) =>
    t.call(method, path, { key: keys.get('admin'), body });
  await must(asAdmin('PATCH', `/v2/users/${owner}`, { group_ids: [] }), 'demoting the bootstrap user');
  ids.set('owner', owner);
  keys.set('owner', ADMIN_KEY);

  const target = async (privilege: Privilege) => {
    const groupIds = privilege === 'admin' ? [admins] : privilege === 'userManage' ? [groups.userManage] : [];
    return (
      await must(
        asAdmin('POST', '/v2/users', { name: `target-${privilege}-${n++}`, type: 'service', group_ids: groupIds }),
        'target',
      )
    ).result.id;
  };
  const keyOf = async (userId: string) =>
    (await must(asAdmin('POST', '/v2/api_keys', { name: `k-${n++}`, user_id: userId, expires_at: at(30) }), 'key'))
      .result.id;
  const ownKey = async (caller: Caller) => {
    if (caller !== 'owner') return keyOf(ids.get(caller) as string);
    const r = t.call('POST', '/v2/current_api_keys', {
      key: ADMIN_KEY,
      body: { name: `own-${n++}`, expires_at: at(30) },
    });
    return (await must(r, 'own interactive key')).result.id;
  };
  const disable = async (keyId: string, by: Caller) => {
    await must(
      t.call('PATCH', `/v2/api_keys/${keyId}`, { key: keys.get(by), body: { state: 'disabled' } }),
      `disabling as ${by}`,
    );
  };
  return { t, keys, ids, groups, asAdmin, target, keyOf, ownKey, disable, close: () => t.close() };
}
