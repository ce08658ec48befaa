// The API key rules through HTTP: secret once, states, expiry at read time, limits, PATCH habits, verify answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_KEY,
  at,
  backends,
  DAY,
  serviceKey,
  serviceUser,
  startTestService,
  type TestService,
} from './support/harness.js';

describe.each(backends())('API keys on %s', (backend) => {
  let t: TestService;
  let svc: string;
  beforeAll(async () => {
    t = await startTestService(backend);
    svc = await serviceUser(t, 'payments-deployer');
  });
  afterAll(async () => t?.close());

  it('returns the key once, at creation, with an id that is its first 32 characters', async () => {
    const created = await serviceKey(t, svc, 'deploy');
    expect(created.key).toMatch(/^[0-9a-f]{64}$/);
    expect(created.id).toBe(`identity/apikeys/${created.key?.slice(0, 32)}`);
    expect(created).toMatchObject({
      state: 'enabled',
      type: 'service',
      user_name: 'payments-deployer',
      created_by: 'admin@keyward.local',
      updated_by: 'admin@keyward.local',
      last_used_at: null,
    });
    const read = await t.call('GET', `/v2/api_keys/${created.id}`);
    expect(read.status).toBe(200);
    expect(read.result.key).toBeUndefined();
    expect(read.text).not.toContain(created.key);
    const listed = await t.call('GET', '/v2/api_keys');
    expect(listed.text).not.toContain(created.key);
    expect(listed.results.map((k) => k.name)).toContain('deploy');
  });

  it('accepts bare and prefixed ids in paths', async () => {
    const created = await serviceKey(t, svc, 'ids');
    const bare = created.id.replace('identity/apikeys/', '');
    expect((await t.call('GET', `/v2/api_keys/${bare}`)).result.id).toBe(created.id);
    expect((await t.call('GET', `/v2/api_keys/${encodeURIComponent(created.id)}`)).result.id).toBe(created.id);
  });

  it('verifies keys: VALID, NOT_FOUND (unknown or wrong secret), DISABLED, EXPIRED', async () => {
    const k = await serviceKey(t, svc, 'verify-me', at(2));
    const verify = async (key: string) => (await t.call('POST', '/v2/api_keys/verify', { body: { key } })).result;
    expect(await verify(k.key as string)).toEqual({
      code: 'VALID',
      key_id: k.id,
      user_id: svc,
      name: 'verify-me',
      expires_at: at(2),
    });
    expect((await verify('f'.repeat(64))).code).toBe('NOT_FOUND');
    expect((await verify(`${(k.key as string).slice(0, 32)}${'0'.repeat(32)}`)).code).toBe('NOT_FOUND');
    expect((await verify('not a key')).code).toBe('NOT_FOUND');
    expect((await t.call('PATCH', `/v2/api_keys/${k.id}`, { body: { state: 'disabled' } })).status).toBe(200);
    expect((await verify(k.key as string)).code).toBe('DISABLED');
    expect((await t.call('PATCH', `/v2/api_keys/${k.id}`, { body: { state: 'enabled' } })).result.state).toBe(
      'enabled',
    );
    t.clock.set(at(2));
    try {
      expect((await verify(k.key as string)).code).toBe('EXPIRED');
    } finally {
      t.clock.set(at(0));
    }
  });

  it('reads a key past expires_at as expired at once, refuses PATCH with 409, allows DELETE', async () => {
    const k = await serviceKey(t, svc, 'short', at(1));
    t.clock.set(new Date(Date.parse(at(1)) + 1).toISOString());
    try {
      const read = await t.call('GET', `/v2/api_keys/${k.id}`);
      expect(read.result.state).toBe('expired');
      expect(read.result.updated_at).toBe(at(1));
      const filtered = await t.call('GET', '/v2/api_keys?_filter=state=="expired"');
      expect(filtered.results.map((r) => r.id)).toContain(k.id);
      for (const state of ['enabled', 'disabled']) {
        const patch = await t.call('PATCH', `/v2/api_keys/${k.id}`, { body: { state } });
        expect([patch.status, patch.code]).toEqual([409, 'conflict']);
        expect(patch.error).toMatch(/expired/);
      }
      const whole = await t.call('PATCH', `/v2/api_keys/${k.id}`, { body: { ...read.result, id: undefined } });
      expect(whole.status).toBe(409);
      const authed = await t.call('GET', '/v2/current_user', { key: k.key as string });
      expect(authed.status).toBe(401);
      expect((await t.call('DELETE', `/v2/api_keys/${k.id}`)).status).toBe(200);
      expect((await t.call('GET', `/v2/api_keys/${k.id}`)).status).toBe(404);
    } finally {
      t.clock.set(at(0));
    }
  });

  it('deletes keys in any state', async () => {
    const enabled = await serviceKey(t, svc, 'del-enabled');
    const disabled = await serviceKey(t, svc, 'del-disabled');
    await t.call('PATCH', `/v2/api_keys/${disabled.id}`, { body: { state: 'disabled' } });
    for (const k of [enabled, disabled]) {
      expect((await t.call('DELETE', `/v2/api_keys/${k.id}`)).json).toEqual({});
      expect((await t.call('POST', '/v2/api_keys/verify', { body: { key: k.key } })).result.code).toBe('NOT_FOUND');
    }
  });

  it('changes updated_at and updated_by on every state change', async () => {
    const k = await serviceKey(t, svc, 'stamps');
    t.clock.set(at(1));
    try {
      const disabled = await t.call('PATCH', `/v2/api_keys/${k.id}`, { body: { state: 'disabled' } });
      expect([disabled.result.updated_at, disabled.result.updated_by, disabled.result.created_at]).toEqual([
        at(1),
        'admin@keyward.local',
        at(0),
      ]);
      t.clock.set(at(2));
      expect((await t.call('PATCH', `/v2/api_keys/${k.id}`, { body: { state: 'enabled' } })).result.updated_at).toBe(
        at(2),
      );
    } finally {
      t.clock.set(at(0));
    }
  });

  it('accepts PATCH with the whole object (ibPS habit) and refuses changed read-only fields', async () => {
    const k = await serviceKey(t, svc, 'whole');
    const current = (await t.call('GET', `/v2/api_keys/${k.id}`)).result;
    const { id: _id, ...withoutId } = current;
    const dotnetDate = `${String(current.created_at).replace('Z', '')}0000+00:00`;
    const patched = await t.call('PATCH', `/v2/api_keys/${k.id}`, {
      body: {
        ...withoutId,
        created_at: dotnetDate,
        user_id: svc.replace('identity/users/', ''),
        state: 'disabled',
        last_used_at: at(3),
      },
    });
    expect([patched.status, patched.result.state]).toEqual([200, 'disabled']);
    const changedType = await t.call('PATCH', `/v2/api_keys/${k.id}`, { body: { ...withoutId, type: 'interactive' } });
    expect([changedType.status, changedType.error]).toEqual([400, expect.stringContaining('body.type: is read-only')]);
    const unknown = await t.call('PATCH', `/v2/api_keys/${k.id}`, { body: { state: 'enabled', colour: 'red' } });
    expect([unknown.status, unknown.error]).toEqual([400, expect.stringContaining("unknown field 'colour'")]);
    expect((await t.call('GET', `/v2/api_keys/${k.id}`)).result.state).toBe('disabled');
  });

  it('allows at most 10 service keys per service user (409 naming the limit), counting every state', async () => {
    const user = await serviceUser(t, 'limit-user');
    const keys = [];
    for (let i = 0; i < 10; i++) keys.push(await serviceKey(t, user, `k${i}`));
    await t.call('PATCH', `/v2/api_keys/${keys[0]?.id}`, { body: { state: 'disabled' } });
    const eleventh = await t.call('POST', '/v2/api_keys', { body: { name: 'k10', user_id: user, expires_at: at(5) } });
    expect([eleventh.status, eleventh.code]).toEqual([409, 'conflict']);
    expect(eleventh.error).toContain('maximum of 10 service API keys');
    await t.call('DELETE', `/v2/api_keys/${keys[0]?.id}`);
    expect(
      (await t.call('POST', '/v2/api_keys', { body: { name: 'k10', user_id: user, expires_at: at(5) } })).status,
    ).toBe(201);
  });

  it('enforces the infoblox policy: expiry required, in the future, at most 56 weeks ahead', async () => {
    const post = (expires_at: unknown) =>
      t.call('POST', '/v2/api_keys', { body: { name: 'policy', user_id: svc, expires_at } });
    expect((await post(null)).error).toContain('expires_at is required by policy infoblox');
    expect((await t.call('POST', '/v2/api_keys', { body: { name: 'policy', user_id: svc } })).status).toBe(400);
    expect((await post(at(-1))).error).toContain('must be in the future');
    const tooLate = await post(new Date(Date.parse(at(0)) + 56 * 7 * DAY + 1000).toISOString());
    expect([tooLate.status, tooLate.error]).toEqual([400, expect.stringContaining('56 weeks')]);
    expect((await post(at(56 * 7))).status).toBe(201);
  });

  it('records last use of the authenticating key and of verified keys', async () => {
    const k = await serviceKey(t, svc, 'used');
    t.clock.set(at(5));
    try {
      await t.call('POST', '/v2/api_keys/verify', { body: { key: k.key } });
      expect((await t.call('GET', `/v2/api_keys/${k.id}`)).result.last_used_at).toBe(at(5));
      const admin = (await t.call('GET', '/v2/current_api_keys')).results.find((r) => r.name === 'bootstrap');
      expect(admin?.last_used_at).toBe(at(5));
    } finally {
      t.clock.set(at(0));
    }
  });

  it('lists with _filter, _order_by, _limit, _offset and _fields', async () => {
    const user = await serviceUser(t, 'list-user');
    for (const n of ['b', 'a', 'c']) await serviceKey(t, user, `list-${n}`);
    const filter = encodeURIComponent(`user_id=="${user}" and name~"^list-"`);
    const page = await t.call(
      'GET',
      `/v2/api_keys?_filter=${filter}&_order_by=name desc&_limit=2&_offset=1&_fields=name,state`,
    );
    expect(page.results).toEqual([
      { name: 'list-b', state: 'enabled' },
      { name: 'list-a', state: 'enabled' },
    ]);
    const bad = await t.call('GET', `/v2/api_keys?_filter=${encodeURIComponent('name == ')}`);
    expect([bad.status, bad.error]).toEqual([400, expect.stringMatching(/_filter: .* at position \d+/)]);
  });

  it('lets a user create, list and manage interactive keys for itself', async () => {
    const created = await t.call('POST', '/v2/current_api_keys', { body: { name: 'my-script', expires_at: at(10) } });
    expect([created.status, created.result.type, created.result.user_name]).toEqual([201, 'interactive', 'admin']);
    expect(created.result.key).toMatch(/^[0-9a-f]{64}$/);
    const mine = await t.call('GET', '/v2/current_api_keys');
    expect(mine.results.every((k) => k.user_name === 'admin')).toBe(true);
    expect(mine.text).not.toContain(created.result.key);
    const asIt = await t.call('GET', '/v2/current_user', { key: created.result.key as string });
    expect(asIt.result.name).toBe('admin');
    expect(
      (await t.call('DELETE', `/v2/api_keys/${created.result.id}`, { key: created.result.key as string })).status,
    ).toBe(200);
    expect(ADMIN_KEY).not.toBe(created.result.key);
  });

  it('refuses interactive keys for service users and service keys for interactive users', async () => {
    const k = await serviceKey(t, svc, 'svc-self');
    const asService = await t.call('POST', '/v2/current_api_keys', {
      body: { name: 'nope', expires_at: at(3) },
      key: k.key as string,
    });
    expect([asService.status, asService.error]).toEqual([403, expect.stringContaining('service users cannot sign in')]);
    const admin = (await t.call('GET', '/v2/current_user')).result.id;
    const forOther = await t.call('POST', '/v2/api_keys', {
      body: { name: 'nope', user_id: admin, expires_at: at(3) },
    });
    expect([forOther.status, forOther.error]).toEqual([403, expect.stringContaining('only be created by their owner')]);
  });
});
