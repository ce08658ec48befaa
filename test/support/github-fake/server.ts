// The GitHub API fake: a local HTTP server on a free port serving exactly the given routes, validating every
// request and response against GitHub's OpenAPI description. It must never let an invalid or unexpected call pass.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from '../../../src/kernel/clock.js';
import { fullGrant, installationTokenRoute, verifyAppJwt, type FakeApp, type TokenGrant } from './app-auth.js';
import { exampleFor } from './example.js';
import { failureHeaders, failureReply, takeInjection, type InjectedFailure, type PendingInjection } from './inject.js';
import type { GithubDescription, Json, JsonObject } from './openapi.js';
import { githubRoutes, type Reply, type Route } from './routes.js';
import { GithubFakeState, sodiumReady, type ScopeKey } from './state.js';

export interface GithubFakeOptions {
  readonly description: GithubDescription;
  /** `owner/name`, or with environments: `{ fullName, environments }`. Owners become organizations. */
  readonly repositories?: ReadonlyArray<
    string | { readonly fullName: string; readonly environments?: readonly string[] }
  >;
  readonly organizations?: readonly string[];
  /** Accepted tokens and what they may do; default: `test-token` with `fullGrant` (Secrets and Variables write). */
  readonly tokens?: Readonly<Record<string, TokenGrant>>;
  readonly app?: FakeApp;
  readonly clock?: Clock;
  /** Extra routes (served after the built-in ones). */
  readonly routes?: readonly Route[];
}

interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  operationId: string | undefined;
  readonly body: unknown;
  status: number;
  injected: boolean;
}

export interface GithubFake {
  readonly url: string;
  readonly state: GithubFakeState;
  readonly requests: LoggedRequest[];
  readonly violations: string[];
  inject(failure: InjectedFailure): void;
  /** What the secret's sealed box opened to, for assertions; undefined when absent. */
  secretValue(scope: ScopeKey, name: string): string | undefined;
  variableValue(scope: ScopeKey, name: string): string | undefined;
  /** Throws listing every violation and every injected failure that was never used. */
  assertNoViolations(): void;
  close(): Promise<void>;
}

