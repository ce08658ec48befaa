// The request pipeline: authenticate → route → handler → envelope; every failure becomes a JSON error, never a stack.
// Never logs a header, a body, a requested path or anything shaped like a key: log lines name the route template.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { authenticate } from '../auth/authenticator.js';
import { isKeywardError } from '../../kernel/errors.js';
import type { KeyServiceContext } from '../service/context.js';
import type { QueryScopes } from '../storage/query-scope.js';
import { redactKeyLike } from '../query/index.js';
import { RenderedRefusals, errorResponse, sendError, sendJson, sendJsonText, sendText } from './respond.js';
import { RequestCall, RouteTable, type Handler, type Match, type Reply, type Route } from './router.js';
import type { Health } from './health.js';
import { keyRoutes } from './handlers/keys.js';
import { userRoutes } from './handlers/users.js';
import { accessRoutes } from './handlers/access.js';
import { verifyRoutes } from './handlers/verify.js';
import { auditRoutes } from './handlers/audit-log.js';
import { notificationRoutes } from './handlers/notifications.js';
import { preferenceRoutes } from './handlers/preferences.js';
import { isPortalPath, serveAsset } from './static-assets.js';
import type { Principal } from '../domain/permissions.js';

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/** The portal's parts of the pipeline: /auth/v1, sessions on the key API, and the built assets at `/`. */
export interface PortalHooks {
  /** Answers an /auth/v1 request; resolves to the status sent. */
  auth(req: IncomingMessage, res: ServerResponse, url: URL, pathname: string): Promise<number>;
  /** Whether the request carries a portal session cookie (and no Authorization header wins over it). */
  hasSession(req: IncomingMessage): boolean;
  /** The caller behind a session on a key API request (same origin + CSRF token), or a 401/403. */
  sessionPrincipal(req: IncomingMessage): Promise<Principal>;
  /** The built portal's directory, or null to serve none (then `/` is an unknown route as before). */
  readonly assetsDir: string | null;
}

export function allRoutes(ctx: KeyServiceContext, extra: readonly Route[] = []): Route[] {
  // verify comes before keyRoutes so /v2/api_keys/verify is not read as a key id.
  return [
    ...verifyRoutes(ctx),
    ...keyRoutes(ctx),
    ...userRoutes(ctx),
    ...accessRoutes(ctx),
    ...auditRoutes(ctx),
    ...notificationRoutes(ctx),
    ...preferenceRoutes(ctx),
    ...extra,
  ];
}

export interface ListenerOptions {
  /** Log one line per request (default true). */
  readonly logging?: boolean;
  /** Runs each request in a scope so its storage queries are cancelled when the client leaves. */
  readonly scopes?: QueryScopes;
  /** What /healthz asks (default: always healthy). */
  readonly health?: () => Promise<Health>;
  /** Portal sign-in, sessions and assets; without it the service answers the key API only. */
  readonly portal?: PortalHooks;
  /** How long a 429 of the failed-authentication limiter waits before it is sent (default 0). */
  readonly refusalDelayMs?: number;
}

/** What the answer and the log line of one request need once it leaves the synchronous path. */
interface Pending {
  readonly ctx: KeyServiceContext;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** The route template (`/v2/api_keys/:id`), never the requested path. */
  readonly template: string;
  /** performance.now() at the start, or -1 when not logging. */
  readonly started: number;
  /** The limiter's 429s, rendered once per server. */
  readonly refusals: RenderedRefusals;
}

const HEALTHY = (): Promise<Health> => Promise.resolve({ ok: true });

/**
 * Everything is synchronous while nothing has to wait (route, cached auth, a received body, a cached key):
 * the verify hot path then costs no promise, closure or microtask. Anything that waits continues in promises.
 * Unknown routes are authenticated like known ones, so an unauthenticated caller learns nothing about routes.
 */
export function createRequestListener(
  ctx: KeyServiceContext,
  routes: readonly Route[],
  options: ListenerOptions | boolean = {},
): RequestListener {
  const {
    logging = true,
    scopes,
    health = HEALTHY,
    portal,
    refusalDelayMs = 0,
  } = typeof options === 'boolean' ? { logging: options } : options;
  const noQuery = new URL('http://keyward.invalid/');
  const table = new RouteTable(routes);
  const refusals = new RenderedRefusals(refusalDelayMs);
  const serve = (req: IncomingMessage, res: ServerResponse): void => {
    const started = logging ? performance.now() : -1;
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const pathname = q === -1 ? raw : raw.slice(0, q);
    if (pathname === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
      answerHealth({ ctx, req, res, template: '/healthz', started, refusals }, health);
      return;
    }
    if (portal !== undefined && servePortal(portal, { ctx, req, res, template: '', started, refusals }, raw, pathname))
      return;
    const found = lookup(table, req.method ?? 'GET', pathname);
    const pending: Pending = { ctx, req, res, template: found.template, started, refusals };
    try {
      // Parsed only when there is a query string: verify, the hot path, has none. Handlers only read it.
      const url = q === -1 ? noQuery : new URL(raw, 'http://keyward.invalid');
      // Authorization: Token wins; a session cookie authenticates only same-origin requests with its CSRF token.
      const principal =
        portal !== undefined && req.headers.authorization === undefined && portal.hasSession(req)
          ? portal.sessionPrincipal(req)
          : authenticate(ctx, req.headers.authorization, req.socket.remoteAddress, req.socket);
      if (principal instanceof Promise) {
        principal.then(
          (p) => handle(pending, found.handler, new RequestCall(req, url, found.params, p)),
          (err: unknown) => fail(pending, err),
        );
        return;
      }
      const call = new RequestCall(req, url, found.params, principal);
      // The request event comes before the parser has read a body that arrived in the same read (even a tick later:
      // the parser calls back per part). After this round of I/O it has, so handlers can take it synchronously
      // (receivedBody) instead of listening for it; a body still arriving then is read by events.
      if (req.complete) handle(pending, found.handler, call);
      else setImmediate(handle, pending, found.handler, call);
    } catch (err) {
      fail(pending, err);
    }
  };
  return scopes === undefined ? serve : (req, res) => scopes.run(res, serve, req, res);
}

