// A browser-like client of the portal's HTTP contract for tests: keeps the session cookie, sends Origin and CSRF.
// Never talks to the service other than over HTTP; exposes the raw Set-Cookie lines so tests can check their flags.
import type { TestService } from '../../support/harness.js';

export interface PortalResponse {
  readonly status: number;
  readonly json: {
    result?: Record<string, unknown>;
    results?: Array<Record<string, unknown>>;
    error?: Array<{ message: string; code: string }>;
  };
  readonly text: string;
  readonly headers: Headers;
  readonly setCookies: string[];
  /** The first error message, or ''. */
  readonly error: string;
}

export interface SendOptions {
  readonly body?: unknown;
  /** Default: the service's own origin; null sends none. */
  readonly origin?: string | null;
  /** Default: the session's CSRF token when signed in; null sends none. */
  readonly csrf?: string | null;
  readonly headers?: Record<string, string>;
}

export class PortalClient {
  cookie: string | undefined;
  csrf: string | undefined;
  constructor(readonly t: TestService) {}

  async send(method: string, path: string, o: SendOptions = {}): Promise<PortalResponse> {
    const headers: Record<string, string> = { ...o.headers };
    const origin = o.origin === undefined ? this.t.url : o.origin;
    if (origin !== null) headers.origin = origin;
    const csrf = o.csrf === undefined ? this.csrf : o.csrf;
    if (csrf !== null && csrf !== undefined) headers['x-csrf-token'] = csrf;
    if (this.cookie !== undefined) headers.cookie = `keyward_session=${this.cookie}`;
    if (o.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.t.url}${path}`, {
      method,
      headers,
      body: o.body === undefined ? undefined : JSON.stringify(o.body),
      redirect: 'manual',
    });
    const text = await response.text();
    let json: PortalResponse['json'];
    try {
      json = JSON.parse(text) as PortalResponse['json'];
    } catch {
      json = {};
    }
    const setCookies = response.headers.getSetCookie();
    for (const line of setCookies) {
      const m = /^keyward_session=([^;]*)/.exec(line);
      if (m) this.cookie = m[1] === '' ? undefined : m[1];
    }
    return {
      status: response.status,
      json,
      text,
      headers: response.headers,
      setCookies,
      error: json.error?.[0]?.message ?? '',
    };
  }

  async signIn(login: string, password: string): Promise<PortalResponse> {
    const r = await this.send('POST', '/auth/v1/sign_in', { body: { login, password } });
    if (r.status === 200) this.csrf = String(r.json.result?.csrf_token);
    return r;
  }
}

/** The token of a set-password link (`.../set-password#token=<token>`). */
export function linkToken(url: string): string {
  const token = new URL(url).hash.replace(/^#token=/, '');
  if (token === '') throw new Error(`no token in ${url}`);
  return token;
}

/** Sets a password through the one-time link, as the set-password page does. */
export async function setPassword(t: TestService, url: string, password: string): Promise<PortalResponse> {
  return new PortalClient(t).send('POST', '/auth/v1/set_password', { body: { token: linkToken(url), password } });
}