interface CompiledRoute {
  readonly route: Route;
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

export async function startGithubFake(options: GithubFakeOptions): Promise<GithubFake> {
  await sodiumReady();
  const state = new GithubFakeState(options.clock ?? systemClock);
  for (const repo of options.repositories ?? []) {
    if (typeof repo === 'string') state.addRepository(repo);
    else state.addRepository(repo.fullName, repo.environments ?? []);
  }
  for (const org of options.organizations ?? []) state.organizations.add(org.toLowerCase());
  const grants = new Map<string, TokenGrant>(Object.entries(options.tokens ?? { 'test-token': fullGrant }));
  let minted = 0;
  const routes = [...githubRoutes, ...(options.routes ?? [])];
  if (options.app) {
    const app = options.app;
    routes.push(
      installationTokenRoute(
        app,
        (token) => grants.set(token, app.grant),
        () => `ghs_fake${++minted}`,
      ),
    );
  }
  const compiled = routes.map(compileRoute).sort((a, b) => a.names.length - b.names.length);
  const requests: LoggedRequest[] = [];
  const violations: string[] = [];
  const injections: PendingInjection[] = [];

  const server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'fake'}`);
      const where = `${req.method} ${url.pathname}`;
      let body: unknown;
      try {
        body = raw.length === 0 ? undefined : JSON.parse(raw);
      } catch {
        violations.push(`${where}: request body is not JSON`);
      }
      const match = matchRoute(compiled, req.method ?? '', url.pathname);
      const entry: LoggedRequest = {
        method: req.method ?? '',
        path: url.pathname,
        operationId: undefined,
        body,
        status: 0,
        injected: false,
      };
      requests.push(entry);
      if (!match) {
        violations.push(`unexpected call ${where}`);
        return send(res, entry, { status: 404, body: { message: 'Not Found (no such route in the fake)' } });
      }
      const operation = options.description.operation(match.route.method, match.route.template);
      entry.operationId = operation.operationId;
      // Every request body is checked, and every reply (injected, refused or handled) goes through the same check.
      for (const problem of operation.checkRequestBody(body)) violations.push(`${where}: ${problem}`);
      const injected = takeInjection(injections, req.method ?? '', url.pathname);
      entry.injected = injected !== undefined;
      const reply: Reply = injected
        ? { ...failureReply(injected), headers: failureHeaders(injected, state.clock) }
        : (authorize(req.headers.authorization, match.route, grants, options.app) ??
          match.route.handle({
            params: match.params,
            body,
            state,
            url,
            query: Object.fromEntries(url.searchParams.entries()),
            violation: (message) => violations.push(`${where}: ${message}`),
            example: (status, overrides) => exampleFor(operation.responseSchema(status) ?? {}, overrides),
            exampleItem: (status, overrides) =>
              exampleFor((operation.responseSchema(status)?.['items'] ?? {}) as JsonObject, overrides),
          }));
      for (const problem of checkReply(operation.checkResponse.bind(operation), reply))
        violations.push(`${where}: ${problem}`);
      send(res, entry, reply);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    state,
    requests,
    violations,
    inject: (failure) => injections.push({ failure, remaining: failure.times ?? 1 }),
    secretValue: (scope, name) => state.secrets.get(scope)?.get(name.toUpperCase())?.value,
    variableValue: (scope, name) => state.variables.get(scope)?.get(name.toUpperCase())?.value,
    assertNoViolations() {
      const unused = injections
        .filter((i) => i.remaining > 0)
        .map((i) => `injected ${i.failure.status} never used (${i.remaining} left)`);
      const all = [...violations, ...unused];
      if (all.length > 0) throw new Error(`GitHub fake saw problems:\n${all.join('\n')}`);
    },
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}

/** Documented statuses are checked against their schema; undocumented error statuses GitHub sends on any
 * operation (404, 409, 422) must at least carry the basic-error `message`. */
function checkReply(checkResponse: (status: number, body: unknown) => string[], reply: Reply): string[] {
  const problems = checkResponse(reply.status, reply.body);
  const undocumented = problems.length === 1 && problems[0]?.includes('is not a documented response');
  if (!undocumented || reply.status < 400) return problems;
  const message = (reply.body as JsonObject | undefined)?.['message'];
  return typeof message === 'string' ? [] : [`status ${reply.status} without a message`];
}

function authorize(
  header: string | undefined,
  route: Route,
  grants: Map<string, TokenGrant>,
  app: FakeApp | undefined,
): Reply | undefined {
  const badCredentials: Reply = {
    status: 401,
    body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' },
  };
  const [scheme = '', credential = ''] = (header ?? '').split(' ');
  if (route.permission === 'app') {
    return scheme.toLowerCase() === 'bearer' && app && verifyAppJwt(credential, app) ? undefined : badCredentials;
  }
  const grant = ['token', 'bearer'].includes(scheme.toLowerCase()) ? grants.get(credential) : undefined;
  if (!grant) return badCredentials;
  if (route.permission === 'metadata') return undefined;
  const level = grant[route.permission] ?? 'none';
  const allowed = route.access === 'read' ? level !== 'none' : level === 'write';
  return allowed
    ? undefined
    : {
        status: 403,
        body: { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest' },
        headers: { 'x-accepted-github-permissions': `${route.permission}=${route.access}` },
      };
}

function compileRoute(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.template
    .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
    .replace(/\\?\{([a-z_]+)\\?\}/g, (_m, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
  return { route, pattern: new RegExp(`^${source}$`), names };
}

function matchRoute(
  routes: readonly CompiledRoute[],
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | undefined {
  for (const { route, pattern, names } of routes) {
    if (route.method !== method) continue;
    const m = pattern.exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1] ?? '')));
    return { route, params };
  }
  return undefined;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, entry: LoggedRequest, reply: Reply): void {
  entry.status = reply.status;
  const payload: Json | undefined = reply.body;
  res.writeHead(reply.status, {
    ...reply.headers,
    ...(payload === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
  });
  res.end(payload === undefined ? undefined : JSON.stringify(payload));
}
