// The routes the GitHub fake serves: Actions secrets and variables at repository, environment and organization
// scope, repository lookup, and GitHub App installation tokens. Anything else is an unexpected call.
import { GithubFakeState, envScope, orgScope, repoScope, type ScopeKey } from './state.js';
import type { Json, JsonObject } from './openapi.js';

/** A GitHub permission name as in X-Accepted-GitHub-Permissions; `metadata` is granted to every token, `app` means
 * the route takes the GitHub App's JWT instead of a token. */
type Permission = 'secrets' | 'variables' | 'metadata' | 'app' | (string & {});

export interface RouteContext {
  readonly params: Readonly<Record<string, string>>;
  /** The query string's parameters (first value of each). */
  readonly query: Readonly<Record<string, string>>;
  /** The request's path and query as sent, for building Link headers. */
  readonly url: URL;
  readonly body: unknown;
  readonly state: GithubFakeState;
  /** Violations of GitHub's rules the description cannot express (stale key_id, box that does not open). */
  violation(message: string): void;
  /** A body of the operation's documented response schema, minimal, with `overrides` merged in. */
  example(status: number, overrides: JsonObject): Json;
  /** The same for one item of an array response (list operations). */
  exampleItem(status: number, overrides: JsonObject): Json;
}

export interface Reply {
  readonly status: number;
  readonly body?: Json;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface Route {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The path template exactly as it appears in the OpenAPI description. */
  readonly template: string;
  readonly permission: Permission;
  readonly access: 'read' | 'write';
  handle(ctx: RouteContext): Reply;
}

const created: Reply = { status: 201, body: {} };
const noContent: Reply = { status: 204 };
const notFound: Reply = {
  status: 404,
  body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' },
};

const scopes = [
  { prefix: '/repos/{owner}/{repo}/actions', scope: repositoryScope },
  { prefix: '/repos/{owner}/{repo}/environments/{environment_name}', scope: environmentScope },
  { prefix: '/orgs/{org}/actions', scope: organizationScope },
] as const;

function repositoryScope(ctx: RouteContext): ScopeKey | undefined {
  const repo = ctx.state.findRepository(ctx.params['owner'] ?? '', ctx.params['repo'] ?? '');
  return repo ? repoScope(`${repo.owner}/${repo.name}`) : undefined;
}

function environmentScope(ctx: RouteContext): ScopeKey | undefined {
  const repo = ctx.state.findRepository(ctx.params['owner'] ?? '', ctx.params['repo'] ?? '');
  const environment = ctx.params['environment_name'] ?? '';
  return repo && repo.environments.includes(environment)
    ? envScope(`${repo.owner}/${repo.name}`, environment)
    : undefined;
}

function organizationScope(ctx: RouteContext): ScopeKey | undefined {
  const org = (ctx.params['org'] ?? '').toLowerCase();
  return ctx.state.organizations.has(org) ? orgScope(org) : undefined;
}

function withScope(
  scopeOf: (ctx: RouteContext) => ScopeKey | undefined,
  fn: (ctx: RouteContext, scope: ScopeKey) => Reply,
) {
  return (ctx: RouteContext): Reply => {
    const scope = scopeOf(ctx);
    return scope ? fn(ctx, scope) : notFound;
  };
}

const iso = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

function orgFields(
  scope: ScopeKey,
  body: JsonObject,
  ctx: RouteContext,
): { visibility?: string; selectedRepositoryIds?: number[] } {
  if (!scope.startsWith('org:')) return {};
  const ids = Array.isArray(body['selected_repository_ids'])
    ? (body['selected_repository_ids'] as number[])
    : undefined;
  const visibility = typeof body['visibility'] === 'string' ? body['visibility'] : undefined;
  if (ids && visibility !== 'selected') ctx.violation('selected_repository_ids sent without visibility "selected"');
  for (const id of ids ?? [])
    if (!ctx.state.repositories.some((r) => r.id === id)) ctx.violation(`unknown repository id ${id}`);
  return { ...(visibility ? { visibility } : {}), ...(ids ? { selectedRepositoryIds: ids } : {}) };
}

function secretRoutes(prefix: string, scopeOf: (ctx: RouteContext) => ScopeKey | undefined): Route[] {
  const item = `${prefix}/secrets/{secret_name}`;
  return [
    {
      method: 'GET',
      template: `${prefix}/secrets/public-key`,
      permission: 'secrets',
      access: 'read',
      handle: withScope(scopeOf, (ctx, scope) => {
        const keys = ctx.state.keysFor(scope);
        return { status: 200, body: { key_id: keys.keyId, key: Buffer.from(keys.publicKey).toString('base64') } };
      }),
    },
    {
      method: 'GET',
      template: item,
      permission: 'secrets',
      access: 'read',
      handle: withScope(scopeOf, (ctx, scope) => {
        const secret = ctx.state.secretsOf(scope).get((ctx.params['secret_name'] ?? '').toUpperCase());
        if (!secret) return notFound;
        const base = { name: secret.name, created_at: iso(secret.createdAt), updated_at: iso(secret.updatedAt) };
        return { status: 200, body: secret.visibility ? { ...base, visibility: secret.visibility } : base };
      }),
    },
    {
      method: 'PUT',
      template: item,
      permission: 'secrets',
      access: 'write',
      handle: withScope(scopeOf, (ctx, scope) => {
        const body = ctx.body as JsonObject;
        const name = (ctx.params['secret_name'] ?? '').toUpperCase();
        if (!/^[A-Z_][A-Z0-9_]*$/.test(name) || name.startsWith('GITHUB_'))
          ctx.violation(`invalid secret name ${name}`);
        if (body['key_id'] !== ctx.state.keysFor(scope).keyId)
          ctx.violation(`key_id ${String(body['key_id'])} is not the scope's current key`);
        const value = ctx.state.open(scope, String(body['encrypted_value']));
        if (value === undefined) {
          ctx.violation(`the sealed box for ${name} does not open with the scope's key`);
          return {
            status: 422,
            body: { message: 'Bad request: could not decrypt', documentation_url: 'https://docs.github.com/rest' },
          };
        }
        const secrets = ctx.state.secretsOf(scope);
        const existing = secrets.get(name);
        const now = ctx.state.clock.now();
        secrets.set(name, {
          name,
          value,
          keyId: String(body['key_id']),
          createdAt: existing?.createdAt ?? now,
          updatedAt: now,
          ...orgFields(scope, body, ctx),
        });
        return existing ? noContent : created;
      }),
    },
    {
      method: 'DELETE',
      template: item,
      permission: 'secrets',
      access: 'write',
      handle: withScope(scopeOf, (ctx, scope) => {
        return ctx.state.secretsOf(scope).delete((ctx.params['secret_name'] ?? '').toUpperCase())
          ? noContent
          : notFound;
      }),
    },
  ];
}

function variableRoutes(prefix: string, scopeOf: (ctx: RouteContext) => ScopeKey | undefined): Route[] {
  const item = `${prefix}/variables/{name}`;
  const render = (v: { name: string; value: string; createdAt: Date; updatedAt: Date; visibility?: string }): Json => {
    const base = { name: v.name, value: v.value, created_at: iso(v.createdAt), updated_at: iso(v.updatedAt) };
    return v.visibility ? { ...base, visibility: v.visibility } : base;
  };
  return [
    {
      method: 'GET',
      template: item,
      permission: 'variables',
      access: 'read',
      handle: withScope(scopeOf, (ctx, scope) => {
        const variable = ctx.state.variablesOf(scope).get((ctx.params['name'] ?? '').toUpperCase());
        return variable ? { status: 200, body: render(variable) } : notFound;
      }),
    },
    {
      method: 'POST',
      template: `${prefix}/variables`,
      permission: 'variables',
      access: 'write',
      handle: withScope(scopeOf, (ctx, scope) => {
        const body = ctx.body as JsonObject;
        const name = String(body['name']).toUpperCase();
        const variables = ctx.state.variablesOf(scope);
        if (variables.has(name))
          return {
            status: 409,
            body: { message: 'Already exists', documentation_url: 'https://docs.github.com/rest' },
          };
        const now = ctx.state.clock.now();
        variables.set(name, {
          name,
          value: String(body['value']),
          createdAt: now,
          updatedAt: now,
          ...orgFields(scope, body, ctx),
        });
        return created;
      }),
    },
    {
      method: 'PATCH',
      template: item,
      permission: 'variables',
      access: 'write',
      handle: withScope(scopeOf, (ctx, scope) => {
        const body = ctx.body as JsonObject;
        const variables = ctx.state.variablesOf(scope);
        const name = (ctx.params['name'] ?? '').toUpperCase();
        const existing = variables.get(name);
        if (!existing) return notFound;
        const next = {
          ...existing,
          ...(typeof body['value'] === 'string' ? { value: body['value'] } : {}),
          updatedAt: ctx.state.clock.now(),
          ...orgFields(scope, body, ctx),
        };
        variables.delete(name);
        const newName = typeof body['name'] === 'string' ? body['name'].toUpperCase() : name;
        variables.set(newName, { ...next, name: newName });
        return noContent;
      }),
    },
    {
      method: 'DELETE',
      template: item,
      permission: 'variables',
      access: 'write',
      handle: withScope(scopeOf, (ctx, scope) => {
        return ctx.state.variablesOf(scope).delete((ctx.params['name'] ?? '').toUpperCase()) ? noContent : notFound;
      }),
    },
  ];
}

const repositoryRoute: Route = {
  method: 'GET',
  template: '/repos/{owner}/{repo}',
  permission: 'metadata',
  access: 'read',
  handle(ctx) {
    const repo = ctx.state.findRepository(ctx.params['owner'] ?? '', ctx.params['repo'] ?? '');
    if (!repo) return notFound;
    return {
      status: 200,
      body: ctx.example(200, {
        id: repo.id,
        name: repo.name,
        full_name: `${repo.owner}/${repo.name}`,
        default_branch: repo.defaultBranch ?? 'main',
      }),
    };
  },
};

/** The routes the secret stores use; the GitHub Action work adds its own through start({ routes }). */
export const githubRoutes: readonly Route[] = [
  ...scopes.flatMap(({ prefix, scope }) => [...secretRoutes(prefix, scope), ...variableRoutes(prefix, scope)]),
  repositoryRoute,
];
