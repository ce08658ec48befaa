// The permission matrix through HTTP: each role (All Access, user.manage, service_api_key.create,
// service_api_key.read, none) × each call.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, backends, serviceKey, serviceUser, startTestService, type TestService } from './support/harness.js';

type Role = 'admin' | 'userManage' | 'keyCreate' | 'keyRead' | 'none';
const ROLES: Role[] = ['admin', 'userManage', 'keyCreate', 'keyRead', 'none'];

interface Case {
  readonly call: string;
  /** Expected status per role; a 403 must name `permission`. */
  readonly expect: Readonly<Record<Role, number>>;
  /** The permission a 403 names: one for all roles, or per role. */
  readonly permission?: string | Partial<Record<Role, string>>;
  run(t: TestService, key: string, n: number): Promise<{ status: number; error: string }>;
}

const ALL_OK = (status: number) => ({
  admin: status,
  userManage: status,
  keyCreate: status,
  keyRead: status,
  none: status,
});

const cases: Case[] = [
  {
    call: 'POST /v2/users (service)',
    permission: 'user.manage',
    expect: { admin: 201, userManage: 201, keyCreate: 403, keyRead: 403, none: 403 },
    run: (t, key, n) => t.call('POST', '/v2/users', { key, body: { name: `svc-new-${n}`, type: 'service' } }),
  },
  {
    call: 'POST /v2/users (interactive)',
    permission: '*',
    expect: { admin: 201, userManage: 403, keyCreate: 403, keyRead: 403, none: 403 },
    run: (t, key, n) =>
      t.call('POST', '/v2/users', { key, body: { name: `person-${n}`, type: 'interactive', email: `p${n}@x.io` } }),
  },
  {
    call: 'PATCH /v2/users/<service user>',
    permission: 'user.manage',
    expect: { admin: 200, userManage: 200, keyCreate: 403, keyRead: 403, none: 403 },
    run: async (t, key, n) =>
      t.call('PATCH', `/v2/users/${await serviceUser(t, `target-p-${n}`)}`, { key, body: { description: 'x' } }),
  },
  {
    call: 'PATCH /v2/users/<id> group_ids',
    permission: { userManage: '*', keyCreate: 'user.manage', keyRead: 'user.manage', none: 'user.manage' },
    expect: { admin: 200, userManage: 403, keyCreate: 403, keyRead: 403, none: 403 },
    run: async (t, key, n) => {
      const group = (await t.call('POST', '/v2/groups', { body: { name: `g-${n}` } })).result.id;
      return t.call('PATCH', `/v2/users/${await serviceUser(t, `target-g-${n}`)}`, {
        key,
        body: { group_ids: [group] },
      });
    },
  },
  {
    call: 'DELETE /v2/users/<service user>',
    permission: 'user.manage',
    expect: { admin: 200, userManage: 200, keyCreate: 403, keyRead: 403, none: 403 },
    run: async (t, key, n) => t.call('DELETE', `/v2/users/${await serviceUser(t, `target-d-${n}`)}`, { key }),
  },
  {
    call: 'POST /v2/api_keys',
    permission: 'service_api_key.create',
    expect: { admin: 201, userManage: 403, keyCreate: 201, keyRead: 403, none: 403 },
    run: async (t, key, n) =>
      t.call('POST', '/v2/api_keys', {
        key,
        body: { name: 'k', user_id: await serviceUser(t, `target-k-${n}`), expires_at: at(9) },
      }),
  },
  {
    call: 'GET /v2/api_keys/<service key>',
    permission: 'service_api_key.create',
    expect: { admin: 200, userManage: 403, keyCreate: 200, keyRead: 200, none: 403 },
    run: async (t, key, n) =>
      t.call('GET', `/v2/api_keys/${(await serviceKey(t, await serviceUser(t, `target-r-${n}`), 'k')).id}`, { key }),
  },
  {
    call: 'PATCH /v2/api_keys/<service key>',
    permission: 'service_api_key.create',
    expect: { admin: 200, userManage: 403, keyCreate: 200, keyRead: 403, none: 403 },
    run: async (t, key, n) =>
      t.call('PATCH', `/v2/api_keys/${(await serviceKey(t, await serviceUser(t, `target-s-${n}`), 'k')).id}`, {
        key,
        body: { state: 'disabled' },
      }),
  },
  {
    call: 'DELETE /v2/api_keys/<service key>',
    permission: 'service_api_key.create',
    expect: { admin: 200, userManage: 403, keyCreate: 200, keyRead: 403, none: 403 },
    run: async (t, key, n) =>
      t.call('DELETE', `/v2/api_keys/${(await serviceKey(t, await serviceUser(t, `target-x-${n}`), 'k')).id}`, { key }),
  },
  {
    call: 'PATCH /v2/api_keys/<admin interactive key>',
    expect: { admin: 200, userManage: 403, keyCreate: 403, keyRead: 403, none: 403 },
    run: async (t, key, n) => {
      const own = await t.call('POST', '/v2/current_api_keys', { body: { name: `admin-own-${n}`, expires_at: at(9) } });
      return t.call('PATCH', `/v2/api_keys/${own.result.id}`, { key, body: { state: 'disabled' } });
    },
  },
  {
    call: 'POST /v2/groups',
    permission: '*',
    expect: { admin: 201, userManage: 403, keyCreate: 403, keyRead: 403, none: 403 },
    run: (t, key, n) => t.call('POST', '/v2/groups', { key, body: { name: `new-group-${n}` } }),
  },
  {
    call: 'PATCH /v2/groups/<id>',
    permission: '*',
    expect: { admin: 200, userManage: 403, keyCreate: 403, keyRead: 403, none: 403 },
    run: async (t, key, n) =>
      t.call('PATCH', `/v2/groups/${(await t.call('POST', '/v2/groups', { body: { name: `pg-${n}` } })).result.id}`, {
        key,
        body: { account_alerts: true },
      }),
  },
  {
    call: 'DELETE /v2/groups/<id>',
    permission: '*',
    expect: { admin: 200, userManage: 403, keyCreate: 403, keyRead: 403, none: 403 },
    run: async (t, key, n) =>
      t.call('DELETE', `/v2/groups/${(await t.call('POST', '/v2/groups', { body: { name: `dg-${n}` } })).result.id}`, {
        key,
      }),
  },
  {
    call: 'POST /v2/roles',
    permission: '*',
    expect: { admin: 201, userManage: 403, keyCreate: 403, keyRead: 403, none: 403 },
    run: (t, key, n) =>
      t.call('POST', '/v2/roles', { key, body: { name: `new-role-${n}`, permissions: ['user.manage'] } }),
  },
  {
    call: 'PATCH /v2/roles/<id>',
    permission: '*',
    expect: { admin: 200, userManage: 403, keyCreate: 403, keyRead: 403, none: 403 },
    run: async (t, key, n) =>
      t.call(
        'PATCH',
        `/v2/roles/${(await t.call('POST', '/v2/roles', { body: { name: `pr-${n}`, permissions: [] } })).result.id}`,
        { key, body: { permissions: ['user.manage'] } },
      ),
  },
  {
    call: 'DELETE /v2/roles/<id>',
    permission: '*',
    expect: { admin: 200, userManage: 403, keyCreate: 403, keyRead: 403, none: 403 },
    run: async (t, key, n) =>
      t.call(
        'DELETE',
        `/v2/roles/${(await t.call('POST', '/v2/roles', { body: { name: `dr-${n}`, permissions: [] } })).result.id}`,
        { key },
      ),
  },
  {
    call: 'GET /api/auditlog/v1/logs',
    permission: '*',
    expect: { admin: 200, userManage: 403, keyCreate: 403, keyRead: 403, none: 403 },
    run: (t, key) => t.call('GET', '/api/auditlog/v1/logs', { key }),
  },
  {
    call: 'GET /api/auditlog/v1/logs?format=csv',
    permission: '*',
    expect: { admin: 200, userManage: 403, keyCreate: 403, keyRead: 403, none: 403 },
    run: (t, key) => t.call('GET', '/api/auditlog/v1/logs?format=csv', { key }),
  },
  { call: 'GET /v2/users', expect: ALL_OK(200), run: (t, key) => t.call('GET', '/v2/users', { key }) },
  { call: 'GET /v2/groups', expect: ALL_OK(200), run: (t, key) => t.call('GET', '/v2/groups', { key }) },
  { call: 'GET /v2/roles', expect: ALL_OK(200), run: (t, key) => t.call('GET', '/v2/roles', { key }) },
  { call: 'GET /v2/current_user', expect: ALL_OK(200), run: (t, key) => t.call('GET', '/v2/current_user', { key }) },
  {
    call: 'GET /v2/current_api_keys',
    expect: ALL_OK(200),
    run: (t, key) => t.call('GET', '/v2/current_api_keys', { key }),
  },
  { call: 'GET /v2/notifications', expect: ALL_OK(200), run: (t, key) => t.call('GET', '/v2/notifications', { key }) },
  {
    call: 'POST /v2/api_keys/verify',
    expect: ALL_OK(200),
    run: (t, key) => t.call('POST', '/v2/api_keys/verify', { key, body: { key: 'f'.repeat(64) } }),
  },
];

