// Builds a manifest's declared roles and groups (defaults applied) and the checks one document can make on them:
// a name declared twice, a built-in declared. References to roles and groups are checked by the planner.
import { BUILT_IN_GROUPS, BUILT_IN_ROLES } from '../access-names.js';
import type { DesiredGroup, DesiredRole, SourceLocation } from '../desired.js';
import { error, type Finding } from './findings.js';
import type { RawManifest } from './manifest-types.js';
import { at, pointer, quote } from './problems.js';

export interface ResolvedAccess {
  readonly roles?: readonly DesiredRole[];
  readonly groups?: readonly DesiredGroup[];
}

export function resolveAccess(
  raw: RawManifest,
  where: (path: string) => SourceLocation,
  findings: Finding[],
): ResolvedAccess {
  const scope = raw.metadata.name;
  const roles = raw.roles?.map((role, i): DesiredRole => ({
    name: role.name,
    permissions: [...role.permissions],
    scope,
    source: where(pointer('/roles', i)),
  }));
  const groups = raw.groups?.map((group, i): DesiredGroup => ({
    name: group.name,
    description: group.description ?? '',
    roles: [...(group.roles ?? [])],
    accountAlerts: group.accountAlerts ?? false,
    scope,
    source: where(pointer('/groups', i)),
  }));
  checkNames('role', roles ?? [], BUILT_IN_ROLES, where, findings);
  checkNames('group', groups ?? [], BUILT_IN_GROUPS, where, findings);
  return { ...(roles === undefined ? {} : { roles }), ...(groups === undefined ? {} : { groups }) };
}

function checkNames(
  kind: 'role' | 'group',
  items: readonly { readonly name: string; readonly source: SourceLocation }[],
  builtIn: ReadonlySet<string>,
  where: (path: string) => SourceLocation,
  findings: Finding[],
): void {
  const seen = new Map<string, SourceLocation>();
  for (const item of items) {
    const path = pointer(item.source.path, 'name');
    if (builtIn.has(item.name)) {
      findings.push(error(path, `${quote(item.name)} is a built-in ${kind}: reference it, do not declare it`));
      continue;
    }
    const first = seen.get(item.name);
    if (first === undefined) seen.set(item.name, where(path));
    else findings.push(error(path, `${kind} ${quote(item.name)} is declared twice: also at ${at(first)}`));
  }
}
