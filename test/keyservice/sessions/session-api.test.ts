// The key API through a portal session: CSRF token and same origin required, Token keeps working, an admin creates
// an interactive user with a one-time set-password link (e-mailed over real SMTP), that user signs in and creates
// their own key, and nobody (admins included) creates an interactive key for someone else through a session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, backends, startTestService, type TestService } from '../support/harness.js';
import { startSmtpSink, type SmtpSink } from '../notifications/support/smtp-sink.js';
import { PortalClient, linkToken, setPassword } from './support/portal-client.js';

const PASSWORD = 'correct horse battery staple';
const BOB_PASSWORD = 'bob has a long passphrase';

describe.each(backends())('the key API through a portal session on %s', (backend) => {
  let t: TestService;
  let smtp: SmtpSink;
  const admin = () => new PortalClient(t);
  let signedInAdmin: PortalClient;
  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await startTestService(backend, { portal: { smtp: { url: smtp.url, from: 'keyward@example.com' } } });
    await setPassword(t, t.service.adminPasswordLink?.url.reveal() ?? '', PASSWORD);
    signedInAdmin = admin();
    expect((await signedInAdmin.signIn('admin', PASSWORD)).status).toBe(200);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('needs the CSRF token on every session request, GET included, and the right one', async () => {
    const noToken = await signedInAdmin.send('GET', '/v2/api_keys', { csrf: null });
    expect(noToken.status).toBe(403);
    expect(noToken.error).toBe('a portal session needs the X-CSRF-Token header (from GET /auth/v1/session)');
    expect((await signedInAdmin.send('GET', '/v2/api_keys', { csrf: 'A'.repeat(43) })).status).toBe(403);
    expect((await signedInAdmin.send('GET', '/v2/api_keys')).status).toBe(200);
  });

  it('never lets a session authenticate a request from another origin', async () => {
    const body = { name: 'from-evil', type: 'service' };
    const evil = await signedInAdmin.send('POST', '/v2/users', { body, origin: 'http://evil.example' });
    expect(evil.status).toBe(403);
    expect(evil.error).toBe('cross-origin requests cannot use a portal session; send Authorization: Token <api key>');
    const site = await signedInAdmin.send('POST', '/v2/users', { body, headers: { 'sec-fetch-site': 'cross-site' } });
    expect(site.status).toBe(403);
    const read = await signedInAdmin.send('GET', '/auth/v1/session', { origin: 'http://evil.example' });
    expect(read.status).toBe(403);
    expect(read.text).not.toContain(String(signedInAdmin.csrf));
    expect((await t.call('GET', '/v2/users?_filter=name=="from-evil"')).results).toEqual([]);
    expect((await signedInAdmin.send('POST', '/v2/users', { body })).status).toBe(201);
  });

  it('keeps Authorization: Token working, winning over a cookie, from any origin', async () => {
    const r = await t.call('GET', '/v2/current_user', {
      headers: { origin: 'http://evil.example', cookie: 'keyward_session=garbage' },
    });
    expect(r.status).toBe(200);
    expect(r.result.name).toBe('admin');
    const none = await t.call('GET', '/v2/current_user', { key: null });
    expect(none.status).toBe(401);
  });

  it('admin creates a user and a one-time link (shown, e-mailed); the user signs in, makes their own key', async () => {
    const created = await signedInAdmin.send('POST', '/v2/users', {
      body: { name: 'bob', type: 'interactive', email: 'bob@example.com' },
    });
    expect(created.status).toBe(201);
    const bobId = String(created.json.result?.id);
    const link = await signedInAdmin.send('POST', '/auth/v1/password_links', { body: { user_id: bobId } });
    expect(link.status).toBe(201);
    const url = String(link.json.result?.url);
    expect(link.json.result).toMatchObject({
      user_id: bobId,
      emailed: true,
      expires_at: new Date(Date.parse(t.clock.now().toISOString()) + 72 * 3_600_000).toISOString(),
    });
    await smtp.received(1);
    const mail = smtp.mails.find((m) => m.to.includes('bob@example.com'));
    expect(mail?.subject).toBe('Set your keyward password');
    expect(mail?.text).toContain(url);

    const weak = await setPassword(t, url, 'short');
    expect(weak.status).toBe(400);
    expect(weak.error).toBe('password: must be at least 12 characters');
    expect((await setPassword(t, url, 'bob@example.com')).error).toBe(
      'password: must not be the user name or e-mail address',
    );
    expect((await setPassword(t, url, BOB_PASSWORD)).status).toBe(200);
    const again = await setPassword(t, url, BOB_PASSWORD);
    expect(again.status).toBe(400);
    expect(again.error).toBe('this set-password link is not valid any more; ask an administrator for a new one');

    const bob = new PortalClient(t);
    const signIn = await bob.signIn('bob', BOB_PASSWORD);
    expect(signIn.json.result).toMatchObject({ user: { name: 'bob' }, permissions: [] });
    const key = await bob.send('POST', '/v2/current_api_keys', { body: { name: 'my script', expires_at: at(30) } });
    expect(key.status).toBe(201);
    const secret = String(key.json.result?.key);
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    const withKey = await t.call('GET', '/v2/current_user', { key: secret });
    expect(withKey.result.name).toBe('bob');
    // Only admins issue links.
    const refused = await bob.send('POST', '/auth/v1/password_links', { body: { user_id: bobId } });
    expect(refused.status).toBe(403);
    expect(refused.error).toBe('issuing a set-password link requires permission * (All Access)');

    // The admin, through the session, cannot create an interactive key for bob.
    const forBob = await signedInAdmin.send('POST', '/v2/api_keys', {
      body: { name: 'for bob', user_id: bobId, expires_at: at(30) },
    });
    expect(forBob.status).toBe(403);
    expect((await bob.send('GET', '/v2/current_api_keys')).json.results).toHaveLength(1);
  });

  it("a new password ends the user's sessions; links expire after 72 hours; service users get no link", async () => {
    const created = await signedInAdmin.send('POST', '/v2/users', {
      body: { name: 'dave', type: 'interactive', email: 'dave@example.com' },
    });
    const daveId = String(created.json.result?.id);
    const first = String(
      (await signedInAdmin.send('POST', '/auth/v1/password_links', { body: { user_id: daveId } })).json.result?.url,
    );
    await setPassword(t, first, BOB_PASSWORD);
    const dave = new PortalClient(t);
    await dave.signIn('dave', BOB_PASSWORD);
    const reset = String(
      (await signedInAdmin.send('POST', '/auth/v1/password_links', { body: { user_id: daveId } })).json.result?.url,
    );
    const superseded = String(
      (await signedInAdmin.send('POST', '/auth/v1/password_links', { body: { user_id: daveId } })).json.result?.url,
    );
    expect((await setPassword(t, reset, 'a newer long passphrase')).status).toBe(400);
    expect((await setPassword(t, superseded, 'a newer long passphrase')).status).toBe(200);
    expect((await dave.send('GET', '/auth/v1/session')).status).toBe(401);

    const late = String(
      (await signedInAdmin.send('POST', '/auth/v1/password_links', { body: { user_id: daveId } })).json.result?.url,
    );
    t.clock.advance(72 * 3_600_000);
    expect((await setPassword(t, late, 'too late for this one')).status).toBe(400);
    await signedInAdmin.signIn('admin', PASSWORD);

    const svc = await signedInAdmin.send('POST', '/v2/users', { body: { name: 'svc-links', type: 'service' } });
    const noLink = await signedInAdmin.send('POST', '/auth/v1/password_links', {
      body: { user_id: svc.json.result?.id },
    });
    expect(noLink.status).toBe(400);
    expect(noLink.error).toBe('user_id: service users cannot sign in, so they have no password');
    const log = await t.call(
      'GET',
      `/api/auditlog/v1/logs?_limit=1000&_filter=${encodeURIComponent(
        'action=="auth.password_link" or action=="auth.set_password"',
      )}`,
    );
    expect(log.results.length).toBeGreaterThanOrEqual(8);
    expect(log.text).not.toContain(linkToken(late));
  });
});
