// The github secret store (Actions secrets + a `<NAME>_KEY_ID` variable) as other modules see it.
// Re-exports only.
export { createGithubStore } from './factory.js';
export { GithubStore, type GithubStoreDeps } from './github-store.js';
export { parseGithubConfig, describeScope, type GithubScope, type OrgVisibility } from './config.js';
export { createGithubClient, credentialKind, DEFAULT_GITHUB_API_URL } from './client.js';
export { keyIdVariableName, secretNameProblem } from './scope-routes.js';