/** Answers /auth/v1 and the portal's assets; false when the request is for the key API. */
function servePortal(portal: PortalHooks, base: Pending, raw: string, pathname: string): boolean {
  const method = base.req.method ?? 'GET';
  const auth = pathname.startsWith('/auth/v1/');
  const assets = portal.assetsDir;
  if (!auth && (assets === null || !isPortalPath(method, pathname))) return false;
  // /auth/v1 routes are fixed lowercase names: log them, but never anything else a caller typed (a pasted key).
  const template = !auth
    ? '(portal page)'
    : /^\/auth\/v1\/[a-z_/]{1,40}$/.test(pathname)
      ? pathname
      : '/auth/v1/(unknown)';
  const pending: Pending = { ...base, template };
  const served = auth
    ? portal.auth(base.req, base.res, new URL(raw, 'http://keyward.invalid'), pathname)
    : serveAsset(assets ?? '', base.req, base.res, pathname);
  served.then(
    (status) => logLine(pending, status),
    (err: unknown) => fail(pending, err),
  );
  return true;
}

/** The route, or a stand-in whose handler raises the routing error once the caller is authenticated. */
function lookup(table: RouteTable, method: string, pathname: string): Match {
  try {
    return table.find(method, pathname);
  } catch (err) {
    return { handler: () => Promise.reject(err), params: [], template: '(no route)' };
  }
}

function answerHealth(p: Pending, health: () => Promise<Health>): void {
  health().then(
    (h) => {
      if (h.ok) sendJson(p.res, 200, { status: 'ok' });
      else sendError(p.res, 503, 'unavailable', h.message);
      logLine(p, h.ok ? 200 : 503);
    },
    (err: unknown) => fail(p, err),
  );
}

function handle(p: Pending, handler: Handler, call: RequestCall): void {
  try {
    const reply = handler(call);
    if (reply instanceof Promise) {
      reply.then(
        (r) => answer(p, r),
        (err: unknown) => fail(p, err),
      );
      return;
    }
    send(p.res, reply);
    logLine(p, reply.status);
  } catch (err) {
    fail(p, err);
  }
}

function send(res: ServerResponse, reply: Reply): void {
  if (reply.jsonText !== undefined) sendJsonText(res, reply.status, reply.jsonText);
  else if (reply.text) sendText(res, reply.status, reply.text.contentType, reply.text.body);
  else sendJson(res, reply.status, reply.json ?? {});
}

function answer(p: Pending, reply: Reply): void {
  try {
    send(p.res, reply);
    logLine(p, reply.status);
  } catch (err) {
    fail(p, err);
  }
}

function fail(p: Pending, err: unknown): void {
  const { ctx, req, res } = p;
  // A client that left is not an internal error: log it as what it is, there is nobody to answer.
  if ((isKeywardError(err) && err.code === 'client_gone') || (res.closed && !res.writableFinished)) {
    if (p.started >= 0)
      ctx.log(`${req.method ?? '?'} ${p.template} client closed the connection before the answer (${elapsed(p)})`);
    return;
  }
  // Unread request bodies (413, 415, early 401, 429) must be drained or the connection stalls.
  if (!req.complete) req.resume();
  // A 429 says when to come back (failed-authentication limit, auth/failure-limiter.ts); a 503 asks for a retry soon.
  const retryAfter = isKeywardError(err) ? err.details.retryAfterSeconds : undefined;
  if (isKeywardError(err) && err.code === 'too_many_requests' && typeof retryAfter === 'number' && !res.headersSent) {
    p.refusals.send(res, err, retryAfter);
    logLine(p, 429);
    return;
  }
  const { status, code, message } = errorResponse(err);
  if (status === 500)
    ctx.log(
      `internal error on ${req.method ?? '?'} ${p.template}: ${redactKeyLike(err instanceof Error ? err.message : String(err))}`,
    );
  if (status === 503) ctx.log(`storage unavailable on ${req.method ?? '?'} ${p.template}: ${message}`);
  if (!res.headersSent && typeof retryAfter === 'number') res.setHeader('retry-after', String(retryAfter));
  else if (!res.headersSent && status === 503) res.setHeader('retry-after', '1');
  sendError(res, status, code, message);
  logLine(p, status);
}

function elapsed(p: Pending): string {
  return `${(performance.now() - p.started).toFixed(1)}ms`;
}

function logLine(p: Pending, status: number): void {
  if (p.started < 0) return;
  p.ctx.log(`${p.req.method ?? '?'} ${p.template} ${status} ${elapsed(p)}`);
}
