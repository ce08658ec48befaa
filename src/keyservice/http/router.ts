// A small router: method + path pattern → handler, with authentication on every route but /healthz.
// Never answers an unknown route with anything but a 404 in the error envelope, and never repeats its path.
import type { IncomingMessage } from 'node:http';
import { userError } from '../../kernel/errors.js';
import type { Principal } from '../domain/permissions.js';
import { readJsonBody, receivedJsonBody } from './body.js';

export interface Reply {
  readonly status: number;
  /** A JSON body, or text with a content type (exports). */
  readonly json?: unknown;
  readonly text?: { readonly contentType: string; readonly body: string };
  /** A JSON body serialized already (verify reuses its answer for a cached key). */
  readonly jsonText?: string;
}

export interface Call {
  readonly req: IncomingMessage;
  /** The request URL, for its query parameters (`searchParams`); read-only, and shared when there is no query. */
  readonly url: URL;
  /** Path captures, percent-decoded. */
  readonly params: readonly string[];
  readonly principal: Principal;
  body(): Promise<unknown>;
  /** The body when it has fully arrived already (parsed now, same 400/413 rules), else undefined: then use body(). */
  receivedBody(): { readonly value: unknown } | undefined;
}

/** Handlers may answer synchronously (the verify hot path does when everything is cached) or with a promise. */
export type Handler = (call: Call) => Reply | Promise<Reply>;

export interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly handler: Handler;
  /** The path when it has no `:id` capture (looked up in a map instead of by pattern). */
  readonly exact?: string;
  /** The path as written (`/v2/api_keys/:id`): what log lines show instead of a requested path. */
  readonly template?: string;
}

export const ok = (json: unknown, status = 200): Reply => ({ status, json });

export function route(method: string, path: string, handler: Handler): Route {
  // `:id` captures the rest of the path, slashes included, because prefixed ids contain them.
  const source = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(':id', '(.+)');
  return {
    method,
    pattern: new RegExp(`^${source}$`),
    handler,
    exact: path.includes(':id') ? undefined : path,
    template: path,
  };
}

export interface Match {
  readonly handler: Handler;
  readonly params: readonly string[];
  /** The route's template for logs; `(no route)` when nothing matched. */
  readonly template: string;
}

const NO_PARAMS: readonly string[] = Object.freeze([]);

/**
 * Routes compiled once: exact paths in a map, the rest tried in order; the answer is the same as trying all in order.
 */
export class RouteTable {
  /** Method → exact path → match; a map per method so a lookup builds no key string. */
  readonly #exact = new Map<string, Map<string, Match>>();
  constructor(private readonly routes: readonly Route[]) {
    routes.forEach((r, i) => {
      if (r.exact === undefined) return;
      const path = r.exact;
      // An earlier route that also matches this path wins, as in an ordered scan: leave such paths to the scan.
      if (routes.slice(0, i).some((e) => e.method === r.method && e.pattern.test(path))) return;
      const paths = this.#exact.get(r.method) ?? new Map<string, Match>();
      this.#exact.set(r.method, paths);
      paths.set(path, { handler: r.handler, params: NO_PARAMS, template: path });
    });
  }

  find(method: string, pathname: string): Match {
    return this.#exact.get(method)?.get(pathname) ?? match(this.routes, method, pathname);
  }
}

function match(routes: readonly Route[], method: string, pathname: string): Match {
  for (const r of routes) {
    if (r.method !== method) continue;
    const m = r.pattern.exec(pathname);
    if (m === null) continue;
    return {
      handler: r.handler,
      params: m.length === 1 ? NO_PARAMS : m.slice(1).map(decode),
      template: r.template ?? '(route)',
    };
  }
  // The path is not repeated: a key pasted into a wrong URL would come back (docs/api.md lists the routes).
  throw userError(
    'not_found',
    `no route for ${method} at this path; see docs/api.md for the routes of the key service`,
  );
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw userError('bad_request', 'path: malformed percent-encoding');
  }
}

/** One request's Call: a class, so a request costs one object and no closures; the body is read at most once. */
export class RequestCall implements Call {
  /** The parsed body, or why it was refused, once read; a promise while it is still arriving. */
  #body: { readonly value: unknown } | { readonly error: unknown } | Promise<unknown> | undefined;
  constructor(
    readonly req: IncomingMessage,
    readonly url: URL,
    readonly params: readonly string[],
    readonly principal: Principal,
  ) {}

  body(): Promise<unknown> {
    if (this.#body === undefined) this.#take();
    const known = (this.#body ??= readJsonBody(this.req));
    if (known instanceof Promise) return known;
    return 'value' in known ? Promise.resolve(known.value) : Promise.reject(known.error);
  }

  receivedBody(): { readonly value: unknown } | undefined {
    if (this.#body === undefined) this.#take();
    const known = this.#body;
    if (known === undefined || known instanceof Promise) return undefined;
    if ('value' in known) return known;
    throw known.error;
  }

  #take(): void {
    try {
      this.#body = receivedJsonBody(this.req);
    } catch (error) {
      this.#body = { error };
    }
  }
}
