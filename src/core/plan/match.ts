// Identity without a state file: pairs declared users and keys with remote ones by name and `<name>#<generation>`.
// Pure; on any ambiguity it throws a KeywardError naming the keys involved — it never guesses.
import type { DesiredKey, DesiredScope, DesiredServiceUser } from '../desired.js';
import type { ObservedRemote, RemoteKey, RemoteUser } from '../ports/key-driver.js';
import type { StoredSecret, SecretRef } from '../ports/secret-store.js';
import type { ObservedScope } from '../model.js';
import { parseRemoteKeyName, type ParsedKeyName } from '../key-names.js';
import { KeywardError, userError } from '../../kernel/errors.js';
import { PlanProblems } from './problems.js';

/** One remote key of a declared key: its generation and attempt (0 = first delivery, k = k-th repair). */
export interface MatchedGeneration {
  readonly generation: number;
  readonly attempt: number;
  readonly key: RemoteKey;
}

export interface MatchedSecret {
  readonly ref: SecretRef;
  readonly stored: StoredSecret;
}

export interface MatchedKey {
  readonly desired: DesiredKey;
  /** Remote keys of this key by (generation, attempt), ascending; never above the declared generation. */
  readonly generations: readonly MatchedGeneration[];
  /** One entry per declared secret ref, in declaration order. */
  readonly secrets: readonly MatchedSecret[];
}

export interface MatchedUser {
  readonly desired: DesiredServiceUser;
  readonly remote: RemoteUser | null;
  readonly keys: readonly MatchedKey[];
  /** Remote keys of this user that no declared key name claims (sorted by name, then id). */
  readonly unmanagedKeys: readonly RemoteKey[];
}

export interface MatchedScope {
  readonly scope: DesiredScope;
  readonly users: readonly MatchedUser[];
}

const LOOKS_GENERATED = /^(.*)#([0-9]+)(\.r[0-9]+)?$/;

function where(key: DesiredKey): string {
  return `${key.source.file}:${key.source.line}:${key.source.column} (${key.source.path})`;
}

function ambiguity(message: string, details: Record<string, unknown>): KeywardError {
  return userError('plan.ambiguous-identity', message, { details });
}

function findRemoteUser(
  user: DesiredServiceUser,
  byName: ReadonlyMap<string, readonly RemoteUser[]>,
): RemoteUser | null {
  const same = byName.get(user.name) ?? [];
  if (same.length > 1) {
    throw ambiguity(
      `service user ${user.name}: ${same.length} remote users have this name (ids ${same
        .map((u) => u.id)
        .sort()
        .join(', ')}); keyward will not guess which one is declared`,
      { serviceUser: user.name, ids: same.map((u) => u.id).sort() },
    );
  }
  const found = same[0] ?? null;
  if (found && found.type !== 'service') {
    throw ambiguity(
      `service user ${user.name}: the remote user with this name (id ${found.id}) is an ${found.type} user, not a service user`,
      { serviceUser: user.name, id: found.id },
    );
  }
  return found;
}

/** A remote key with its name read once: which key, generation and attempt it names, and what it merely looks like. */
interface NamedRemote {
  readonly remote: RemoteKey;
  readonly parsed: ParsedKeyName;
  /** The name before a `#...` suffix that is not a valid generation (`deploy#x` → deploy), else undefined. */
  readonly looksLike: string | undefined;
}

function readName(remote: RemoteKey): NamedRemote {
  return { remote, parsed: parseRemoteKeyName(remote.name), looksLike: LOOKS_GENERATED.exec(remote.name)?.[1] };
}

function matchKey(
  user: DesiredServiceUser,
  key: DesiredKey,
  remoteKeys: readonly NamedRemote[],
  stored: ReadonlyMap<string, StoredSecret>,
): MatchedKey {
  if (parseRemoteKeyName(key.name).name !== key.name) {
    throw userError(
      'plan.invalid-key-name',
      `${where(key)}: key name ${key.name} ends in #<number>, which is reserved for generations`,
    );
  }
  const byGeneration = new Map<string, MatchedGeneration>();
  for (const { remote, parsed, looksLike } of remoteKeys) {
    if (parsed.name !== key.name) {
      if (looksLike === key.name) {
        throw ambiguity(
          `key ${key.name} of ${user.name}: remote key ${remote.name} (id ${remote.id}) looks like a generation of it but ${remote.name} is not a valid generation name (generation 1 is ${key.name}, later ones ${key.name}#2, ${key.name}#3..., repairs ${key.name}#1.r1, ${key.name}#2.r1...)`,
          { serviceUser: user.name, keyName: key.name, remoteName: remote.name, keyId: remote.id },
        );
      }
      continue;
    }
    const slot = `${parsed.generation}.${parsed.attempt}`;
    const existing = byGeneration.get(slot)?.key;
    if (existing) {
      const ids = [existing.id, remote.id].sort();
      const claim =
        parsed.attempt === 0
          ? `generation ${parsed.generation}`
          : `generation ${parsed.generation} repair attempt ${parsed.attempt}`;
      throw ambiguity(
        `key ${key.name} of ${user.name}: two remote keys claim ${claim} (${existing.name} id ${ids[0]}, ${remote.name} id ${ids[1]}); delete one of them`,
        { serviceUser: user.name, keyName: key.name, generation: parsed.generation, attempt: parsed.attempt, ids },
      );
    }
    if (parsed.generation > key.generation) {
      throw ambiguity(
        `key ${key.name} of ${user.name}: ${where(key)} declares generation ${key.generation} but remote key ${remote.name} (id ${remote.id}) is generation ${parsed.generation}; a generation never goes back, declare ${parsed.generation} or higher`,
        {
          serviceUser: user.name,
          keyName: key.name,
          declared: key.generation,
          remote: parsed.generation,
          keyId: remote.id,
        },
      );
    }
    byGeneration.set(slot, { generation: parsed.generation, attempt: parsed.attempt, key: remote });
  }
  const generations = [...byGeneration.values()].sort((a, b) => a.generation - b.generation || a.attempt - b.attempt);
  const secrets = key.secrets.map((ref) => {
    const seen = stored.get(refId(ref.store, ref.name));
    if (!seen) {
      throw new KeywardError(
        'plan.observed-incomplete',
        `key ${key.name} of ${user.name}: secret ${ref.store}/${ref.name} was not observed`,
      );
    }
    return { ref, stored: seen };
  });
  return { desired: key, generations, secrets };
}

