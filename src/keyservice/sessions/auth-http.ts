// The /auth/v1 endpoints of docs/portal-api.md: config, sign-in/out, session, set-password, links, OpenID.
// Never writes a token, password or code to a log or a response body other than the caller's own CSRF token/link.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { userError } from '../../kernel/errors.js';
import { authenticate } from '../auth/authenticator.js';
import type { Principal } from '../domain/permissions.js';
import { readJsonBody } from '../http/body.js';
import { parseId, prefixedId } from '../http/ids.js';
import { asObject, rejectUnknown, text } from '../http/input.js';
import { audit } from '../service/context.js';
import { issuePasswordLink, setPasswordWithLink } from './password-links.js';
import type { PortalContext } from './portal-context.js';
import {
  OIDC_COOKIE,
  SESSION_COOKIE,
  baseUrl,
  clearCookie,
  cookie,
  requireSameOrigin,
  setCookie,
  sourceOf,
} from './request-facts.js';
import { currentSession, sessionCaller } from './session-auth.js';
import { deleteSession } from './session-store.js';
import { sessionView } from './session-view.js';
import { signInWithOidc, signInWithPassword } from './sign-in.js';
import { tokenHash } from './tokens.js';

type Answer = {
  readonly status: number;
  readonly body?: unknown;
  readonly location?: string;
  readonly cookies?: readonly string[];
};
type AuthHandler = (p: PortalContext, req: IncomingMessage, url: URL) => Promise<Answer>;

const HANDLERS: ReadonlyMap<string, AuthHandler> = new Map<string, AuthHandler>([
  [
    'GET /auth/v1/config',
    (p) =>
      Promise.resolve({
        status: 200,
        body: { result: { password: true, oidc: { enabled: p.oidc !== null, name: p.oidc?.name ?? null } } },
      }),
  ],
  ['POST /auth/v1/sign_in', signIn],
  ['POST /auth/v1/sign_out', signOut],
  [
    'GET /auth/v1/session',
    async (p, req) => {
      requireSameOrigin(p.settings, req, false);
      return { status: 200, body: { result: sessionView(await currentSession(p, req), p.settings) } };
    },
  ],
  [
    'POST /auth/v1/set_password',
    async (p, req) => {
      requireSameOrigin(p.settings, req, true);
      const body = asObject(await readJsonBody(req));
      rejectUnknown(body, ['token', 'password']);
      const user = await setPasswordWithLink(p, body.token, body.password);
      return { status: 200, body: { result: { user_name: user.name } } };
    },
  ],
  ['POST /auth/v1/password_links', passwordLink],
  ['GET /auth/v1/oidc/start', oidcStart],
  ['GET /auth/v1/oidc/callback', oidcCallback],
]);

/** Answers one /auth/v1 request; resolves to the status sent (for the log); errors reject for the envelope. */
export async function handleAuthRequest(
  p: PortalContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  pathname: string,
): Promise<number> {
  const handler = HANDLERS.get(`${req.method ?? 'GET'} ${pathname}`);
  if (handler === undefined) throw userError('not_found', `no route ${req.method ?? 'GET'} ${pathname.slice(0, 100)}`);
  const answer = await handler(p, req, url);
  const headers: Record<string, string | string[]> = { 'cache-control': 'no-store' };
  if (answer.cookies !== undefined) headers['set-cookie'] = [...answer.cookies];
  if (answer.location !== undefined) {
    res.writeHead(answer.status, { ...headers, location: answer.location, 'content-length': '0' }).end();
  } else {
    const text = JSON.stringify(answer.body ?? {});
    res
      .writeHead(answer.status, {
        ...headers,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(text)),
      })
      .end(text);
  }
  return answer.status;
}

function sessionCookie(p: PortalContext, token: string): string {
  return setCookie(p.settings, SESSION_COOKIE, token, { maxAgeSeconds: Math.floor(p.settings.maxMs / 1000) });
}

