// The shared CSP KeyDriver against a scripted server: wire mapping, list-only observe, secrets wrapped, 404 semantics.
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeywardError } from '../../../src/kernel/errors.js';
import { Secret } from '../../../src/kernel/secret.js';
import { CspClient } from '../../../src/drivers/csp/client.js';
import { CspKeyDriver } from '../../../src/drivers/csp/csp-driver.js';
import type { FakeCsp } from '../fake-csp-server.js';
import { startFakeCsp } from '../fake-csp-server.js';

const API_KEY = 'b'.repeat(64);
const SECRET = `${'c'.repeat(32)}${'d'.repeat(32)}`;
const U1 = '11111111-1111-4111-8111-111111111111';
const G1 = '22222222-2222-4222-8222-222222222222';
const G2 = '33333333-3333-4333-8333-333333333333';
const T = '2026-02-03T04:05:06.789Z';

const wireUser = {
  id: `identity/users/${U1}`,
  name: 'payments-deployer',
  email: null,
  type: 'service',
  description: 'ci',
  group_ids: [`identity/groups/${G1}`],
  created_at: T,
  updated_at: T,
};
const wireKey = {
  id: `identity/apikeys/${'c'.repeat(32)}`,
  name: 'deploy#2',
  state: 'enabled',
  type: 'service',
  user_id: `identity/users/${U1}`,
  expires_at: '2026-06-01T00:00:00.000Z',
  last_used_at: null,
  created_at: T,
  updated_at: T,
};
const R1 = '44444444-4444-4444-8444-444444444444';
const R2 = '55555555-5555-4555-8555-555555555555';
const groups = [
  {
    id: `identity/groups/${G1}`,
    name: 'deployers',
    description: 'ship',
    roles: [`identity/roles/${R1}`, `identity/roles/${R2}`],
    account_alerts: true,
  },
  { id: `identity/groups/${G2}`, name: 'readers' },
];
const roles = [{ id: `identity/roles/${R1}`, name: 'User Manage', permissions: ['user.manage'], built_in: false }];

let fake: FakeCsp;
let driver: CspKeyDriver;
beforeEach(async () => {
  fake = await startFakeCsp();
  driver = new CspKeyDriver(
    'keyward',
    new CspClient({ baseUrl: fake.url, apiKey: API_KEY, pageSize: 2, sleep: async () => undefined }),
  );
});
afterEach(async () => {
  await fake.close();
});