function checkSharedRefs(scope: DesiredScope): void {
  const owners = new Map<string, string>();
  for (const user of scope.serviceUsers) {
    for (const key of user.keys) {
      for (const ref of key.secrets) {
        const id = `${ref.store}/${ref.name}`;
        const owner = owners.get(id);
        const me = `${user.name}/${key.name}`;
        if (owner !== undefined && owner !== me) {
          throw userError(
            'plan.shared-secret-ref',
            `secret ${id} of scope ${scope.name} is declared for both ${owner} and ${me}; one secret holds one key`,
          );
        }
        owners.set(id, me);
      }
    }
  }
}

/** A key API's listing indexed for matching: scopes that share one listing can share one index. */
export interface RemoteIndex {
  readonly groupNames: ReadonlySet<string>;
  readonly usersByName: ReadonlyMap<string, readonly RemoteUser[]>;
  readonly keysByUser: ReadonlyMap<string, readonly RemoteKey[]>;
}

export function indexRemote(remote: ObservedRemote): RemoteIndex {
  const usersByName = new Map<string, RemoteUser[]>();
  for (const u of remote.users) {
    const list = usersByName.get(u.name);
    if (list) list.push(u);
    else usersByName.set(u.name, [u]);
  }
  const keysByUser = new Map<string, RemoteKey[]>();
  for (const k of remote.keys) {
    const list = keysByUser.get(k.userId);
    if (list) list.push(k);
    else keysByUser.set(k.userId, [k]);
  }
  return { groupNames: new Set(remote.groups.map((g) => g.name)), usersByName, keysByUser };
}

/**
 * indexRemote, once per listing for the caller's lifetime: a hundred scopes on one key API index its
 * 10,000 keys once, not a hundred times. Create one per plan or observe call; it holds the listings it saw.
 */
export function remoteIndexer(): (remote: ObservedRemote) => RemoteIndex {
  const seen = new Map<ObservedRemote, RemoteIndex>();
  return (remote) => {
    let index = seen.get(remote);
    if (!index) {
      index = indexRemote(remote);
      seen.set(remote, index);
    }
    return index;
  };
}

/** What matching needs beyond one scope: groups other manifests on the key API declare, and where problems go. */
export interface MatchContext {
  /** Groups declared by any manifest on this key API (the scope's own are always included). */
  readonly declaredGroups?: ReadonlySet<string>;
  /** Collects every problem (a user, a key at a time) instead of throwing the first; without it, matchScope throws. */
  readonly problems?: PlanProblems;
}

/**
 * Matches one declared scope against its observation. On ambiguity it never guesses: the problem is thrown, or with
 * `context.problems` collected (the user or key concerned is left out) so that one run reports every problem.
 */
export function matchScope(
  scope: DesiredScope,
  observed: ObservedScope,
  index: RemoteIndex = indexRemote(observed.remote),
  context: MatchContext = {},
): MatchedScope {
  const problems = context.problems ?? new PlanProblems();
  const { groupNames, usersByName, keysByUser } = index;
  const declaredGroups = new Set([...(context.declaredGroups ?? []), ...(scope.groups ?? []).map((g) => g.name)]);
  const stored = new Map(observed.secrets.map((s) => [refId(s.store, s.name), s.stored]));
  problems.collect(() => checkSharedRefs(scope));
  const users = scope.serviceUsers.flatMap((user): MatchedUser[] => {
    for (const group of user.groups) {
      if (!groupNames.has(group) && !declaredGroups.has(group)) {
        problems.add(
          userError(
            'plan.unknown-group',
            `service user ${user.name} (${user.source.file}:${user.source.line}:${user.source.column}): group ${group} does not exist on the key API and no manifest declares it`,
          ),
        );
      }
    }
    const remote = problems.collect(() => findRemoteUser(user, usersByName));
    if (remote === undefined) return [];
    // Each remote name is read once per user, not once per declared key of that user.
    const remoteKeys = (remote ? (keysByUser.get(remote.id) ?? []) : []).map(readName);
    const keys = user.keys.flatMap((key) => problems.collect(() => matchKey(user, key, remoteKeys, stored)) ?? []);
    const declared = new Set(user.keys.map((k) => k.name));
    const unmanagedKeys = remoteKeys
      .filter((k) => !declared.has(k.parsed.name))
      .map((k) => k.remote)
      .sort((a, b) => (a.name === b.name ? cmp(a.id, b.id) : cmp(a.name, b.name)));
    return [{ desired: user, remote, keys, unmanagedKeys }];
  });
  if (context.problems === undefined) problems.throwIfAny();
  return { scope, users };
}

function refId(store: string, name: string): string {
  return JSON.stringify([store, name]);
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
