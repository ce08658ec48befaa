// Checks that span documents and files: a scope name or a service user declared twice names both places.
// Service users are identified per key API (driver and URL), as the planner identifies them.
import type { DesiredScope, SourceLocation } from '../desired.js';
import { pointer, quote, type ManifestProblem } from './problems.js';
import { at } from './resolve-scope.js';
import type { ManifestDocument } from './yaml-documents.js';

/** A loaded scope with the source locations of its names, so the YAML document itself need not be kept. */
export interface LoadedScope {
  readonly scope: DesiredScope;
  readonly scopeName: SourceLocation;
  /** Location of each service user's `name`, in the scope's order. */
  readonly userNames: readonly SourceLocation[];
}

export function locateNames(scope: DesiredScope, doc: ManifestDocument): LoadedScope {
  const locate = (path: string): SourceLocation => ({ file: doc.file, ...doc.position(path), path });
  return {
    scope,
    scopeName: locate('/metadata/name'),
    userNames: scope.serviceUsers.map((user) => locate(pointer(user.source.path, 'name'))),
  };
}

export function crossCheck(loaded: readonly LoadedScope[]): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const scopeNames = new Map<string, SourceLocation>();
  const users = new Map<string, SourceLocation>();
  const problemAt = (where: SourceLocation, message: string): void => {
    problems.push({ file: where.file, line: where.line, column: where.column, path: where.path, message });
  };
  for (const { scope, scopeName, userNames } of loaded) {
    const firstScope = scopeNames.get(scope.name);
    if (firstScope === undefined) scopeNames.set(scope.name, scopeName);
    else problemAt(scopeName, `manifest name ${quote(scope.name)} is used twice: also at ${at(firstScope)}`);
    const api = `${scope.provider.driver}\u0000${scope.provider.url ?? ''}`;
    scope.serviceUsers.forEach((user, i) => {
      const where = userNames[i] ?? user.source;
      const id = `${api}\u0000${user.name}`;
      const first = users.get(id);
      if (first === undefined) users.set(id, where);
      else problemAt(where, `service user ${quote(user.name)} is declared twice: also at ${at(first)}`);
    });
  }
  return problems;
}
