// What the portal pages need beyond api.md: the bell's unread count, marking notices read (never someone else's),
// and per-user preferences such as the key table's columns, through a session and through a Token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notificationSettingsFromEnv } from '../../../src/keyservice/notifications/config.js';
import { at, backends, DAY, startTestService, type TestService } from '../support/harness.js';
import { PortalClient, setPassword } from './support/portal-client.js';

const PASSWORD = 'correct horse battery staple';

describe.each(backends())('notices read state and preferences on %s', (backend) => {
  let t: TestService;
  let admin: PortalClient;
  let erin: PortalClient;
  beforeAll(async () => {
    t = await startTestService(backend, { notifications: { ...notificationSettingsFromEnv({}), autoStart: false } });
    await setPassword(t, t.service.adminPasswordLink?.url.reveal() ?? '', PASSWORD);
    admin = new PortalClient(t);
    await admin.signIn('admin', PASSWORD);
    const erinId = String(
      (
        await admin.send('POST', '/v2/users', {
          body: { name: 'erin', type: 'interactive', email: 'erin@example.com' },
        })
      ).json.result?.id,
    );
    await setPassword(
      t,
      String((await admin.send('POST', '/auth/v1/password_links', { body: { user_id: erinId } })).json.result?.url),
      PASSWORD,
    );
    erin = new PortalClient(t);
    await erin.signIn('erin', PASSWORD);
    expect(
      (await admin.send('POST', '/v2/current_api_keys', { body: { name: 'admin-script', expires_at: at(5) } })).status,
    ).toBe(201);
    expect(
      (await erin.send('POST', '/v2/current_api_keys', { body: { name: 'erin-script', expires_at: at(3) } })).status,
    ).toBe(201);
    const scheduler = t.service.notifications;
    if (scheduler === undefined) throw new Error('started with notifications');
    await scheduler.runOnce();
    t.clock.advance(DAY);
    await scheduler.runOnce();
    await admin.signIn('admin', PASSWORD);
    await erin.signIn('erin', PASSWORD);
  });
  afterAll(() => t.close());

  it('counts unread notices, marks some or all read, and one unread again', async () => {
    expect((await admin.send('GET', '/v2/notifications/unread_count')).json.result).toEqual({ unread: 2 });
    const notices = (await admin.send('GET', '/v2/notifications')).json.results ?? [];
    const first = String(notices[0]?.id);
    const marked = await admin.send('POST', '/v2/notifications/mark_read', { body: { ids: [first] } });
    expect(marked.json.result).toEqual({ updated: 1 });
    expect((await admin.send('GET', '/v2/notifications/unread_count')).json.result).toEqual({ unread: 1 });
    expect((await admin.send('GET', `/v2/notifications?_filter=read==true`)).json.results?.map((n) => n.id)).toEqual([
      first,
    ]);
    const unread = await admin.send('PATCH', `/v2/${first}`, { body: { read: false } });
    expect(unread.status).toBe(200);
    expect(unread.json.result).toMatchObject({ id: first, read: false, key_name: 'admin-script' });
    expect((await admin.send('POST', '/v2/notifications/mark_read', { body: { all: true } })).json.result).toEqual({
      updated: 2,
    });
    expect((await admin.send('GET', '/v2/notifications/unread_count')).json.result).toEqual({ unread: 0 });
  });

  it("never marks or shows another user's notice", async () => {
    const erinNotice = String((await erin.send('GET', '/v2/notifications')).json.results?.[0]?.id);
    expect(
      (await admin.send('POST', '/v2/notifications/mark_read', { body: { ids: [erinNotice] } })).json.result,
    ).toEqual({ updated: 0 });
    expect((await admin.send('PATCH', `/v2/${erinNotice}`, { body: { read: true } })).status).toBe(404);
    expect((await erin.send('GET', '/v2/notifications/unread_count')).json.result).toEqual({ unread: 2 });
  });

  it('refuses malformed read requests with a 400 naming the field', async () => {
    expect((await admin.send('POST', '/v2/notifications/mark_read', { body: {} })).error).toBe(
      'body: give either "ids" (a list of notification ids) or "all": true',
    );
    expect((await admin.send('POST', '/v2/notifications/mark_read', { body: { ids: ['x'] } })).error).toMatch(
      /^body\.ids\[0\]: not a notification id/,
    );
    expect((await admin.send('PATCH', '/v2/notifications/not-a-uuid', { body: { read: true } })).status).toBe(400);
    expect(
      (await admin.send('PATCH', '/v2/notifications/00000000-0000-4000-8000-000000000000', { body: {} })).error,
    ).toBe('body.read: required (true or false)');
  });

  it('keeps preferences per user: set, read back, restore defaults', async () => {
    const columns = ['id', 'name', 'state', 'expires_at'];
    const put = await admin.send('PUT', '/v2/preferences/service_api_keys.columns', { body: { value: columns } });
    expect(put.json.result).toEqual({ name: 'service_api_keys.columns', value: columns });
    expect((await admin.send('GET', '/v2/preferences')).json.result).toEqual({ 'service_api_keys.columns': columns });
    expect((await erin.send('GET', '/v2/preferences')).json.result).toEqual({});
    expect((await t.call('GET', '/v2/preferences')).result).toEqual({ 'service_api_keys.columns': columns });
    expect((await admin.send('DELETE', '/v2/preferences/service_api_keys.columns')).status).toBe(200);
    expect((await admin.send('GET', '/v2/preferences')).json.result).toEqual({});
  });

  it('refuses bad preference names, missing values and values over 16 KiB', async () => {
    expect((await admin.send('PUT', '/v2/preferences/Bad Name', { body: { value: 1 } })).status).toBe(400);
    expect((await admin.send('PUT', '/v2/preferences/x', { body: {} })).error).toBe(
      'body.value: required (any JSON value)',
    );
    expect((await admin.send('PUT', '/v2/preferences/x', { body: { value: 'a'.repeat(17_000) } })).error).toBe(
      'body.value: larger than 16 KiB',
    );
  });
});
