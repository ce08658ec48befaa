// Single sign-on through a real OpenID provider (oidc-provider on loopback): the verified e-mail signs in the
// matching interactive user; unknown and unverified e-mails are refused with a code; all audited; no secret leaks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../support/harness.js';
import { CLIENT_ID, CLIENT_SECRET, Browser, startProvider, type TestProvider } from './support/oidc-browser.js';

describe('OpenID Connect sign-in against a real provider', () => {
  let provider: TestProvider;
  let t: TestService;
  let callback: string;
  beforeAll(async () => {
    provider = await startProvider();
    t = await startTestService('pglite', {
      portal: {
        oidc: { issuer: provider.issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, name: 'Example SSO' },
      },
    });
    callback = `${t.url}/auth/v1/oidc/callback`;
    provider.start(callback);
    expect(
      (await t.call('POST', '/v2/users', { body: { name: 'frank', type: 'interactive', email: 'frank@example.com' } }))
        .status,
    ).toBe(201);
  });
  afterAll(async () => {
    await t.close();
    await provider.close();
  });

  it('says on the sign-in page that SSO is available', async () => {
    const r = await fetch(`${t.url}/auth/v1/config`);
    expect(await r.json()).toEqual({ result: { password: true, oidc: { enabled: true, name: 'Example SSO' } } });
  });

  it('signs frank in by his verified e-mail (case-insensitive) and lands on the portal with a session', async () => {
    const browser = new Browser();
    const start = await browser.go(`${t.url}/auth/v1/oidc/start`);
    expect(start.status).toBe(302);
    const authorize = new URL(start.headers.get('location') ?? '');
    expect(authorize.origin).toBe(provider.issuer);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      client_id: CLIENT_ID,
      redirect_uri: callback,
      code_challenge_method: 'S256',
      scope: 'openid email profile',
    });
    expect(start.headers.getSetCookie()[0]).toMatch(
      /^keyward_oidc=[A-Za-z0-9_-]+; Path=\/auth\/v1\/oidc; HttpOnly; SameSite=Lax; Max-Age=600$/,
    );

    const landed = await browser.signInThrough(`${t.url}/auth/v1/oidc/start`, 'frank', `${t.url}/`);
    expect(landed.status).toBe(303);
    expect(landed.headers.get('location')).toBe(`${t.url}/`);
    const session = browser.jar.get(new URL(t.url).host)?.get('keyward_session');
    expect(session).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const me = await fetch(`${t.url}/auth/v1/session`, { headers: { cookie: `keyward_session=${session ?? ''}` } });
    const body = (await me.json()) as { result: { user: { name: string }; method: string; csrf_token: string } };
    expect(body.result).toMatchObject({ user: { name: 'frank' }, method: 'oidc' });
    const keys = await fetch(`${t.url}/v2/current_api_keys`, {
      headers: { cookie: `keyward_session=${session ?? ''}`, 'x-csrf-token': body.result.csrf_token },
    });
    expect(keys.status).toBe(200);
  });

  it('refuses an e-mail no interactive user has, and one the provider has not verified', async () => {
    const stranger = await new Browser().signInThrough(`${t.url}/auth/v1/oidc/start`, 'stranger', `${t.url}/`);
    expect(stranger.headers.get('location')).toBe(`${t.url}/sign-in?error=oidc_no_user`);
    expect(stranger.headers.getSetCookie().some((c) => c.startsWith('keyward_session='))).toBe(false);
    const unverified = await new Browser().signInThrough(`${t.url}/auth/v1/oidc/start`, 'unverified', `${t.url}/`);
    expect(unverified.headers.get('location')).toBe(`${t.url}/sign-in?error=oidc_email_unverified`);
  });

  it("refuses a callback whose state is not the browser's flow cookie's (forged or replayed)", async () => {
    const victim = new Browser();
    await victim.go(`${t.url}/auth/v1/oidc/start`);
    const attacker = await new Browser().signInThrough(
      `${t.url}/auth/v1/oidc/start`,
      'frank',
      `${t.url}/auth/v1/oidc/callback`,
    );
    expect(attacker.status).toBe(303);
    // Replaying the attacker's callback URL (code + state) in the victim's browser: the state is not the victim's.
    const forged = await victim.go(attacker.url);
    expect(forged.headers.get('location')).toBe(`${t.url}/sign-in?error=oidc_failed`);
  });

  it('audits every outcome, and never logs the client secret, a code or a token', async () => {
    const log = await t.call(
      'GET',
      `/api/auditlog/v1/logs?_filter=${encodeURIComponent('action=="auth.sign_in"')}&_limit=1000`,
    );
    const details = log.results.map((e) => `${String(e.outcome)} ${String(e.detail)}`);
    expect(details.some((d) => d.startsWith('success oidc;'))).toBe(true);
    expect(details.some((d) => d.startsWith('failure oidc: oidc_no_user'))).toBe(true);
    expect(details.some((d) => d.startsWith('failure oidc: oidc_email_unverified'))).toBe(true);
    expect(details.some((d) => d.startsWith('failure oidc: oidc_failed'))).toBe(true);
    const everything = `${log.text}\n${t.logs.join('\n')}`;
    expect(everything).not.toContain(CLIENT_SECRET);
    expect(everything).not.toMatch(/code=/);
  });
});
