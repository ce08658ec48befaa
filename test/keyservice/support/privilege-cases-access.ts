// Permission matrix rows for reads, users, groups and roles (the table the privilege matrix test runs).
// Never reaches into storage: fixtures come from PrivilegeWorld over HTTP.
import { ADMIN_ONLY, ALL, call, type Case } from './privilege-table.js';

export const accessCases: Case[] = [
  // Reading: any authenticated caller; the audit log: All Access only.
  {
    call: 'GET /v2/current_user',
    target: '-',
    expect: ALL(200),
    run: (w, _c, k) => call(w, k, 'GET', '/v2/current_user'),
  },
  { call: 'GET /v2/users', target: '-', expect: ALL(200), run: (w, _c, k) => call(w, k, 'GET', '/v2/users') },
  {
    call: 'GET /v2/users/<id>',
    target: 'admin',
    expect: ALL(200),
    run: async (w, _c, k) => call(w, k, 'GET', `/v2/users/${await w.target('admin')}`),
  },
  { call: 'GET /v2/groups', target: '-', expect: ALL(200), run: (w, _c, k) => call(w, k, 'GET', '/v2/groups') },
  {
    call: 'GET /v2/groups/<id>',
    target: 'Administrators',
    expect: ALL(200),
    run: (w, _c, k) => call(w, k, 'GET', `/v2/groups/${w.groups.admins}`),
  },
  { call: 'GET /v2/roles', target: '-', expect: ALL(200), run: (w, _c, k) => call(w, k, 'GET', '/v2/roles') },
  { call: 'GET /v2/api_keys', target: '-', expect: ALL(200), run: (w, _c, k) => call(w, k, 'GET', '/v2/api_keys') },
  {
    call: 'GET /v2/current_api_keys',
    target: '-',
    expect: ALL(200),
    run: (w, _c, k) => call(w, k, 'GET', '/v2/current_api_keys'),
  },
  {
    call: 'GET /v2/notifications',
    target: '-',
    expect: ALL(200),
    run: (w, _c, k) => call(w, k, 'GET', '/v2/notifications'),
  },
  {
    call: 'POST /v2/api_keys/verify',
    target: '-',
    expect: ALL(200),
    run: (w, _c, k) => call(w, k, 'POST', '/v2/api_keys/verify', { key: 'e'.repeat(64) }),
  },
  {
    call: 'GET /api/auditlog/v1/logs',
    target: '-',
    expect: ADMIN_ONLY(200),
    run: (w, _c, k) => call(w, k, 'GET', '/api/auditlog/v1/logs'),
  },
  {
    call: 'GET /api/auditlog/v1/logs?format=csv',
    target: '-',
    expect: ADMIN_ONLY(200),
    run: (w, _c, k) => call(w, k, 'GET', '/api/auditlog/v1/logs?format=csv'),
  },

  // Users: user.manage for service users, All Access for interactive users and memberships, and never more than held.
  {
    call: 'POST /v2/users (service)',
    target: 'plain',
    expect: [201, 201, 403, 201, 403, 403],
    run: (w, _c, k, n) => call(w, k, 'POST', '/v2/users', { name: `new-svc-${n}`, type: 'service' }),
  },
  {
    call: 'POST /v2/users (service, in Administrators)',
    target: 'admin',
    expect: ADMIN_ONLY(201),
    run: (w, _c, k, n) =>
      call(w, k, 'POST', '/v2/users', { name: `new-adm-${n}`, type: 'service', group_ids: [w.groups.admins] }),
  },
  {
    call: 'POST /v2/users (interactive)',
    target: 'plain',
    expect: ADMIN_ONLY(201),
    run: (w, _c, k, n) =>
      call(w, k, 'POST', '/v2/users', { name: `person-${n}`, type: 'interactive', email: `person-${n}@example.com` }),
  },
  {
    call: 'PATCH /v2/users/<id> description',
    target: 'plain',
    expect: [200, 200, 403, 200, 403, 403],
    run: async (w, _c, k) => call(w, k, 'PATCH', `/v2/users/${await w.target('plain')}`, { description: 'x' }),
  },
  {
    call: 'PATCH /v2/users/<id> description',
    target: 'admin',
    expect: ADMIN_ONLY(200),
    run: async (w, _c, k) => call(w, k, 'PATCH', `/v2/users/${await w.target('admin')}`, { description: 'x' }),
  },
  {
    call: 'PATCH /v2/users/<id> name',
    target: 'admin',
    expect: ADMIN_ONLY(200),
    run: async (w, _c, k, n) => call(w, k, 'PATCH', `/v2/users/${await w.target('admin')}`, { name: `renamed-${n}` }),
  },
  {
    call: 'PATCH /v2/users/<id> group_ids += Administrators',
    target: 'plain',
    expect: ADMIN_ONLY(200),
    run: async (w, _c, k) =>
      call(w, k, 'PATCH', `/v2/users/${await w.target('plain')}`, { group_ids: [w.groups.admins] }),
  },
  {
    call: 'PATCH /v2/users/<self> group_ids = Administrators',
    target: 'self',
    expect: ADMIN_ONLY(200),
    run: (w, c, k) => call(w, k, 'PATCH', `/v2/users/${w.ids.get(c)}`, { group_ids: [w.groups.admins] }),
  },
  {
    call: 'PATCH /v2/users/<id> group_ids = [] (demote)',
    target: 'admin',
    expect: ADMIN_ONLY(200),
    run: async (w, _c, k) => call(w, k, 'PATCH', `/v2/users/${await w.target('admin')}`, { group_ids: [] }),
  },
  {
    call: 'DELETE /v2/users/<id>',
    target: 'plain',
    expect: [200, 200, 403, 200, 403, 403],
    run: async (w, _c, k) => call(w, k, 'DELETE', `/v2/users/${await w.target('plain')}`),
  },
  {
    call: 'DELETE /v2/users/<id>',
    target: 'userManage',
    expect: [200, 200, 403, 200, 403, 403],
    run: async (w, _c, k) => call(w, k, 'DELETE', `/v2/users/${await w.target('userManage')}`),
  },
  {
    call: 'DELETE /v2/users/<id>',
    target: 'admin',
    expect: ADMIN_ONLY(200),
    run: async (w, _c, k) => call(w, k, 'DELETE', `/v2/users/${await w.target('admin')}`),
  },

  // Groups and roles grant permissions: All Access only.
  {
    call: 'POST /v2/groups (with All Access)',
    target: 'admin',
    expect: ADMIN_ONLY(201),
    run: async (w, _c, k, n) => {
      const allAccess = (await w.asAdmin('GET', '/v2/roles?_filter=built_in==true')).results[0]?.id;
      return call(w, k, 'POST', '/v2/groups', { name: `grp-${n}`, roles: [allAccess] });
    },
  },
  {
    call: 'PATCH /v2/groups/<id> roles',
    target: 'plain',
    expect: ADMIN_ONLY(200),
    run: async (w, _c, k, n) => {
      const id = (await w.asAdmin('POST', '/v2/groups', { name: `pg-${n}` })).result.id;
      return call(w, k, 'PATCH', `/v2/groups/${id}`, {
        roles: (await w.asAdmin('GET', `/v2/groups/${w.groups.userManage}`)).result.roles,
      });
    },
  },
  {
    call: 'DELETE /v2/groups/<id>',
    target: 'plain',
    expect: ADMIN_ONLY(200),
    run: async (w, _c, k, n) =>
      call(w, k, 'DELETE', `/v2/groups/${(await w.asAdmin('POST', '/v2/groups', { name: `dg-${n}` })).result.id}`),
  },
  {
    call: 'POST /v2/roles ["*"]',
    target: 'admin',
    expect: ADMIN_ONLY(201),
    run: (w, _c, k, n) => call(w, k, 'POST', '/v2/roles', { name: `star-${n}`, permissions: ['*'] }),
  },
  {
    call: 'PATCH /v2/roles/<id> permissions',
    target: 'plain',
    expect: ADMIN_ONLY(200),
    run: async (w, _c, k, n) => {
      const id = (await w.asAdmin('POST', '/v2/roles', { name: `pr-${n}`, permissions: [] })).result.id;
      return call(w, k, 'PATCH', `/v2/roles/${id}`, { permissions: ['service_api_key.create'] });
    },
  },
  {
    call: 'DELETE /v2/roles/<id>',
    target: 'plain',
    expect: ADMIN_ONLY(200),
    run: async (w, _c, k, n) =>
      call(
        w,
        k,
        'DELETE',
        `/v2/roles/${(await w.asAdmin('POST', '/v2/roles', { name: `dr-${n}`, permissions: [] })).result.id}`,
      ),
  },
];
