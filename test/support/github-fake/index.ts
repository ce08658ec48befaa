// The GitHub API fake's public face: start it, inspect what it saw, inject failures, assert it saw nothing invalid.
// Re-exports only. Usage (see test/stores/github/harness.ts):
//   const description = await loadGithubDescription();          // once per test file: 13 MB of JSON
//   const fake = await startGithubFake({ description, repositories: [{ fullName: 'acme/app', environments: ['prod'] }]
// });   ... point octokit at fake.url with token 'test-token' ...
//   fake.secretValue(repoScope('acme/app'), 'NAME'); fake.requests; fake.inject({ status: 429, retryAfter: 5 });
//   fake.assertNoViolations(); await fake.close();
// More routes: pass `routes: Route[]` whose `template` is the description's path template. Pull requests and issue
// comments (the Action's): `routes: pullRequestRoutes`, token grant `pull_requests: 'write'`; fake.state.pulls to
// close/merge.
export { startGithubFake, type GithubFake, type GithubFakeOptions } from './server.js';
export { loadGithubDescription, type GithubDescription } from './openapi.js';
export { repoScope, envScope, orgScope, type ScopeKey } from './state.js';
export { pullRequestRoutes } from './pulls-routes.js';
