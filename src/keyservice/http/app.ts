// The request pipeline: route → authenticate → handler → envelope; every failure becomes a JSON error, never a stack.
// Never logs a header, a body or anything shaped like a key; log lines carry method, path, status and time only.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { authenticate } from '../auth/authenticator.js';
import { sourceOf } from '../auth/source.js';
import { isKeywardError } from '../../kernel/errors.js';
import { redactKeys } from '../domain/key-material.js';
import type { KeyServiceContext } from '../service/context.js';
import { errorResponse, sendError, sendJson, sendJsonText, sendText } from './respond.js';
import { RequestCall, RouteTable, type Handler, type Reply, type Route } from './router.js';
import { keyRoutes } from './handlers/keys.js';
import { userRoutes } from './handlers/users.js';
import { accessRoutes } from './handlers/access.js';
import { verifyRoutes } from './handlers/verify.js';
import { auditRoutes } from './handlers/audit-log.js';
import { notificationRoutes } from './handlers/notifications.js';

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

export function allRoutes(ctx: KeyServiceContext, extra: readonly Route[] = []): Route[] {
  // verify comes before keyRoutes so /v2/api_keys/verify is not read as a key id.
  return [...verifyRoutes(ctx), ...keyRoutes(ctx), ...userRoutes(ctx), ...accessRoutes(ctx), ...auditRoutes(ctx), ...notificationRoutes(ctx), ...extra];
}

/** What the answer and the log line of one request need once it leaves the synchronous path. */
interface Pending {
  readonly ctx: KeyServiceContext;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly pathname: string;
  /** performance.now() at the start, or -1 when not logging. */
  readonly started: number;
}

/**
 * Everything is synchronous while nothing has to wait (route, cached auth, a received body, a cached key):
 * the verify hot path then costs no promise, closure or microtask. Anything that waits continues in promises.
 */
export function createRequestListener(ctx: KeyServiceContext, routes: readonly Route[], logging = true): RequestListener {
  const noQuery = new URL('http://keyward.invalid/');
  const table = new RouteTable(routes);
  return (req, res) => {
    const started = logging ? performance.now() : -1;
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const pathname = q === -1 ? raw : raw.slice(0, q);
    try {
      // Parsed only when there is a query string: verify, the hot path, has none. Handlers only read it.
      const url = q === -1 ? noQuery : new URL(raw, 'http://keyward.invalid');
      if (req.method === 'GET' && pathname === '/healthz') {
        sendJson(res, 200, { status: 'ok' });
        logLine(ctx, req, pathname, started, 200);
        return;
      }
      const found = table.find(req.method ?? 'GET', pathname);
      const principal = authenticate(ctx, req.headers.authorization, sourceOf(req.socket.remoteAddress));
      if (principal instanceof Promise) {
        principal.then(
          (p) => handle(ctx, found.handler, new RequestCall(req, url, found.params, p), res, pathname, started),
          (err: unknown) => fail({ ctx, req, res, pathname, started }, err),
        );
        return;
      }
      const call = new RequestCall(req, url, found.params, principal);
      // The request event comes before the parser has read a body that arrived in the same read (even a tick later:
      // the parser calls back per part). After this round of I/O it has, so handlers can take it synchronously
      // (receivedBody) instead of listening for it; a body still arriving then is read by events.
      if (req.complete) handle(ctx, found.handler, call, res, pathname, started);
      else setImmediate(handle, ctx, found.handler, call, res, pathname, started);
    } catch (err) {
      fail({ ctx, req, res, pathname, started }, err);
    }
  };
}

function handle(ctx: KeyServiceContext, handler: Handler, call: RequestCall, res: ServerResponse, pathname: string, started: number): void {
  try {
    const reply = handler(call);
    if (reply instanceof Promise) {
      const pending = { ctx, req: call.req, res, pathname, started };
      reply.then((r) => answer(pending, r), (err: unknown) => fail(pending, err));
      return;
    }
    send(res, reply);
    logLine(ctx, call.req, pathname, started, reply.status);
  } catch (err) {
    fail({ ctx, req: call.req, res, pathname, started }, err);
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
    logLine(p.ctx, p.req, p.pathname, p.started, reply.status);
  } catch (err) {
    fail(p, err);
  }
}

function fail({ ctx, req, res, pathname, started }: Pending, err: unknown): void {
  const { status, code, message } = errorResponse(err);
  if (status === 500) ctx.log(`internal error on ${req.method ?? '?'} ${redactKeys(pathname)}: ${redactKeys(err instanceof Error ? err.message : String(err))}`);
  // Unread request bodies (413, early 401) must be drained or the connection stalls.
  if (!req.complete) req.resume();
  // A 429 says when to come back (failed-authentication limit, auth/failure-limiter.ts).
  const retryAfter = isKeywardError(err) ? err.details.retryAfterSeconds : undefined;
  if (typeof retryAfter === 'number' && !res.headersSent) res.setHeader('retry-after', String(retryAfter));
  sendError(res, status, code, message);
  logLine(ctx, req, pathname, started, status);
}

function logLine(ctx: KeyServiceContext, req: IncomingMessage, pathname: string, started: number, status: number): void {
  if (started < 0) return;
  const shown = redactKeys(pathname.length > 200 ? `${pathname.slice(0, 200)}...` : pathname);
  ctx.log(`${req.method ?? '?'} ${shown} ${status} ${(performance.now() - started).toFixed(1)}ms`);
}
