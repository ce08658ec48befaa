// Checks that span documents and files: a scope name, service user, role or group declared twice names both places.
// Service users, roles and groups are identified per key API (driver and URL), as the planner identifies them.
import type { DesiredScope, SourceLocation } from '../desired.js';
import { at, pointer, quote, type ManifestProblem } from './problems.js';
import type { ManifestDocument } from './yaml-documents.js';

/** A loaded scope with the source locations of its names, so the YAML document itself need not be kept. */
export interface LoadedScope {
  readonly scope: DesiredScope;
  readonly scopeName: SourceLocation;
  /** Location of each service user's `name`, in the scope's order. */
  readonly userNames: readonly SourceLocation[];
  /** Location of each declared role's and group's `name`, in the scope's order. */
  readonly roleNames: readonly SourceLocation[];
  readonly groupNames: readonly SourceLocation[];
}

export function locateNames(scope: DesiredScope, doc: ManifestDocument): LoadedScope {
  const locate = (path: string): SourceLocation => ({ file: doc.file, ...doc.position(path), path });
  return {
    scope,
    scopeName: locate('/metadata/name'),
    userNames: scope.serviceUsers.map((user) => locate(pointer(user.source.path, 'name'))),
    roleNames: (scope.roles ?? []).map((role) => locate(pointer(role.source.path, 'name'))),
    groupNames: (scope.groups ?? []).map((group) => locate(pointer(group.source.path, 'name'))),
  };
}

interface Declared {
  readonly where: SourceLocation;
  readonly scope: string;
}

export function crossCheck(loaded: readonly LoadedScope[]): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const scopeNames = new Map<string, SourceLocation>();
  const users = new Map<string, SourceLocation>();
  const roles = new Map<string, Declared>();
  const groups = new Map<string, Declared>();
  const problemAt = (where: SourceLocation, message: string): void => {
    problems.push({ file: where.file, line: where.line, column: where.column, path: where.path, message });
  };
  /** The first place `name` is declared on key API `api`; a second place across documents is a problem. */
  const once = (
    seen: Map<string, Declared>,
    what: string,
    api: string,
    name: string,
    where: SourceLocation,
    scope: string,
  ): void => {
    const id = `${api}\u0000${name}`;
    const first = seen.get(id);
    if (first === undefined) seen.set(id, { where, scope });
    else if (first.scope !== scope)
      problemAt(where, `${what} ${quote(name)} is declared twice: also at ${at(first.where)}`);
  };
  for (const { scope, scopeName, userNames, roleNames, groupNames } of loaded) {
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
    // Twice in one document is reported by the document's own checks (resolve-access.ts).
    (scope.roles ?? []).forEach((role, i) =>
      once(roles, 'role', api, role.name, roleNames[i] ?? role.source, scope.name),
    );
    (scope.groups ?? []).forEach((group, i) =>
      once(groups, 'group', api, group.name, groupNames[i] ?? group.source, scope.name),
    );
  }
  return problems;
}
