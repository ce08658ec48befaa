// The GitHub API fake's public face: start it, inspect what it saw, inject failures, assert it saw nothing invalid.
// Re-exports only.
export { startGithubFake, type GithubFake, type GithubFakeOptions, type LoggedRequest } from './server.js';
export { loadGithubDescription, type GithubDescription } from './openapi.js';
export { githubRoutes, type Route, type RouteContext, type Reply, type Permission } from './routes.js';
export { fullGrant, type TokenGrant, type FakeApp } from './app-auth.js';
export type { InjectedFailure } from './inject.js';
export { repoScope, envScope, orgScope, type ScopeKey, type FakeSecret, type FakeVariable } from './state.js';
