// Password sign-in over HTTP: the first-run admin link, cookies, who-am-I, wrong passwords, service users, rate
// limits, audit, sign-out ending the session on the server, idle and absolute timeouts (fake clock, no sleeping).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, serviceUser, startTestService, type TestService } from '../support/harness.js';
import { PortalClient, setPassword } from './support/portal-client.js';

const PASSWORD = 'correct horse battery staple';
const MINUTE = 60_000;

describe.each(backends())('portal sign-in on %s', (backend) => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService(backend);
    const link = t.service.adminPasswordLink;
    if (link === undefined) throw new Error('no first-run link for admin');
    expect(link.url.reveal()).toMatch(new RegExp(`^${t.url}/set-password#token=[A-Za-z0-9_-]{43}$`));
    expect(String(link.url)).toBe('[secret]');
    expect((await setPassword(t, link.url.reveal(), PASSWORD)).status).toBe(200);
  });
  afterAll(() => t.close());

  it('signs admin in with an HttpOnly, SameSite=Strict cookie; who-am-I has permissions and a CSRF token', async () => {
    const c = new PortalClient(t);
    const r = await c.signIn('admin', PASSWORD);
    expect(r.status).toBe(200);
    expect(r.setCookies).toHaveLength(1);
    expect(r.setCookies[0]).toMatch(
      /^keyward_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/,
    );
    expect(r.text).not.toContain(c.cookie);
    const me = await c.send('GET', '/auth/v1/session');
    expect(me.status).toBe(200);
    expect(me.json.result).toMatchObject({
      user: { name: 'admin', type: 'interactive' },
      type: 'interactive',
      permissions: ['*'],
      method: 'password',
      csrf_token: c.csrf,
      expires_at: '2026-01-01T12:00:00.000Z',
      idle_expires_at: '2026-01-01T00:30:00.000Z',
    });
    // The session authenticates the key API (same origin, CSRF token): the caller is admin.
    const user = await c.send('GET', '/v2/current_user');
    expect(user.status).toBe(200);
    expect(user.json.result?.name).toBe('admin');
  });

  it('signs in by e-mail address, case-insensitively', async () => {
    const r = await new PortalClient(t).signIn('ADMIN@keyward.local', PASSWORD);
    expect(r.status).toBe(200);
  });

  it('refuses a wrong password and an unknown user in the same words, and audits both', async () => {
    const wrong = await new PortalClient(t).signIn('admin', 'not the password at all');
    const unknown = await new PortalClient(t).signIn('nobody-here', 'not the password at all');
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.error).toBe('wrong user name or password');
    expect(unknown.error).toBe(wrong.error);
    expect(wrong.setCookies).toEqual([]);
    const log = await t.call(
      'GET',
      `/api/auditlog/v1/logs?_filter=${encodeURIComponent('action=="auth.sign_in" and outcome=="failure"')}`,
    );
    const details = log.results.map((e) => String(e.detail));
    expect(details.some((d) => d.startsWith('password: wrong password'))).toBe(true);
    expect(details.some((d) => d.startsWith('password: no such user'))).toBe(true);
    expect(log.text).not.toContain('not the password at all');
    const ok = await t.call(
      'GET',
      `/api/auditlog/v1/logs?_filter=${encodeURIComponent('action=="auth.sign_in" and outcome=="success"')}`,
    );
    expect(ok.results.length).toBeGreaterThanOrEqual(2);
    expect(ok.results[0]?.actor).toBe('admin@keyward.local');
  });

  it("tells a service user why it cannot sign in, in the seed's words", async () => {
    await serviceUser(t, 'scim-delete-user');
    const r = await new PortalClient(t).signIn('scim-delete-user', 'whatever password 1');
    expect(r.status).toBe(403);
    expect(r.error).toBe(
      'Service users are not allowed to sign in to the portal. ' +
        'They are service accounts that are used by applications to access the portal through the API.',
    );
  });

  it("refuses sign-in without this service's Origin (login CSRF) and with a body that is not JSON", async () => {
    const c = new PortalClient(t);
    expect(
      (await c.send('POST', '/auth/v1/sign_in', { body: { login: 'admin', password: PASSWORD }, origin: null })).status,
    ).toBe(403);
    expect(
      (
        await c.send('POST', '/auth/v1/sign_in', {
          body: { login: 'admin', password: PASSWORD },
          origin: 'http://evil.example',
        })
      ).status,
    ).toBe(403);
    expect(
      (await c.send('POST', '/auth/v1/sign_in', { body: { login: 'admin', password: PASSWORD, remember: true } }))
        .status,
    ).toBe(400);
    expect(c.cookie).toBeUndefined();
  });

  it('rate-limits failed sign-ins per account, even for the right password, until the window passes', async () => {
    await t.call('POST', '/v2/users', { body: { name: 'carol', type: 'interactive', email: 'carol@example.com' } });
    const id = (await t.call('GET', '/v2/users?_filter=name=="carol"')).results[0]?.id;
    const link = await t.call('POST', '/auth/v1/password_links', { body: { user_id: id } });
    expect(link.status).toBe(201);
    expect((await setPassword(t, String(link.result.url), PASSWORD)).status).toBe(200);
    for (let i = 0; i < 5; i++)
      expect((await new PortalClient(t).signIn('carol', `wrong password ${i}`)).status).toBe(401);
    const limited = await new PortalClient(t).signIn('carol', PASSWORD);
    expect(limited.status).toBe(429);
    expect(limited.error).toBe('too many failed sign-ins; try again in 15 minutes');
    expect(limited.headers.get('retry-after')).toBe('900');
    const denied = await t.call(
      'GET',
      `/api/auditlog/v1/logs?_filter=${encodeURIComponent('action=="auth.sign_in" and outcome=="denied"')}`,
    );
    expect(denied.results[0]).toMatchObject({
      target: 'carol',
      detail: expect.stringMatching(/^password: rate limited; from /),
    });
    t.clock.advance(15 * MINUTE + 1);
    expect((await new PortalClient(t).signIn('carol', PASSWORD)).status).toBe(200);
  });

  it('signing out ends the session on the server: the old cookie no longer works', async () => {
    const c = new PortalClient(t);
    await c.signIn('admin', PASSWORD);
    const stolen = c.cookie;
    expect((await c.send('POST', '/auth/v1/sign_out', { body: {}, csrf: null })).status).toBe(403);
    const out = await c.send('POST', '/auth/v1/sign_out', { body: {} });
    expect(out.status).toBe(200);
    expect(out.setCookies[0]).toMatch(/^keyward_session=; Path=\/; HttpOnly; SameSite=Strict; Max-Age=0$/);
    c.cookie = stolen;
    const after = await c.send('GET', '/v2/current_user');
    expect(after.status).toBe(401);
    expect(after.error).toBe('the portal session has ended; sign in again');
    const audit = await t.call('GET', `/api/auditlog/v1/logs?_filter=${encodeURIComponent('action=="auth.sign_out"')}`);
    expect(audit.results).toHaveLength(1);
  });

  it('ends a session after 30 idle minutes, and after 12 hours however busy', async () => {
    const idle = new PortalClient(t);
    await idle.signIn('admin', PASSWORD);
    t.clock.advance(29 * MINUTE);
    expect((await idle.send('GET', '/v2/current_user')).status).toBe(200);
    t.clock.advance(29 * MINUTE);
    expect((await idle.send('GET', '/v2/current_user')).status).toBe(200);
    t.clock.advance(30 * MINUTE);
    expect((await idle.send('GET', '/v2/current_user')).status).toBe(401);

    const busy = new PortalClient(t);
    await busy.signIn('admin', PASSWORD);
    for (let i = 0; i < 25; i++) {
      expect((await busy.send('GET', '/auth/v1/session')).status).toBe(200);
      t.clock.advance(29 * MINUTE);
    }
    const ended = await busy.send('GET', '/auth/v1/session');
    expect(ended.status).toBe(401);
  });

  it('keeps only hashes of session tokens and passwords in storage', async () => {
    const c = new PortalClient(t);
    await c.signIn('admin', PASSWORD);
    const rows = await t.service.context.db.query<Record<string, unknown>>(
      "SELECT (SELECT string_agg(token_hash, ',') FROM sessions) AS s, " +
        "(SELECT string_agg(hash, ',') FROM user_passwords) AS p",
    );
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(String(c.cookie));
    expect(dump).not.toContain(PASSWORD);
    expect(String(rows[0]?.p)).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const logs = t.logs.join('\n');
    expect(logs).toContain('POST /auth/v1/sign_in 200');
    expect(logs).not.toContain(String(c.cookie));
    expect(logs).not.toContain(PASSWORD);
  });
});

describe('portal cookies behind https', () => {
  it('adds Secure when the public URL is https', async () => {
    const t = await startTestService('pglite', { portal: { publicUrl: 'https://keys.example.com' } });
    try {
      const link = t.service.adminPasswordLink?.url.reveal() ?? '';
      expect(link).toMatch(/^https:\/\/keys\.example\.com\/set-password#token=/);
      expect((await setPassword(t, link.replace('https://keys.example.com', t.url), PASSWORD)).status).toBe(403);
      const c = new PortalClient(t);
      const r = await c.send('POST', '/auth/v1/set_password', {
        body: { token: new URL(link).hash.slice(7), password: PASSWORD },
        origin: 'https://keys.example.com',
      });
      expect(r.status).toBe(200);
      const signIn = await c.send('POST', '/auth/v1/sign_in', {
        body: { login: 'admin', password: PASSWORD },
        origin: 'https://keys.example.com',
      });
      expect(signIn.status).toBe(200);
      expect(signIn.setCookies[0]).toMatch(/; HttpOnly; SameSite=Strict; Max-Age=43200; Secure$/);
    } finally {
      await t.close();
    }
  });
});
