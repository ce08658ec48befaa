// Reads a github store's manifest configuration into a scope: repository, environment or organization.
// It only validates shape; it never talks to GitHub and never reads credentials.
import { rejectUnknownFields, storeConfigError, type StoreIdentity } from '../store-error.js';
import type { StoreConfig } from '../../core/ports/secret-store.js';

type OrgVisibility = 'all' | 'private' | 'selected';

export type GithubScope =
  | { readonly kind: 'repository'; readonly owner: string; readonly repo: string }
  | { readonly kind: 'environment'; readonly owner: string; readonly repo: string; readonly environment: string }
  | {
      readonly kind: 'organization';
      readonly org: string;
      readonly visibility: OrgVisibility;
      readonly repositories: readonly string[];
    };

const KNOWN_FIELDS = ['repository', 'environment', 'organization', 'visibility', 'repositories'] as const;
const OWNER_REPO = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/;
const ORG = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const VISIBILITIES: readonly OrgVisibility[] = ['all', 'private', 'selected'];

/**
 * Parses `{type: github, repository | organization, ...}`; a bad field is a user error naming `stores.<name>.<field>`.
 */
export function parseGithubConfig(name: string, config: StoreConfig): GithubScope {
  const store: StoreIdentity = { type: 'github', name };
  rejectUnknownFields(store, config, KNOWN_FIELDS);
  const { repository, environment, organization, visibility, repositories } = config;
  if (repository !== undefined && organization !== undefined) {
    throw storeConfigError(store, null, 'set either "repository" or "organization", not both');
  }
  if (organization !== undefined) {
    if (environment !== undefined)
      throw storeConfigError(store, 'environment', 'environments belong to a repository, not an organization');
    if (typeof organization !== 'string' || !ORG.test(organization))
      throw storeConfigError(store, 'organization', 'must be an organization login such as "acme"');
    return { kind: 'organization', org: organization, ...parseVisibility(store, visibility, repositories) };
  }
  if (repository === undefined)
    throw storeConfigError(store, null, 'needs "repository: owner/name" or "organization: name"');
  if (typeof repository !== 'string' || !OWNER_REPO.test(repository)) {
    throw storeConfigError(store, 'repository', 'must be "owner/name", such as "acme/payments"');
  }
  for (const field of ['visibility', 'repositories'] as const) {
    if (config[field] !== undefined) throw storeConfigError(store, field, 'applies to organization secrets only');
  }
  const [owner = '', repo = ''] = repository.split('/');
  if (environment === undefined) return { kind: 'repository', owner, repo };
  if (typeof environment !== 'string' || environment.trim() === '' || environment.length > 255) {
    throw storeConfigError(store, 'environment', 'must be a deployment environment name such as "production"');
  }
  return { kind: 'environment', owner, repo, environment };
}

function parseVisibility(
  store: StoreIdentity,
  visibility: unknown,
  repositories: unknown,
): { visibility: OrgVisibility; repositories: string[] } {
  const chosen = visibility ?? 'private';
  if (typeof chosen !== 'string' || !VISIBILITIES.includes(chosen as OrgVisibility)) {
    throw storeConfigError(store, 'visibility', `must be one of ${VISIBILITIES.join(', ')}`);
  }
  if (chosen !== 'selected') {
    if (repositories !== undefined) throw storeConfigError(store, 'repositories', 'needs "visibility: selected"');
    return { visibility: chosen as OrgVisibility, repositories: [] };
  }
  if (!Array.isArray(repositories) || repositories.length === 0) {
    throw storeConfigError(store, 'repositories', 'visibility "selected" needs a non-empty list of repository names');
  }
  repositories.forEach((repo, i) => {
    if (typeof repo !== 'string' || !/^[A-Za-z0-9._-]{1,100}$/.test(repo)) {
      throw storeConfigError(
        store,
        `repositories[${i}]`,
        'must be a repository name in the organization (without the owner)',
      );
    }
  });
  return { visibility: 'selected', repositories: repositories as string[] };
}

/** How errors and events name the scope: `repository acme/payments`, `environment production of acme/payments`... */
export function describeScope(scope: GithubScope): string {
  switch (scope.kind) {
    case 'repository':
      return `repository ${scope.owner}/${scope.repo}`;
    case 'environment':
      return `environment ${scope.environment} of ${scope.owner}/${scope.repo}`;
    case 'organization':
      return `organization ${scope.org}`;
  }
}
