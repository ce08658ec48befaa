// Planning rules for a declared service user: create it when absent, update description or groups when they differ.
// Pure; never deletes a user (no state file can tell an undeclared user from someone else's).
import type { MatchedUser } from './match.js';
import type { Action } from './types.js';
import { actionId } from './facts.js';

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const x = [...new Set(a)].sort();
  const y = [...new Set(b)].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** The create-user or update-user action a declared user needs, or null when it matches. */
export function planUser(scope: string, user: MatchedUser): Action | null {
  const d = user.desired;
  if (!user.remote) {
    return {
      kind: 'create-user',
      id: actionId('create-user', scope, d.name, d.name),
      scope,
      serviceUser: d.name,
      reason: 'declared; not on the key API',
      risk: 'low',
      destructive: false,
      description: d.description,
      groups: [...d.groups],
    };
  }
  const descriptionChanges = user.remote.description !== d.description;
  const groupsChange = !sameSet(user.remote.groups, d.groups);
  if (!descriptionChanges && !groupsChange) return null;
  const what = [
    descriptionChanges ? 'description' : null,
    groupsChange
      ? `groups [${[...user.remote.groups].sort().join(', ')}] → [${[...d.groups].sort().join(', ')}]`
      : null,
  ]
    .filter((x) => x !== null)
    .join(', ');
  return {
    kind: 'update-user',
    id: actionId('update-user', scope, d.name, d.name),
    scope,
    serviceUser: d.name,
    reason: `differs from the manifest: ${what}`,
    risk: groupsChange ? 'medium' : 'low',
    destructive: false,
    userId: user.remote.id,
    ...(descriptionChanges ? { description: d.description } : {}),
    ...(groupsChange ? { groups: [...d.groups] } : {}),
    previous: {
      ...(descriptionChanges ? { description: user.remote.description } : {}),
      ...(groupsChange ? { groups: [...user.remote.groups] } : {}),
    },
  };
}