async function failure(p: Promise<unknown>): Promise<KeywardError> {
  const err = await p.then(
    () => new Error('expected a failure'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(KeywardError);
  return err as KeywardError;
}

describe('observe', () => {
  it('lists users, keys, groups and roles by pages only and maps them to bare ids and Dates', async () => {
    fake
      .expect('GET', '/v2/roles', { status: 200, body: { results: roles } })
      .expect('GET', '/v2/groups', { status: 200, body: { results: groups } })
      .expect('GET', '/v2/groups', { status: 200, body: { results: [] } })
      .expect('GET', '/v2/users', { status: 200, body: { results: [wireUser] } })
      .expect('GET', '/v2/api_keys', {
        status: 200,
        body: {
          results: [
            wireKey,
            { ...wireKey, id: 'identity/apikeys/e1', name: 'old', state: 'disabled', expires_at: null },
          ],
        },
      })
      .expect('GET', '/v2/api_keys', { status: 200, body: { results: [] } });
    const observed = await driver.observe();
    fake.verify();
    expect(observed.requests).toBe(6);
    expect(observed.users).toEqual([
      {
        id: U1,
        name: 'payments-deployer',
        email: null,
        type: 'service',
        description: 'ci',
        groups: ['deployers'],
        createdAt: new Date(T),
      },
    ]);
    // A role the caller cannot see keeps its prefixed id; fields a service leaves out read as empty.
    expect(observed.groups).toEqual([
      {
        id: G1,
        name: 'deployers',
        description: 'ship',
        roles: ['User Manage', `identity/roles/${R2}`],
        accountAlerts: true,
      },
      { id: G2, name: 'readers', description: '', roles: [], accountAlerts: false },
    ]);
    expect(observed.roles).toEqual([{ id: R1, name: 'User Manage', permissions: ['user.manage'], builtIn: false }]);
    expect(observed.keys[0]).toEqual({
      id: 'c'.repeat(32),
      name: 'deploy#2',
      userId: U1,
      state: 'enabled',
      type: 'service',
      expiresAt: new Date('2026-06-01T00:00:00Z'),
      lastUsedAt: null,
      createdAt: new Date(T),
      updatedAt: new Date(T),
    });
    expect(observed.keys[1]).toMatchObject({ id: 'e1', state: 'disabled', expiresAt: null });
    for (const r of fake.requests.filter((q) => q.path !== '/v2/groups' && q.path !== '/v2/roles'))
      expect(r.query.get('_filter')).toBe('type=="service"');
  });

  it('fails, never reports "nothing there", when a list is unavailable', async () => {
    const failing = new CspKeyDriver(
      'keyward',
      new CspClient({
        baseUrl: fake.url,
        apiKey: API_KEY,
        retry: { attempts: 1 },
        fetch: async () => new Response('{}', { status: 503 }),
      }),
    );
    const e = await failure(failing.observe());
    expect(e.code).toBe('driver.unavailable');
  });

  it('names the field, not the value, when a listed object is malformed', async () => {
    const bad = new CspKeyDriver(
      'keyward',
      new CspClient({
        baseUrl: fake.url,
        apiKey: API_KEY,
        fetch: async (url) => {
          const path = new URL(url).pathname;
          const results = path === '/v2/api_keys' ? [{ ...wireKey, expires_at: 'tomorrow-ish' }] : [];
          return new Response(JSON.stringify({ results }), { status: 200 });
        },
      }),
    );
    const e = await failure(bad.observe());
    expect(e.message).toBe('GET /v2/api_keys: unexpected response: results[0].expires_at is not an RFC 3339 time');
  });
});

describe('changes', () => {
  it('creates a service user with group ids resolved from names', async () => {
    fake
      .expect('GET', '/v2/groups', { status: 200, body: { results: groups.slice(0, 1) } })
      .expect('POST', '/v2/users', { status: 201, body: { result: wireUser } });
    const user = await driver.createServiceUser({
      name: 'payments-deployer',
      description: 'ci',
      groups: ['deployers'],
    });
    fake.verify();
    expect(fake.requests[1]?.body).toEqual({
      name: 'payments-deployer',
      type: 'service',
      description: 'ci',
      group_ids: [G1],
    });
    expect(user.groups).toEqual(['deployers']);
    expect(user.createdAt).toEqual(new Date(T));
  });

  it('refuses an unknown group by name, listing the known ones, and creates nothing', async () => {
    fake
      .expect('GET', '/v2/groups', { status: 200, body: { results: groups } })
      .expect('GET', '/v2/groups', { status: 200, body: { results: [] } });
    const e = await failure(driver.createServiceUser({ name: 'x', description: '', groups: ['deployer'] }));
    fake.verify();
    expect(e.code).toBe('driver.group_unknown');
    expect(e.source).toBe('user');
    expect(e.message).toBe('group "deployer" does not exist on the key service (groups: deployers, readers)');
  });

  it('updates a user with a partial body and reports a vanished user clearly', async () => {
    fake
      .expect('PATCH', `/v2/users/${U1}`, {
        status: 200,
        body: { result: { ...wireUser, description: 'new', group_ids: [], created_at: undefined } },
      })
      .expect('PATCH', `/v2/users/${U1}`, { status: 404, body: { error: [{ message: 'not found' }] } });
    await expect(driver.updateServiceUser(`identity/users/${U1}`, { description: 'new' })).resolves.toMatchObject({
      description: 'new',
      groups: [],
      createdAt: null,
    });
    const e = await failure(driver.updateServiceUser(U1, { description: 'x' }));
    fake.verify();
    expect(fake.requests[0]?.body).toEqual({ description: 'new' });
    expect(e.code).toBe('driver.not_found');
    expect(e.message).toBe(`PATCH /v2/users/${U1}: 404 the service user no longer exists`);
  });

  it('creates a key and wraps its secret at once; nothing printable shows it', async () => {
    fake.expect('POST', '/v2/api_keys', { status: 201, body: { result: { ...wireKey, key: SECRET } } });
    const created = await driver.createKey({
      userId: `identity/users/${U1}`,
      name: 'deploy#2',
      expiresAt: new Date('2026-06-01T00:00:00Z'),
    });
    fake.verify();
    expect(fake.requests[0]?.body).toEqual({ name: 'deploy#2', user_id: U1, expires_at: '2026-06-01T00:00:00.000Z' });
    expect(created.secret).toBeInstanceOf(Secret);
    expect(created.secret.reveal()).toBe(SECRET);
    expect(created.key.id).toBe('c'.repeat(32));
    expect(JSON.stringify(created)).not.toContain(SECRET.slice(32));
    expect(inspect(created, { depth: 10 })).not.toContain(SECRET.slice(32));
    expect(Object.keys(created.key)).not.toContain('key');
  });

  it('sends expires_at null for a key that never expires', async () => {
    fake.expect('POST', '/v2/api_keys', {
      status: 201,
      body: { result: { ...wireKey, expires_at: null, key: SECRET } },
    });
    const created = await driver.createKey({ userId: U1, name: 'forever', expiresAt: null });
    expect(fake.requests[0]?.body).toMatchObject({ expires_at: null });
    expect(created.key.expiresAt).toBeNull();
  });

  it('says so when a create answer lacks the secret, without quoting the answer', async () => {
    fake.expect('POST', '/v2/api_keys', { status: 201, body: { result: wireKey } });
    const e = await failure(driver.createKey({ userId: U1, name: 'deploy', expiresAt: null }));
    expect(e.code).toBe('driver.bad_response');
    expect(e.message).toContain('result.key is missing');
  });

  it('patches only the state, and a vanished key is an error', async () => {
    fake
      .expect('PATCH', `/v2/api_keys/${'c'.repeat(32)}`, {
        status: 200,
        body: { result: { ...wireKey, state: 'disabled' } },
      })
      .expect('PATCH', '/v2/api_keys/gone', { status: 404 });
    await expect(driver.setKeyState(`identity/apikeys/${'c'.repeat(32)}`, 'disabled')).resolves.toMatchObject({
      state: 'disabled',
    });
    const e = await failure(driver.setKeyState('gone', 'enabled'));
    fake.verify();
    expect(fake.requests[0]?.body).toEqual({ state: 'disabled' });
    expect(e.message).toBe('PATCH /v2/api_keys/gone: 404 the key no longer exists');
  });

  it('deletes keys and users, and an already-gone one is fine', async () => {
    fake
      .expect('DELETE', '/v2/api_keys/k1', { status: 200, body: {} })
      .expect('DELETE', '/v2/api_keys/k1', { status: 404 })
      .expect('DELETE', `/v2/users/${U1}`, { status: 404 });
    await driver.deleteKey('k1');
    await driver.deleteKey('k1');
    await driver.deleteServiceUser(U1);
    fake.verify();
  });

  it('does not treat a refused delete as done', async () => {
    fake.expect('DELETE', '/v2/api_keys/k1', {
      status: 403,
      body: { error: [{ message: 'missing permission service_api_key.create' }] },
    });
    const e = await failure(driver.deleteKey('k1'));
    expect(e.code).toBe('driver.forbidden');
  });
});
