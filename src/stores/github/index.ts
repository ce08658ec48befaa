// The github secret store (Actions secrets + a `<NAME>_KEY_ID` variable) as other modules see it.
// Re-exports only.
export { createGithubStore } from './factory.js';
export { parseGithubConfig } from './config.js';
