// A real OpenID provider (the oidc-provider package, its development sign-in and consent forms) on loopback, and a
// minimal browser that follows redirects, keeps cookies per host and submits those forms. No fake provider.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TestProvider {
  readonly issuer: string;
  /** Registers the one client (keyward) once its callback URL is known, and starts answering. */
  start(redirectUri: string): void;
  close(): Promise<void>;
}

export const CLIENT_ID = 'keyward-portal';
export const CLIENT_SECRET = 'a-client-secret-used-only-by-this-test-0123456789';

/** Accounts by login: what the provider says about each. */
const ACCOUNTS: Readonly<Record<string, { email: string; email_verified: boolean }>> = {
  frank: { email: 'Frank@Example.com', email_verified: true },
  stranger: { email: 'stranger@example.com', email_verified: true },
  unverified: { email: 'frank@example.com', email_verified: false },
};

export async function startProvider(): Promise<TestProvider> {
  const server: Server = createServer((_req, res) => res.writeHead(503).end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    start(redirectUri) {
      const provider = new Provider(issuer, {
        clients: [
          {
            client_id: CLIENT_ID,
            client_secret: CLIENT_SECRET,
            redirect_uris: [redirectUri],
            grant_types: ['authorization_code'],
            response_types: ['code'],
          },
        ],
        claims: { openid: ['sub'], email: ['email', 'email_verified'] },
        cookies: { keys: ['cookie-signing-key-for-this-test-only'] },
        features: { devInteractions: { enabled: true } },
        findAccount: (_ctx, id) => {
          const account = ACCOUNTS[id];
          return account === undefined ? undefined : { accountId: id, claims: () => ({ sub: id, ...account }) };
        },
      });
      server.removeAllListeners('request');
      server.on('request', provider.callback());
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Cookies by host, as a browser keeps them (paths and expiry ignored: each test run is one short session). */
export class Browser {
  readonly jar = new Map<string, Map<string, string>>();

  async go(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const target = new URL(url);
    const cookies = [...(this.jar.get(target.host) ?? new Map<string, string>())]
      .map(([k, v]) => `${k}=${v}`)
      .join('; ');
    const headers: Record<string, string> = cookies === '' ? {} : { cookie: cookies };
    if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(target, {
      method: init.method ?? 'GET',
      headers,
      redirect: 'manual',
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
    });
    const jar = this.jar.get(target.host) ?? new Map<string, string>();
    this.jar.set(target.host, jar);
    for (const line of response.headers.getSetCookie()) {
      const m = /^([^=]+)=([^;]*)/.exec(line);
      if (!m?.[1]) continue;
      if (m[2] === '' || /max-age=0/i.test(line) || /expires=Thu, 01 Jan 1970/i.test(line)) jar.delete(m[1]);
      else jar.set(m[1], m[2] ?? '');
    }
    return response;
  }

  /**
   * From `start`, follows redirects and submits the provider's forms (login as `login`, then consent) until a
   * redirect leaves for `stopAt`; answers that redirect's response (not followed).
   */
  async signInThrough(start: string, login: string, stopAt: string): Promise<Response> {
    let response = await this.go(start);
    for (let step = 0; step < 20; step++) {
      const location = response.headers.get('location');
      if (location !== null) {
        const next = new URL(location, response.url || start).href;
        if (next.startsWith(stopAt)) return this.go(next);
        response = await this.go(next);
        continue;
      }
      const html = await response.text();
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
      const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
      if (action === undefined || prompt === undefined)
        throw new Error(`the provider answered ${response.status} without a form: ${html.slice(0, 300)}`);
      const form: Record<string, string> = prompt === 'login' ? { prompt, login, password: 'any' } : { prompt };
      response = await this.go(new URL(action.replace(/&amp;/g, '&'), response.url).href, { method: 'POST', form });
    }
    throw new Error('too many steps signing in at the provider');
  }
}