async function signIn(p: PortalContext, req: IncomingMessage): Promise<Answer> {
  requireSameOrigin(p.settings, req, true);
  const body = asObject(await readJsonBody(req));
  rejectUnknown(body, ['login', 'password']);
  const login = text(body, 'login', 256);
  if (login === undefined || login.trim() === '')
    throw userError('bad_request', 'login: the user name or e-mail address is required');
  if (typeof body.password !== 'string' || body.password === '') throw userError('bad_request', 'password: required');
  if (body.password.length > 1024) throw userError('unauthenticated', 'wrong user name or password');
  const signedIn = await signInWithPassword(p, login, body.password, sourceOf(p.settings, req));
  return {
    status: 200,
    body: { result: sessionView(signedIn, p.settings) },
    cookies: [sessionCookie(p, signedIn.token)],
  };
}

async function signOut(p: PortalContext, req: IncomingMessage): Promise<Answer> {
  const cleared = [clearCookie(p.settings, SESSION_COOKIE)];
  let signedIn;
  try {
    signedIn = await sessionCaller(p, req);
  } catch (err) {
    // An ended session signs out fine; a missing CSRF token or another origin does not.
    const token = cookie(req, SESSION_COOKIE);
    if (token === undefined || (err instanceof Error && 'code' in err && err.code === 'forbidden')) throw err;
    return { status: 200, body: {}, cookies: cleared };
  }
  await deleteSession(p.ctx.db, tokenHash(signedIn.token));
  await audit(p.ctx, signedIn.principal, {
    action: 'auth.sign_out',
    target: prefixedId('users', signedIn.principal.user.id),
    outcome: 'success',
  });
  return { status: 200, body: {}, cookies: cleared };
}

async function passwordLink(p: PortalContext, req: IncomingMessage): Promise<Answer> {
  const caller: Principal =
    req.headers.authorization !== undefined
      ? await authenticate(p.ctx, req.headers.authorization)
      : (await sessionCaller(p, req)).principal;
  const body = asObject(await readJsonBody(req));
  rejectUnknown(body, ['user_id']);
  const userId = parseId('users', typeof body.user_id === 'string' ? body.user_id : '', 'user_id');
  const link = await issuePasswordLink(p, caller, userId, baseUrl(p.settings, req));
  return {
    status: 201,
    body: {
      result: {
        user_id: prefixedId('users', userId),
        url: link.url.reveal(),
        expires_at: link.expiresAt.toISOString(),
        emailed: link.emailed,
      },
    },
  };
}

function redirectUri(p: PortalContext, req: IncomingMessage): string {
  return p.settings.oidc?.redirectUri ?? `${baseUrl(p.settings, req)}/auth/v1/oidc/callback`;
}

const OIDC_PATH = '/auth/v1/oidc';

async function oidcStart(p: PortalContext, req: IncomingMessage): Promise<Answer> {
  if (p.oidc === null) throw userError('not_found', 'single sign-on is not configured on this key service');
  const { url, state } = await p.oidc.start(redirectUri(p, req));
  // Lax, not Strict: the provider's redirect back to the callback is a cross-site navigation.
  const flow = setCookie(p.settings, OIDC_COOKIE, state, { path: OIDC_PATH, maxAgeSeconds: 600, sameSite: 'Lax' });
  return { status: 302, location: url, cookies: [flow] };
}

async function oidcCallback(p: PortalContext, req: IncomingMessage, url: URL): Promise<Answer> {
  if (p.oidc === null) throw userError('not_found', 'single sign-on is not configured on this key service');
  const base = baseUrl(p.settings, req);
  const cookies = [clearCookie(p.settings, OIDC_COOKIE, OIDC_PATH)];
  const source = sourceOf(p.settings, req);
  let outcome;
  try {
    const identity = await p.oidc.finish(redirectUri(p, req), url.search, cookie(req, OIDC_COOKIE));
    outcome = await signInWithOidc(p, identity, source);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    await audit(p.ctx, null, {
      action: 'auth.sign_in',
      target: 'oidc',
      outcome: 'failure',
      detail: `oidc: oidc_failed (${why.slice(0, 200)}); from ${source}`,
    });
    return { status: 303, location: `${base}/sign-in?error=oidc_failed`, cookies };
  }
  if (typeof outcome === 'string') return { status: 303, location: `${base}/sign-in?error=${outcome}`, cookies };
  return { status: 303, location: `${base}/`, cookies: [...cookies, sessionCookie(p, outcome.token)] };
}
