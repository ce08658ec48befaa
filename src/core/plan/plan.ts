// plan(desired, observed, now, options): the pure heart of keyward — typed actions in a stable order, no I/O.
// Must never read the clock or the environment, never guess on ambiguity, and never carry a secret.
import type { DesiredModel, DesiredScope } from '../desired.js';
import type { ObservedModel, ObservedScope } from '../model.js';
import { KeywardError } from '../../kernel/errors.js';
import { matchScope, remoteIndexer, cmp } from './match.js';
import { planUser } from './user-rules.js';
import { planKey } from './key-rules.js';
import { pruneUnmanaged } from './remove-rules.js';
import { planUndeclaredUsers, type KeyApiGroup } from './user-prune.js';
import { checkDuplicates } from './duplicates.js';
import { planAccess } from './access-rules.js';
import { PlanProblems } from './problems.js';
import {
  DEFAULT_ORPHAN_GRACE_MS,
  type Action,
  type BlockedAction,
  type Notice,
  type NoOpAction,
  type Plan,
  type PlanOptions,
} from './types.js';

/**
 * Execution order inside one service user: the user first, then deletes (freeing names and slots), state changes,
 * creates. Role and group actions come in their own order (access-rules.ts): before every user, deletes after all.
 */
const PHASE: Record<Action['kind'], number> = {
  'create-role': 0,
  'update-role': 0,
  'create-group': 0,
  'update-group': 0,
  'delete-group': 5,
  'delete-role': 5,
  'create-user': 0,
  'update-user': 0,
  'delete-key': 1,
  'delete-secret': 1,
  'disable-key': 2,
  'enable-key': 3,
  'create-key': 4,
  'rotate-key': 4,
  'repair-key': 4,
  'delete-user': 5,
  'no-op': 6,
};

function byPhase(actions: readonly Action[]): Action[] {
  return actions
    .map((a, i) => ({ a, i }))
    .sort((x, y) => PHASE[x.a.kind] - PHASE[y.a.kind] || x.i - y.i)
    .map((x) => x.a);
}

function destructiveWhy(action: Action): string {
  return ('destructiveReason' in action ? action.destructiveReason : undefined) ?? 'destructive';
}

/** Scopes grouped by key API (driver and URL), in name order, each with the listing its first scope observed. */
function keyApiGroups(scopes: readonly DesiredScope[], observed: ObservedModel): KeyApiGroup[] {
  const groups = new Map<string, DesiredScope[]>();
  for (const scope of scopes) {
    const id = JSON.stringify([scope.provider.driver, scope.provider.url ?? '']);
    const list = groups.get(id);
    if (list) list.push(scope);
    else groups.set(id, [scope]);
  }
  return [...groups.values()].flatMap((list) => {
    const remote = observed.scopes.find((o) => o.scope === list[0]?.name)?.remote;
    return remote ? [{ scopes: list, remote }] : [];
  });
}

export function plan(desired: DesiredModel, observed: ObservedModel, now: Date, options: PlanOptions): Plan {
  const actions: Action[] = [];
  const blocked: BlockedAction[] = [];
  const unchanged: NoOpAction[] = [];
  const notices: Notice[] = [];
  const problems = new PlanProblems();
  checkDuplicates(desired);
  const scopes = [...desired.scopes].sort((a, b) => cmp(a.name, b.name));
  const apis = keyApiGroups(scopes, observed);
  const access = apis.map((api) => ({ api, plan: planAccess(api, problems) }));
  const declaredGroups = new Map(
    apis.flatMap((api) => {
      const names = new Set(api.scopes.flatMap((s) => (s.groups ?? []).map((g) => g.name)));
      return api.scopes.map((s) => [s.name, names] as const);
    }),
  );
  const everyManifest = (api: KeyApiGroup): string =>
    `every manifest on this key API (${api.scopes.map((s) => s.name).join(', ')})`;
  const apiAllowsDestroy = (api: KeyApiGroup): boolean =>
    options.allowDestroy || api.scopes.every((s) => s.allowDestroy);
  const indexOf = remoteIndexer();
  const orphanGraceMs = options.orphanGraceMs ?? DEFAULT_ORPHAN_GRACE_MS;
  const listUnchanged = options.listUnchanged ?? true;
  const place = (mine: readonly Action[], allowDestroy: boolean, where: string, ordered = false): void => {
    for (const action of ordered ? mine : byPhase(mine)) {
      if (action.destructive && !allowDestroy) {
        blocked.push({
          action,
          reason: `${destructiveWhy(action)}; needs --allow-destroy or allowDestroy: true in ${where}`,
        });
      } else {
        actions.push(action);
      }
    }
  };
  for (const { api, plan: p } of access) place(p.before, apiAllowsDestroy(api), everyManifest(api), true);
  // One set of key IDs per listing, not per scope: scopes share a key API's listing, and 1,000 scopes over
  // 100,000 keys would otherwise build 10⁸ entries (bench/plan/RESULTS.md).
  const keyIds = new Map<ObservedScope['remote'], ReadonlySet<string>>();
  const keyIdsOf = (remote: ObservedScope['remote']): ReadonlySet<string> => {
    let ids = keyIds.get(remote);
    if (ids === undefined) keyIds.set(remote, (ids = new Set(remote.keys.map((k) => k.id))));
    return ids;
  };
  for (const scope of scopes) {
    const seen = observed.scopes.find((o) => o.scope === scope.name);
    if (!seen) throw new KeywardError('plan.observed-incomplete', `scope ${scope.name} was not observed`);
    const matched = matchScope(scope, seen, indexOf(seen.remote), {
      problems,
      declaredGroups: declaredGroups.get(scope.name) ?? new Set(),
    });
    const knownKeyIds = keyIdsOf(seen.remote);
    const users = [...matched.users].sort((a, b) => cmp(a.desired.name, b.desired.name));
    for (const user of users) {
      const ctx = {
        scope: scope.name,
        serviceUser: user.desired.name,
        userId: user.remote?.id ?? null,
        now,
        forceRetire: options.forceRetire,
        orphanGraceMs,
        knownKeyIds,
      };
      const mine: Action[] = [];
      const userAction = planUser(scope.name, user);
      if (userAction) mine.push(userAction);
      const keys = [...user.keys].sort((a, b) => cmp(a.desired.name, b.desired.name));
      for (const key of keys) {
        const out = planKey(ctx, key);
        mine.push(...out.actions);
        notices.push(...out.notices);
        if (listUnchanged) unchanged.push(...out.unchanged);
      }
      const pruned = pruneUnmanaged(ctx, user.unmanagedKeys, scope.prune);
      mine.push(...pruned.actions);
      notices.push(...pruned.notices);
      place(mine, options.allowDestroy || scope.allowDestroy, `manifest ${scope.name}`);
    }
  }
  for (const api of apis) {
    const out = planUndeclaredUsers(api, now, orphanGraceMs);
    notices.push(...out.notices);
    const byUser = new Map<string, Action[]>();
    for (const action of out.actions)
      byUser.set(action.serviceUser, [...(byUser.get(action.serviceUser) ?? []), action]);
    for (const mine of byUser.values()) place(mine, apiAllowsDestroy(api), everyManifest(api));
  }
  for (const { api, plan: p } of access) place(p.after, apiAllowsDestroy(api), everyManifest(api), true);
  problems.throwIfAny();
  return {
    at: now.toISOString(),
    options: { allowDestroy: options.allowDestroy, forceRetire: options.forceRetire },
    actions,
    blocked,
    unchanged,
    notices,
  };
}
