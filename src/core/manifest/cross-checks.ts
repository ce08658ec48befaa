// Checks that span documents and files: a scope name or a service user declared twice names both places.
// Service users are identified per key API (driver and URL), as the planner identifies them.
import type { DesiredScope, SourceLocation } from '../desired.js';
import { pointer, quote, type ManifestProblem } from './problems.js';
import { at } from './resolve-scope.js';
import type { ManifestDocument } from './yaml-documents.js';

export interface LoadedScope {
  readonly scope: DesiredScope;
  readonly doc: ManifestDocument;
}

export function crossCheck(loaded: readonly LoadedScope[]): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const scopeNames = new Map<string, SourceLocation>();
  const users = new Map<string, SourceLocation>();
  for (const { scope, doc } of loaded) {
    const problemAt = (path: string, message: string): void => {
      problems.push({ file: doc.file, ...doc.position(path), path, message });
    };
    const firstScope = scopeNames.get(scope.name);
    if (firstScope === undefined) scopeNames.set(scope.name, { file: doc.file, ...doc.position('/metadata/name'), path: '/metadata/name' });
    else problemAt('/metadata/name', `manifest name ${quote(scope.name)} is used twice: also at ${at(firstScope)}`);
    const api = `${scope.provider.driver}\u0000${scope.provider.url ?? ''}`;
    for (const user of scope.serviceUsers) {
      const id = `${api}\u0000${user.name}`;
      const namePath = pointer(user.source.path, 'name');
      const first = users.get(id);
      if (first === undefined) users.set(id, { file: doc.file, ...doc.position(namePath), path: namePath });
      else problemAt(namePath, `service user ${quote(user.name)} is declared twice: also at ${at(first)}`);
    }
  }
  return problems;
}
