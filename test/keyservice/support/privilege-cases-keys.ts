// Permission matrix rows for API keys: create, read, change, delete, and the administrator's disable that sticks.
// Never reaches into storage: fixtures come from PrivilegeWorld over HTTP.
import { at } from './harness.js';
import { ADMIN_ONLY, ALL, call, type Case } from './privilege-table.js';

export const keyCases: Case[] = [
  // Creating keys: service_api_key.create, and every permission the owner holds.
  {
    call: 'POST /v2/api_keys',
    target: 'plain',
    expect: [201, 403, 201, 201, 403, 403],
    run: async (w, _c, k) =>
      call(w, k, 'POST', '/v2/api_keys', { name: 'k', user_id: await w.target('plain'), expires_at: at(9) }),
  },
  {
    call: 'POST /v2/api_keys',
    target: 'userManage',
    expect: [201, 403, 403, 201, 403, 403],
    run: async (w, _c, k) =>
      call(w, k, 'POST', '/v2/api_keys', { name: 'k', user_id: await w.target('userManage'), expires_at: at(9) }),
  },
  {
    call: 'POST /v2/api_keys',
    target: 'admin',
    expect: ADMIN_ONLY(201),
    run: async (w, _c, k) =>
      call(w, k, 'POST', '/v2/api_keys', { name: 'k', user_id: await w.target('admin'), expires_at: at(9) }),
  },
  {
    call: 'POST /v2/api_keys',
    target: 'self',
    expect: [201, 403, 201, 201, 403, 403],
    run: (w, c, k) => call(w, k, 'POST', '/v2/api_keys', { name: 'k', user_id: w.ids.get(c), expires_at: at(9) }),
  },
  {
    call: 'POST /v2/current_api_keys',
    target: 'self',
    expect: [403, 403, 403, 403, 403, 201],
    run: (w, _c, k, n) => call(w, k, 'POST', '/v2/current_api_keys', { name: `mine-${n}`, expires_at: at(9) }),
  },

  // Reading one key: the owner, service_api_key.create for service keys, All Access for all (no secret either way).
  {
    call: 'GET /v2/api_keys/<id>',
    target: 'admin',
    expect: [200, 403, 200, 200, 403, 403],
    run: async (w, _c, k) => call(w, k, 'GET', `/v2/api_keys/${await w.keyOf(await w.target('admin'))}`),
  },
  {
    call: 'GET /v2/api_keys/<id>',
    target: 'own',
    expect: ALL(200),
    run: async (w, c, k) => call(w, k, 'GET', `/v2/api_keys/${await w.ownKey(c)}`),
  },

  // Changing keys: as for reading, plus every permission the owner holds.
  {
    call: 'PATCH /v2/api_keys/<id> disable',
    target: 'plain',
    expect: [200, 403, 200, 200, 403, 403],
    run: async (w, _c, k) =>
      call(w, k, 'PATCH', `/v2/api_keys/${await w.keyOf(await w.target('plain'))}`, { state: 'disabled' }),
  },
  {
    call: 'PATCH /v2/api_keys/<id> disable',
    target: 'userManage',
    expect: [200, 403, 403, 200, 403, 403],
    run: async (w, _c, k) =>
      call(w, k, 'PATCH', `/v2/api_keys/${await w.keyOf(await w.target('userManage'))}`, { state: 'disabled' }),
  },
  {
    call: 'PATCH /v2/api_keys/<id> disable',
    target: 'admin',
    expect: ADMIN_ONLY(200),
    run: async (w, _c, k) =>
      call(w, k, 'PATCH', `/v2/api_keys/${await w.keyOf(await w.target('admin'))}`, { state: 'disabled' }),
  },
  {
    call: 'PATCH /v2/api_keys/<id> rename',
    target: 'admin',
    expect: ADMIN_ONLY(200),
    run: async (w, _c, k) =>
      call(w, k, 'PATCH', `/v2/api_keys/${await w.keyOf(await w.target('admin'))}`, { name: 'renamed' }),
  },
  {
    call: 'DELETE /v2/api_keys/<id>',
    target: 'plain',
    expect: [200, 403, 200, 200, 403, 403],
    run: async (w, _c, k) => call(w, k, 'DELETE', `/v2/api_keys/${await w.keyOf(await w.target('plain'))}`),
  },
  {
    call: 'DELETE /v2/api_keys/<id>',
    target: 'admin',
    expect: ADMIN_ONLY(200),
    run: async (w, _c, k) => call(w, k, 'DELETE', `/v2/api_keys/${await w.keyOf(await w.target('admin'))}`),
  },
  {
    call: 'PATCH /v2/api_keys/<id> disable',
    target: "owner's interactive key",
    expect: [200, 403, 403, 403, 403, 200],
    run: async (w, _c, k) => call(w, k, 'PATCH', `/v2/api_keys/${await w.ownKey('owner')}`, { state: 'disabled' }),
  },
  {
    call: 'PATCH /v2/api_keys/<id> disable',
    target: 'own',
    expect: ALL(200),
    run: async (w, c, k) => call(w, k, 'PATCH', `/v2/api_keys/${await w.ownKey(c)}`, { state: 'disabled' }),
  },
  {
    call: 'DELETE /v2/api_keys/<id>',
    target: 'own',
    expect: ALL(200),
    run: async (w, c, k) => call(w, k, 'DELETE', `/v2/api_keys/${await w.ownKey(c)}`),
  },

  // An administrator's disable sticks: enabling again needs every permission the disabler held.
  {
    call: 'PATCH enable, disabled by itself',
    target: 'own',
    expect: ALL(200),
    run: async (w, c, k) => {
      const id = await w.ownKey(c);
      await w.disable(id, c);
      return call(w, k, 'PATCH', `/v2/api_keys/${id}`, { state: 'enabled' });
    },
  },
  {
    call: 'PATCH enable, disabled by an administrator',
    target: 'own',
    expect: ADMIN_ONLY(200),
    run: async (w, c, k) => {
      const id = await w.ownKey(c);
      await w.disable(id, 'admin');
      return call(w, k, 'PATCH', `/v2/api_keys/${id}`, { state: 'enabled' });
    },
  },
  {
    call: 'PATCH enable, disabled by an administrator',
    target: 'plain',
    expect: ADMIN_ONLY(200),
    run: async (w, _c, k) => {
      const id = await w.keyOf(await w.target('plain'));
      await w.disable(id, 'admin');
      return call(w, k, 'PATCH', `/v2/api_keys/${id}`, { state: 'enabled' });
    },
  },
  {
    call: 'PATCH enable, disabled by Service API Keys Create',
    target: 'plain',
    expect: [200, 403, 200, 200, 403, 403],
    run: async (w, _c, k) => {
      const id = await w.keyOf(await w.target('plain'));
      await w.disable(id, 'keyCreate');
      return call(w, k, 'PATCH', `/v2/api_keys/${id}`, { state: 'enabled' });
    },
  },
];
