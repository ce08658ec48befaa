// The REST routes of one scope's Actions secrets and variables, as octokit route templates plus their parameters.
// Route shapes come from GitHub's REST description; nothing here sends a request.
import type { GithubScope } from './config.js';

export interface ScopeRoutes {
  /** Path parameters shared by every route of the scope (owner/repo, environment_name, or org). */
  readonly params: Readonly<Record<string, string>>;
  readonly publicKey: string;
  /** Takes `secret_name`. */
  readonly secret: string;
  readonly variables: string;
  /** Takes `name`. */
  readonly variable: string;
}

export function scopeRoutes(scope: GithubScope): ScopeRoutes {
  const [base, params] = ((): [string, Record<string, string>] => {
    switch (scope.kind) {
      case 'repository':
        return ['/repos/{owner}/{repo}/actions', { owner: scope.owner, repo: scope.repo }];
      case 'environment':
        return [
          '/repos/{owner}/{repo}/environments/{environment_name}',
          { owner: scope.owner, repo: scope.repo, environment_name: scope.environment },
        ];
      case 'organization':
        return ['/orgs/{org}/actions', { org: scope.org }];
    }
  })();
  return {
    params,
    publicKey: `${base}/secrets/public-key`,
    secret: `${base}/secrets/{secret_name}`,
    variables: `${base}/variables`,
    variable: `${base}/variables/{name}`,
  };
}

/** The companion Actions variable that records which keyward key ID a secret holds. */
export function keyIdVariableName(secretName: string): string {
  return `${secretName}_KEY_ID`;
}

const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Why `name` is not a valid GitHub secret name (its companion `<name>_KEY_ID` too), or undefined when it is. */
export function secretNameProblem(name: string): string | undefined {
  if (!SECRET_NAME.test(name))
    return 'GitHub secret names use only letters, digits and underscores and do not start with a digit';
  if (/^GITHUB_/i.test(name)) return 'GitHub secret names must not start with GITHUB_';
  return undefined;
}
