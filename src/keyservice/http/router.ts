// A small router: method + path pattern → handler, with authentication on every route but /healthz.
// Never answers an unknown route with anything but a 404 in the error envelope.
import type { IncomingMessage } from 'node:http';
import { userError } from '../../core/errors.js';
import type { Principal } from '../domain/permissions.js';
import { readJsonBody } from './body.js';

export interface Reply {
  readonly status: number;
  /** A JSON body, or text with a content type (exports). */
  readonly json?: unknown;
  readonly text?: { readonly contentType: string; readonly body: string };
}

export interface Call {
  readonly req: IncomingMessage;
  /** The request URL, for its query parameters (`searchParams`); read-only, and shared when there is no query. */
  readonly url: URL;
  /** Path captures, percent-decoded. */
  readonly params: readonly string[];
  readonly principal: Principal;
  body(): Promise<unknown>;
}

export type Handler = (call: Call) => Promise<Reply>;

export interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly handler: Handler;
}

export const ok = (json: unknown, status = 200): Reply => ({ status, json });

export function route(method: string, path: string, handler: Handler): Route {
  // `:id` captures the rest of the path, slashes included, because prefixed ids contain them.
  const source = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(':id', '(.+)');
  return { method, pattern: new RegExp(`^${source}$`), handler };
}

export interface Match {
  readonly handler: Handler;
  readonly params: string[];
}

export function match(routes: readonly Route[], method: string, pathname: string): Match {
  for (const r of routes) {
    if (r.method !== method) continue;
    const m = r.pattern.exec(pathname);
    if (m === null) continue;
    return { handler: r.handler, params: m.length === 1 ? [] : m.slice(1).map(decode) };
  }
  throw userError('not_found', `no route ${method} ${pathname.length > 100 ? `${pathname.slice(0, 100)}...` : pathname}`);
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw userError('bad_request', 'path: malformed percent-encoding');
  }
}

export function bodyReader(req: IncomingMessage): () => Promise<unknown> {
  let cached: Promise<unknown> | undefined;
  return () => (cached ??= readJsonBody(req));
}
