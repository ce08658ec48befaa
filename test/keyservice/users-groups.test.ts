// Users, groups and roles through HTTP: service vs interactive users, duplicates, built-ins, cascades, created_by.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, backends, serviceKey, serviceUser, startTestService, type TestService } from './support/harness.js';

describe.each(backends())('users, groups and roles on %s', (backend) => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService(backend);
  });
  afterAll(async () => t?.close());

  it('bootstraps admin in Administrators with the All Access role', async () => {
    const me = (await t.call('GET', '/v2/current_user')).result;
    expect(me).toMatchObject({
      name: 'admin',
      email: 'admin@keyward.local',
      type: 'interactive',
      created_by: 'system',
    });
    const group = (await t.call('GET', `/v2/groups/${(me.group_ids as string[])[0]}`)).result;
    expect(group).toMatchObject({ name: 'Administrators', account_alerts: true });
    const role = (await t.call('GET', `/v2/roles/${(group.roles as string[])[0]}`)).result;
    expect(role).toMatchObject({ name: 'All Access', permissions: ['*'], built_in: true });
  });

  it('creates service users without e-mail, stamped with the acting user', async () => {
    const r = await t.call('POST', '/v2/users', { body: { name: 'ci-bot', type: 'service', description: 'deploys' } });
    expect([r.status, r.result.email, r.result.created_by, r.result.updated_by, r.result.created_at]).toEqual([
      201,
      null,
      'admin@keyward.local',
      'admin@keyward.local',
      at(0),
    ]);
    expect(r.result.id).toMatch(/^identity\/users\/[0-9a-f-]{36}$/);
    const withEmail = await t.call('POST', '/v2/users', {
      body: { name: 'ci-bot-2', type: 'service', email: 'bot@x.io' },
    });
    expect([withEmail.status, withEmail.error]).toEqual([400, expect.stringContaining('service users cannot sign in')]);
  });

  it('answers 409 for a duplicate user, group or role name', async () => {
    await serviceUser(t, 'dup');
    expect((await t.call('POST', '/v2/users', { body: { name: 'dup', type: 'service' } })).status).toBe(409);
    expect((await t.call('POST', '/v2/groups', { body: { name: 'Administrators' } })).status).toBe(409);
    expect((await t.call('POST', '/v2/roles', { body: { name: 'All Access', permissions: [] } })).status).toBe(409);
  });

  it('updates users (whole object accepted), stamping updated_by and updated_at', async () => {
    const id = await serviceUser(t, 'patch-me');
    const current = (await t.call('GET', `/v2/users/${id}`)).result;
    t.clock.set(at(1));
    try {
      const r = await t.call('PATCH', `/v2/users/${id}`, { body: { ...current, description: 'now described' } });
      expect([r.status, r.result.description, r.result.updated_at]).toEqual([200, 'now described', at(1)]);
      const typeChange = await t.call('PATCH', `/v2/users/${id}`, { body: { type: 'interactive' } });
      expect([typeChange.status, typeChange.error]).toEqual([400, expect.stringContaining('body.type: is read-only')]);
    } finally {
      t.clock.set(at(0));
    }
  });

  it('deleting a user deletes its keys; a user cannot delete itself', async () => {
    const id = await serviceUser(t, 'doomed');
    const key = await serviceKey(t, id, 'k');
    expect((await t.call('DELETE', `/v2/users/${id}`)).status).toBe(200);
    expect((await t.call('GET', `/v2/api_keys/${key.id}`)).status).toBe(404);
    expect((await t.call('GET', `/v2/users/${id}`)).status).toBe(404);
    const me = (await t.call('GET', '/v2/current_user')).result.id;
    expect((await t.call('DELETE', `/v2/users/${me}`)).status).toBe(409);
  });

  it('protects the built-ins: Administrators keeps All Access, All Access cannot change', async () => {
    const admins = (await t.call('GET', '/v2/groups?_filter=name=="Administrators"')).results[0];
    const allAccess = (await t.call('GET', '/v2/roles?_filter=built_in==true')).results[0];
    expect((await t.call('PATCH', `/v2/groups/${admins?.id}`, { body: { roles: [] } })).status).toBe(409);
    expect((await t.call('DELETE', `/v2/groups/${admins?.id}`)).status).toBe(409);
    expect((await t.call('PATCH', `/v2/roles/${allAccess?.id}`, { body: { permissions: [] } })).status).toBe(409);
    expect((await t.call('DELETE', `/v2/roles/${allAccess?.id}`)).status).toBe(409);
    const alerts = await t.call('PATCH', `/v2/groups/${admins?.id}`, { body: { ...admins, account_alerts: false } });
    expect([alerts.status, alerts.result.account_alerts]).toEqual([200, false]);
  });

  it('a service key authenticates its service user; group membership grants role permissions at once', async () => {
    const role = (
      await t.call('POST', '/v2/roles', { body: { name: 'makers', permissions: ['service_api_key.create'] } })
    ).result.id;
    const group = (
      await t.call('POST', '/v2/groups', { body: { name: 'makers', roles: [role], account_alerts: true } })
    ).result;
    expect(group).toMatchObject({ name: 'makers', account_alerts: true, roles: [role] });
    const bot = await serviceUser(t, 'maker-bot');
    const key = (await serviceKey(t, bot, 'k')).key as string;
    const target = await serviceUser(t, 'made');
    const before = await t.call('POST', '/v2/api_keys', {
      key,
      body: { name: 'x', user_id: target, expires_at: at(5) },
    });
    expect(before.status).toBe(403);
    expect((await t.call('PATCH', `/v2/users/${bot}`, { body: { group_ids: [group.id] } })).status).toBe(200);
    const after = await t.call('POST', '/v2/api_keys', {
      key,
      body: { name: 'x', user_id: target, expires_at: at(5) },
    });
    expect([after.status, after.result.created_by]).toEqual([201, 'maker-bot']);
  });

  it('lists users with filters and paging', async () => {
    const r = await t.call('GET', `/v2/users?_filter=${encodeURIComponent('type=="interactive"')}&_fields=name,type`);
    expect(r.results).toEqual([{ name: 'admin', type: 'interactive' }]);
  });
});
