// The request pipeline: route → authenticate → handler → envelope; every failure becomes a JSON error, never a stack.
// Never logs a header, a body or anything shaped like a key; log lines carry method, path, status and time only.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { authenticate } from '../auth/authenticator.js';
import { redactKeys } from '../domain/key-material.js';
import type { KeyServiceContext } from '../service/context.js';
import { errorResponse, sendError, sendJson, sendText } from './respond.js';
import { bodyReader, match, type Route } from './router.js';
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

export function createRequestListener(ctx: KeyServiceContext, routes: readonly Route[], logging = true): RequestListener {
  const noQuery = new URL('http://keyward.invalid/');
  return (req, res) => {
    const started = logging ? performance.now() : 0;
    let pathname = '/';
    const finish = (status: number) => {
      if (!logging) return;
      ctx.log(`${req.method ?? '?'} ${redactKeys(pathname.length > 200 ? `${pathname.slice(0, 200)}...` : pathname)} ${status} ${(performance.now() - started).toFixed(1)}ms`);
    };
    void (async () => {
      try {
        const raw = req.url ?? '/';
        const q = raw.indexOf('?');
        pathname = q === -1 ? raw : raw.slice(0, q);
        // Parsed only when there is a query string: verify, the hot path, has none. Handlers only read it.
        const url = q === -1 ? noQuery : new URL(raw, 'http://keyward.invalid');
        if (req.method === 'GET' && pathname === '/healthz') {
          sendJson(res, 200, { status: 'ok' });
          return finish(200);
        }
        const found = match(routes, req.method ?? 'GET', pathname);
        const principal = await authenticate(ctx, req.headers.authorization);
        const reply = await found.handler({ req, url, params: found.params, principal, body: bodyReader(req) });
        if (reply.text) sendText(res, reply.status, reply.text.contentType, reply.text.body);
        else sendJson(res, reply.status, reply.json ?? {});
        finish(reply.status);
      } catch (err) {
        const { status, code, message } = errorResponse(err);
        if (status === 500) ctx.log(`internal error on ${req.method ?? '?'} ${redactKeys(pathname)}: ${redactKeys(err instanceof Error ? err.message : String(err))}`);
        // Unread request bodies (413, early 401) must be drained or the connection stalls.
        if (!req.complete) req.resume();
        sendError(res, status, code, message);
        finish(status);
      }
    })();
  };
}
