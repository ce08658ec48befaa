// The permission matrix over HTTP: every caller (role combination) × every endpoint × target privilege, with the
// expected status in the table; it holds every escalation path of issue 11 (no permission grows itself).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, backends, type ApiResponse } from './support/harness.js';
import { CALLERS, startPrivilegeWorld, type Caller, type PrivilegeWorld } from './support/privilege-world.js';

/** Expected status per caller: admin, userManage, keyCreate, both, none, owner (interactive, no role). */
type Row = readonly [admin: number, userManage: number, keyCreate: number, both: number, none: number, owner: number];

interface Case {
  readonly call: string;
  readonly target: string;
  readonly expect: Row;
  run(w: PrivilegeWorld, caller: Caller, key: string, n: number): Promise<ApiResponse>;
}

const ALL = (status: number): Row => [status, status, status, status, status, status];
const ADMIN_ONLY = (status: number): Row => [status, 403, 403, 403, 403, 403];
const call = (w: PrivilegeWorld, key: string, method: string, path: string, body?: unknown) => w.t.call(method, path, { key, body });

const cases: Case[] = [
  // Reading: any authenticated caller; the audit log: All Access only.
  { call: 'GET /v2/current_user', target: '-', expect: ALL(200), run: (w, _c, k) => call(w, k, 'GET', '/v2/current_user') },
  { call: 'GET /v2/users', target: '-', expect: ALL(200), run: (w, _c, k) => call(w, k, 'GET', '/v2/users') },
  { call: 'GET /v2/users/<id>', target: 'admin', expect: ALL(200), run: async (w, _c, k) => call(w, k, 'GET', `/v2/users/${await w.target('admin')}`) },
  { call: 'GET /v2/groups', target: '-', expect: ALL(200), run: (w, _c, k) => call(w, k, 'GET', '/v2/groups') },
  { call: 'GET /v2/groups/<id>', target: 'Administrators', expect: ALL(200), run: (w, _c, k) => call(w, k, 'GET', `/v2/groups/${w.groups.admins}`) },
  { call: 'GET /v2/roles', target: '-', expect: ALL(200), run: (w, _c, k) => call(w, k, 'GET', '/v2/roles') },
  { call: 'GET /v2/api_keys', target: '-', expect: ALL(200), run: (w, _c, k) => call(w, k, 'GET', '/v2/api_keys') },
  { call: 'GET /v2/current_api_keys', target: '-', expect: ALL(200), run: (w, _c, k) => call(w, k, 'GET', '/v2/current_api_keys') },
  { call: 'GET /v2/notifications', target: '-', expect: ALL(200), run: (w, _c, k) => call(w, k, 'GET', '/v2/notifications') },
  { call: 'POST /v2/api_keys/verify', target: '-', expect: ALL(200), run: (w, _c, k) => call(w, k, 'POST', '/v2/api_keys/verify', { key: 'e'.repeat(64) }) },
  { call: 'GET /api/auditlog/v1/logs', target: '-', expect: ADMIN_ONLY(200), run: (w, _c, k) => call(w, k, 'GET', '/api/auditlog/v1/logs') },
  { call: 'GET /api/auditlog/v1/logs?format=csv', target: '-', expect: ADMIN_ONLY(200), run: (w, _c, k) => call(w, k, 'GET', '/api/auditlog/v1/logs?format=csv') },

  // Users: user.manage for service users, All Access for interactive users and memberships, and never more than held.
  { call: 'POST /v2/users (service)', target: 'plain', expect: [201, 201, 403, 201, 403, 403],
    run: (w, _c, k, n) => call(w, k, 'POST', '/v2/users', { name: `new-svc-${n}`, type: 'service' }) },
  { call: 'POST /v2/users (service, in Administrators)', target: 'admin', expect: ADMIN_ONLY(201),
    run: (w, _c, k, n) => call(w, k, 'POST', '/v2/users', { name: `new-adm-${n}`, type: 'service', group_ids: [w.groups.admins] }) },
  { call: 'POST /v2/users (interactive)', target: 'plain', expect: ADMIN_ONLY(201),
    run: (w, _c, k, n) => call(w, k, 'POST', '/v2/users', { name: `person-${n}`, type: 'interactive', email: `person-${n}@example.com` }) },
  { call: 'PATCH /v2/users/<id> description', target: 'plain', expect: [200, 200, 403, 200, 403, 403],
    run: async (w, _c, k) => call(w, k, 'PATCH', `/v2/users/${await w.target('plain')}`, { description: 'x' }) },
  { call: 'PATCH /v2/users/<id> description', target: 'admin', expect: ADMIN_ONLY(200),
    run: async (w, _c, k) => call(w, k, 'PATCH', `/v2/users/${await w.target('admin')}`, { description: 'x' }) },
  { call: 'PATCH /v2/users/<id> name', target: 'admin', expect: ADMIN_ONLY(200),
    run: async (w, _c, k, n) => call(w, k, 'PATCH', `/v2/users/${await w.target('admin')}`, { name: `renamed-${n}` }) },
  { call: 'PATCH /v2/users/<id> group_ids += Administrators', target: 'plain', expect: ADMIN_ONLY(200),
    run: async (w, _c, k) => call(w, k, 'PATCH', `/v2/users/${await w.target('plain')}`, { group_ids: [w.groups.admins] }) },
  { call: 'PATCH /v2/users/<self> group_ids = Administrators', target: 'self', expect: ADMIN_ONLY(200),
    run: (w, c, k) => call(w, k, 'PATCH', `/v2/users/${w.ids.get(c)}`, { group_ids: [w.groups.admins] }) },
  { call: 'PATCH /v2/users/<id> group_ids = [] (demote)', target: 'admin', expect: ADMIN_ONLY(200),
    run: async (w, _c, k) => call(w, k, 'PATCH', `/v2/users/${await w.target('admin')}`, { group_ids: [] }) },
  { call: 'DELETE /v2/users/<id>', target: 'plain', expect: [200, 200, 403, 200, 403, 403],
    run: async (w, _c, k) => call(w, k, 'DELETE', `/v2/users/${await w.target('plain')}`) },
  { call: 'DELETE /v2/users/<id>', target: 'userManage', expect: [200, 200, 403, 200, 403, 403],
    run: async (w, _c, k) => call(w, k, 'DELETE', `/v2/users/${await w.target('userManage')}`) },
  { call: 'DELETE /v2/users/<id>', target: 'admin', expect: ADMIN_ONLY(200),
    run: async (w, _c, k) => call(w, k, 'DELETE', `/v2/users/${await w.target('admin')}`) },

  // Groups and roles grant permissions: All Access only.
  { call: 'POST /v2/groups (with All Access)', target: 'admin', expect: ADMIN_ONLY(201),
    run: async (w, _c, k, n) => {
      const allAccess = (await w.asAdmin('GET', '/v2/roles?_filter=built_in==true')).results[0]?.id;
      return call(w, k, 'POST', '/v2/groups', { name: `grp-${n}`, roles: [allAccess] });
    } },
  { call: 'PATCH /v2/groups/<id> roles', target: 'plain', expect: ADMIN_ONLY(200),
    run: async (w, _c, k, n) => {
      const id = (await w.asAdmin('POST', '/v2/groups', { name: `pg-${n}` })).result.id;
      return call(w, k, 'PATCH', `/v2/groups/${id}`, { roles: (await w.asAdmin('GET', `/v2/groups/${w.groups.userManage}`)).result.roles });
    } },
  { call: 'DELETE /v2/groups/<id>', target: 'plain', expect: ADMIN_ONLY(200),
    run: async (w, _c, k, n) => call(w, k, 'DELETE', `/v2/groups/${(await w.asAdmin('POST', '/v2/groups', { name: `dg-${n}` })).result.id}`) },
  { call: 'POST /v2/roles ["*"]', target: 'admin', expect: ADMIN_ONLY(201),
    run: (w, _c, k, n) => call(w, k, 'POST', '/v2/roles', { name: `star-${n}`, permissions: ['*'] }) },
  { call: 'PATCH /v2/roles/<id> permissions', target: 'plain', expect: ADMIN_ONLY(200),
    run: async (w, _c, k, n) => {
      const id = (await w.asAdmin('POST', '/v2/roles', { name: `pr-${n}`, permissions: [] })).result.id;
      return call(w, k, 'PATCH', `/v2/roles/${id}`, { permissions: ['service_api_key.create'] });
    } },
  { call: 'DELETE /v2/roles/<id>', target: 'plain', expect: ADMIN_ONLY(200),
    run: async (w, _c, k, n) => call(w, k, 'DELETE', `/v2/roles/${(await w.asAdmin('POST', '/v2/roles', { name: `dr-${n}`, permissions: [] })).result.id}`) },

  // Creating keys: service_api_key.create, and every permission the owner holds.
  { call: 'POST /v2/api_keys', target: 'plain', expect: [201, 403, 201, 201, 403, 403],
    run: async (w, _c, k) => call(w, k, 'POST', '/v2/api_keys', { name: 'k', user_id: await w.target('plain'), expires_at: at(9) }) },
  { call: 'POST /v2/api_keys', target: 'userManage', expect: [201, 403, 403, 201, 403, 403],
    run: async (w, _c, k) => call(w, k, 'POST', '/v2/api_keys', { name: 'k', user_id: await w.target('userManage'), expires_at: at(9) }) },
  { call: 'POST /v2/api_keys', target: 'admin', expect: ADMIN_ONLY(201),
    run: async (w, _c, k) => call(w, k, 'POST', '/v2/api_keys', { name: 'k', user_id: await w.target('admin'), expires_at: at(9) }) },
  { call: 'POST /v2/api_keys', target: 'self', expect: [201, 403, 201, 201, 403, 403],
    run: (w, c, k) => call(w, k, 'POST', '/v2/api_keys', { name: 'k', user_id: w.ids.get(c), expires_at: at(9) }) },
  { call: 'POST /v2/current_api_keys', target: 'self', expect: [403, 403, 403, 403, 403, 201],
    run: (w, _c, k, n) => call(w, k, 'POST', '/v2/current_api_keys', { name: `mine-${n}`, expires_at: at(9) }) },

  // Reading one key: the owner, service_api_key.create for service keys, All Access for all (no secret either way).
  { call: 'GET /v2/api_keys/<id>', target: 'admin', expect: [200, 403, 200, 200, 403, 403],
    run: async (w, _c, k) => call(w, k, 'GET', `/v2/api_keys/${await w.keyOf(await w.target('admin'))}`) },
  { call: 'GET /v2/api_keys/<id>', target: 'own', expect: ALL(200), run: async (w, c, k) => call(w, k, 'GET', `/v2/api_keys/${await w.ownKey(c)}`) },

  // Changing keys: as for reading, plus every permission the owner holds.
  { call: 'PATCH /v2/api_keys/<id> disable', target: 'plain', expect: [200, 403, 200, 200, 403, 403],
    run: async (w, _c, k) => call(w, k, 'PATCH', `/v2/api_keys/${await w.keyOf(await w.target('plain'))}`, { state: 'disabled' }) },
  { call: 'PATCH /v2/api_keys/<id> disable', target: 'userManage', expect: [200, 403, 403, 200, 403, 403],
    run: async (w, _c, k) => call(w, k, 'PATCH', `/v2/api_keys/${await w.keyOf(await w.target('userManage'))}`, { state: 'disabled' }) },
  { call: 'PATCH /v2/api_keys/<id> disable', target: 'admin', expect: ADMIN_ONLY(200),
    run: async (w, _c, k) => call(w, k, 'PATCH', `/v2/api_keys/${await w.keyOf(await w.target('admin'))}`, { state: 'disabled' }) },
  { call: 'PATCH /v2/api_keys/<id> rename', target: 'admin', expect: ADMIN_ONLY(200),
    run: async (w, _c, k) => call(w, k, 'PATCH', `/v2/api_keys/${await w.keyOf(await w.target('admin'))}`, { name: 'renamed' }) },
  { call: 'DELETE /v2/api_keys/<id>', target: 'plain', expect: [200, 403, 200, 200, 403, 403],
    run: async (w, _c, k) => call(w, k, 'DELETE', `/v2/api_keys/${await w.keyOf(await w.target('plain'))}`) },
  { call: 'DELETE /v2/api_keys/<id>', target: 'admin', expect: ADMIN_ONLY(200),
    run: async (w, _c, k) => call(w, k, 'DELETE', `/v2/api_keys/${await w.keyOf(await w.target('admin'))}`) },
  { call: 'PATCH /v2/api_keys/<id> disable', target: "owner's interactive key", expect: [200, 403, 403, 403, 403, 200],
    run: async (w, _c, k) => call(w, k, 'PATCH', `/v2/api_keys/${await w.ownKey('owner')}`, { state: 'disabled' }) },
  { call: 'PATCH /v2/api_keys/<id> disable', target: 'own', expect: ALL(200),
    run: async (w, c, k) => call(w, k, 'PATCH', `/v2/api_keys/${await w.ownKey(c)}`, { state: 'disabled' }) },
  { call: 'DELETE /v2/api_keys/<id>', target: 'own', expect: ALL(200), run: async (w, c, k) => call(w, k, 'DELETE', `/v2/api_keys/${await w.ownKey(c)}`) },

  // An administrator's disable sticks: enabling again needs every permission the disabler held.
  { call: 'PATCH enable, disabled by itself', target: 'own', expect: ALL(200),
    run: async (w, c, k) => {
      const id = await w.ownKey(c);
      await w.disable(id, c);
      return call(w, k, 'PATCH', `/v2/api_keys/${id}`, { state: 'enabled' });
    } },
  { call: 'PATCH enable, disabled by an administrator', target: 'own', expect: ADMIN_ONLY(200),
    run: async (w, c, k) => {
      const id = await w.ownKey(c);
      await w.disable(id, 'admin');
      return call(w, k, 'PATCH', `/v2/api_keys/${id}`, { state: 'enabled' });
    } },
  { call: 'PATCH enable, disabled by an administrator', target: 'plain', expect: ADMIN_ONLY(200),
    run: async (w, _c, k) => {
      const id = await w.keyOf(await w.target('plain'));
      await w.disable(id, 'admin');
      return call(w, k, 'PATCH', `/v2/api_keys/${id}`, { state: 'enabled' });
    } },
  { call: 'PATCH enable, disabled by Service API Keys Create', target: 'plain', expect: [200, 403, 200, 200, 403, 403],
    run: async (w, _c, k) => {
      const id = await w.keyOf(await w.target('plain'));
      await w.disable(id, 'keyCreate');
      return call(w, k, 'PATCH', `/v2/api_keys/${id}`, { state: 'enabled' });
    } },
];

