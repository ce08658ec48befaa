// Finds two keys whose secrets land in the same place through different store declarations (two manifests that
// declare the same age file or GitHub repository): each would overwrite the other's secret on every apply.
import path from 'node:path';
import type { DesiredScope, SourceLocation } from '../desired.js';
import type { StoreConfig } from '../ports/secret-store.js';
import { at, quote, type ManifestProblem } from './problems.js';

/** Where a store config delivers, as a comparable string; undefined when it cannot be known (exec runs anything). */
function destinationOf(config: StoreConfig, manifestFile: string): string | undefined {
  const text = (field: string): string => (typeof config[field] === 'string' ? config[field] : '');
  switch (config.type) {
    case 'file':
      return `file:${path.resolve(path.dirname(manifestFile), text('path'))}`;
    case 'github':
      return text('organization') !== ''
        ? `github-org:${text('organization').toLowerCase()}`
        : `github:${text('repository').toLowerCase()}:${text('environment')}`;
    case 'vault':
      return `vault:${text('address').replace(/\/+$/, '')}:${text('namespace')}:${text('mount') || 'secret'}:${text('path')}:${text('field') || 'value'}`;
    default:
      return undefined;
  }
}

export function sharedDestinations(scopes: readonly DesiredScope[]): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const owners = new Map<string, { scope: string; store: string; source: SourceLocation; key: string; id: string }>();
  for (const scope of scopes) {
    const destinations = new Map(
      Object.entries(scope.stores).map(([name, config]) => [name, destinationOf(config, scope.file)]),
    );
    for (const user of scope.serviceUsers) {
      for (const key of user.keys) {
        for (const ref of key.secrets) {
          const destination = destinations.get(ref.store);
          if (destination === undefined) continue;
          const id = `${destination}\u0000${ref.name}`;
          const owner = owners.get(id);
          const label = `${user.name}/${key.name}`;
          const keyId = `${scope.name}\u0000${label}`;
          if (owner === undefined) {
            owners.set(id, { scope: scope.name, store: ref.store, source: key.source, key: label, id: keyId });
          } else if (!(owner.scope === scope.name && owner.store === ref.store) && owner.id !== keyId) {
            problems.push({
              file: key.source.file,
              line: key.source.line,
              column: key.source.column,
              path: key.source.path,
              message: `secret ${quote(ref.name)} in store ${quote(ref.store)} is the same place as the secret of key ${quote(owner.key)} at ${at(owner.source)} (store ${quote(owner.store)}); each key needs its own secret`,
            });
          }
        }
      }
    }
  }
  return problems;
}