describe.each(backends())('permission matrix on %s', (backend) => {
  let t: TestService;
  const keys = new Map<Role, string>();
  const ids = new Map<Role, string>();
  beforeAll(async () => {
    t = await startTestService(backend);
    const role = async (name: string, permission: string) =>
      (await t.call('POST', '/v2/roles', { body: { name, permissions: [permission] } })).result.id;
    const group = async (name: string, roleId: string) =>
      (await t.call('POST', '/v2/groups', { body: { name, roles: [roleId] } })).result.id;
    const groups: Record<Role, string[]> = {
      admin: [(await t.call('GET', '/v2/groups?_filter=name=="Administrators"')).results[0]?.id ?? ''],
      userManage: [await group('user-managers', await role('User Manage', 'user.manage'))],
      keyCreate: [await group('key-creators', await role('Service API Keys Create', 'service_api_key.create'))],
      keyRead: [await group('key-readers', await role('Service API Keys Read', 'service_api_key.read'))],
      none: [],
    };
    for (const r of ROLES) {
      const user = (
        await t.call('POST', '/v2/users', { body: { name: `caller-${r}`, type: 'service', group_ids: groups[r] } })
      ).result.id;
      ids.set(r, user);
      keys.set(r, (await serviceKey(t, user, 'caller')).key as string);
    }
  });
  afterAll(async () => t?.close());

  let n = 0;
  for (const c of cases) {
    it(`${c.call}: ${ROLES.map((r) => `${r} ${c.expect[r]}`).join(', ')}`, async () => {
      for (const r of ROLES) {
        const response = await c.run(t, keys.get(r) as string, n++);
        expect({ role: r, status: response.status, error: response.error }).toMatchObject({
          role: r,
          status: c.expect[r],
        });
        const permission = typeof c.permission === 'string' ? c.permission : c.permission?.[r];
        if (response.status === 403 && permission)
          expect(response.error).toContain(`requires permission ${permission}`);
      }
    });
  }

  it('lists for each caller only the keys it may see', async () => {
    const visible = async (r: Role) => (await t.call('GET', '/v2/api_keys?_limit=1000', { key: keys.get(r) })).results;
    const all = await visible('admin');
    expect(all.some((k) => k.user_name === 'admin')).toBe(true);
    expect((await visible('none')).map((k) => k.user_id)).toEqual([ids.get('none')]);
    expect((await visible('userManage')).map((k) => k.user_id)).toEqual([ids.get('userManage')]);
    const keyCreator = await visible('keyCreate');
    expect(keyCreator.every((k) => k.type === 'service')).toBe(true);
    expect(keyCreator.length).toBe(all.filter((k) => k.type === 'service').length);
    // The plan job's read-only role sees what a key creator sees, and can change none of it (the matrix above).
    expect((await visible('keyRead')).map((k) => k.id).sort()).toEqual(keyCreator.map((k) => k.id).sort());
  });

  it('audits permission denials with actor, target and outcome', async () => {
    await t.call('POST', '/v2/groups', { key: keys.get('none'), body: { name: 'denied-group' } });
    const denied = await t.call(
      'GET',
      `/api/auditlog/v1/logs?_filter=${encodeURIComponent('outcome=="denied" and action=="group.create"')}`,
    );
    expect(denied.results[0]).toMatchObject({
      actor: 'caller-none',
      actor_id: ids.get('none'),
      outcome: 'denied',
      detail: expect.stringContaining('requires permission *'),
    });
  });
});