describe.each(backends())('privilege matrix on %s', (backend) => {
  let w: PrivilegeWorld;
  beforeAll(async () => {
    w = await startPrivilegeWorld(backend);
  }, 60_000);
  afterAll(async () => w?.close());

  let n = 0;
  for (const c of cases) {
    it(`${c.call} [target ${c.target}]: ${CALLERS.map((caller, i) => `${caller} ${c.expect[i]}`).join(', ')}`, async () => {
      const seen = [];
      for (const caller of CALLERS) {
        const r = await c.run(w, caller, w.keys.get(caller) as string, n++);
        seen.push({ caller, status: r.status, ...(r.status >= 400 ? { code: r.code, error: r.error } : {}) });
      }
      expect(seen.map((s) => [s.caller, s.status])).toEqual(CALLERS.map((caller, i) => [caller, c.expect[i]]));
      for (const s of seen) if (s.status === 403) expect(s.code).toBe('forbidden');
    });
  }

  it('names what is missing when a caller would grow a permission, and audits the denial', async () => {
    const adminUser = await w.target('admin');
    const r = await w.t.call('POST', '/v2/api_keys', { key: w.keys.get('keyCreate'), body: { name: 'k', user_id: adminUser, expires_at: at(9) } });
    expect([r.status, r.error]).toEqual([403, expect.stringMatching(/requires permission \* \(All Access\), which that user holds/)]);
    const denied = await w.asAdmin('GET', `/api/auditlog/v1/logs?_filter=${encodeURIComponent(`outcome=="denied" and target=="${adminUser}"`)}`);
    expect(denied.results[0]).toMatchObject({ actor: 'caller-keyCreate', actor_type: 'service', action: 'api_key.create' });
  });

  it('a caller holding only service_api_key.create cannot become an administrator by any route', async () => {
    const k = w.keys.get('keyCreate') as string;
    const me = w.ids.get('keyCreate') as string;
    const attempts = [
      await w.t.call('POST', '/v2/api_keys', { key: k, body: { name: 'x', user_id: await w.target('admin'), expires_at: at(9) } }),
      await w.t.call('PATCH', `/v2/users/${me}`, { key: k, body: { group_ids: [w.groups.admins] } }),
      await w.t.call('POST', '/v2/roles', { key: k, body: { name: 'mine', permissions: ['*'] } }),
      await w.t.call('PATCH', `/v2/groups/${w.groups.keyCreate}`, { key: k, body: { roles: [] } }),
    ];
    expect(attempts.map((a) => a.status)).toEqual([403, 403, 403, 403]);
    expect((await w.t.call('GET', '/v2/current_user', { key: k })).result.group_ids).toEqual([w.groups.keyCreate]);
    expect((await w.t.call('GET', '/api/auditlog/v1/logs', { key: k })).status).toBe(403);
  });
});
