// Test builders for desired and observed models, so planner tests state only what matters to each rule.
// Test code only; values are made up and hold no real secret.
import type {
  DesiredGroup,
  DesiredKey,
  DesiredModel,
  DesiredRole,
  DesiredScope,
  DesiredServiceUser,
} from '../../../src/core/desired.js';
import type { RemoteGroup, RemoteKey, RemoteRole, RemoteUser } from '../../../src/core/ports/key-driver.js';
import type { ObservedModel, ObservedSecret } from '../../../src/core/model.js';
import type { Action } from '../../../src/core/plan/index.js';

export const DAY = 86_400_000;
export const T0 = new Date('2026-03-01T00:00:00.000Z');

export function at(offsetMs: number): Date {
  return new Date(T0.getTime() + offsetMs);
}

const SRC = { file: 'm.yaml', line: 1, column: 1, path: '/' };

export function dkey(name: string, over: Partial<DesiredKey> = {}, user = 'deployer'): DesiredKey {
  return {
    serviceUser: user,
    name,
    generation: 1,
    state: 'enabled',
    expiry: { kind: 'in', ms: 90 * DAY, text: '90d' },
    rotation: { rotateBeforeMs: 14 * DAY, overlapMs: 7 * DAY, retainDisabledMs: 30 * DAY, retireIdleMs: DAY },
    secrets: [{ store: 'ci', name: name.toUpperCase() }],
    source: { ...SRC, path: `/serviceUsers/0/keys/${name}` },
    ...over,
  };
}

export function duser(name: string, keys: DesiredKey[], over: Partial<DesiredServiceUser> = {}): DesiredServiceUser {
  return {
    name,
    description: '',
    groups: [],
    keys: keys.map((k) => ({ ...k, serviceUser: name })),
    scope: 'payments',
    source: SRC,
    ...over,
  };
}

export function dscope(users: DesiredServiceUser[], over: Partial<DesiredScope> = {}): DesiredScope {
  return {
    name: 'payments',
    file: 'm.yaml',
    provider: { driver: 'fake' },
    stores: { ci: { type: 'memory' }, vault: { type: 'memory' } },
    prune: false,
    allowDestroy: false,
    serviceUsers: users,
    source: SRC,
    ...over,
  };
}

export function desired(...scopes: DesiredScope[]): DesiredModel {
  return { scopes };
}

export function ruser(name: string, over: Partial<RemoteUser> = {}): RemoteUser {
  return { id: `u-${name}`, name, email: null, type: 'service', description: '', groups: [], createdAt: null, ...over };
}

export function rkey(name: string, id: string, over: Partial<RemoteKey> = {}, user = 'deployer'): RemoteKey {
  return {
    id,
    name,
    userId: `u-${user}`,
    state: 'enabled',
    type: 'service',
    expiresAt: at(90 * DAY),
    lastUsedAt: null,
    createdAt: T0,
    updatedAt: T0,
    ...over,
  };
}

export function held(store: string, name: string, keyId: string, updatedAt: Date = T0): ObservedSecret {
  return { store, name, stored: { state: 'holds', keyId, updatedAt } };
}

export function uncertain(store: string, name: string, candidates: string[], updatedAt: Date = T0): ObservedSecret {
  return {
    store,
    name,
    stored: { state: 'uncertain', candidates, reason: 'a write was started and not confirmed', updatedAt },
  };
}

export function absent(store: string, name: string): ObservedSecret {
  return { store, name, stored: { state: 'absent' } };
}

export function observed(
  users: RemoteUser[],
  keys: RemoteKey[],
  secrets: ObservedSecret[],
  scope = 'payments',
): ObservedModel {
  return {
    scopes: [
      {
        scope,
        remote: {
          users,
          keys,
          groups: [
            { id: 'g1', name: 'deployers', description: '', roles: [], accountAlerts: false },
            { id: 'g2', name: 'readers', description: '', roles: [], accountAlerts: false },
          ],
          roles: [],
          requests: 4,
        },
        secrets,
      },
    ],
  };
}

export const NO_DESTROY = { allowDestroy: false, forceRetire: false } as const;
export const DESTROY = { allowDestroy: true, forceRetire: false } as const;

export function drole(name: string, permissions: string[], over: Partial<DesiredRole> = {}): DesiredRole {
  return { name, permissions, scope: 'payments', source: { ...SRC, path: `/roles/${name}` }, ...over };
}

export function dgroup(name: string, over: Partial<DesiredGroup> = {}): DesiredGroup {
  return {
    name,
    description: '',
    roles: [],
    accountAlerts: false,
    scope: 'payments',
    source: { ...SRC, path: `/groups/${name}` },
    ...over,
  };
}

export function rrole(name: string, permissions: string[], builtIn = false): RemoteRole {
  return { id: `r-${name}`, name, permissions, builtIn };
}

export function rgroup(name: string, over: Partial<RemoteGroup> = {}): RemoteGroup {
  return { id: `g-${name}`, name, description: '', roles: [], accountAlerts: false, ...over };
}

/** An observation of one scope with these roles and groups (and the given users and keys). */
export function observedAccess(
  roles: RemoteRole[],
  groups: RemoteGroup[],
  users: RemoteUser[] = [],
  keys: RemoteKey[] = [],
): ObservedModel {
  return {
    scopes: [{ scope: 'payments', remote: { users, keys, groups, roles, requests: 4 }, secrets: [] }],
  };
}

/** `<kind> <what>` per action, for asserting a plan's order and content in one line each. */
export const kinds = (actions: readonly Action[]): string[] =>
  actions.map(
    (a) =>
      `${a.kind} ${'remoteName' in a ? a.remoteName : 'key' in a ? a.key.remoteName : 'serviceUser' in a ? a.serviceUser : a.id}`,
  );
