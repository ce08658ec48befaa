// plan(desired, observed, now, options): the pure heart of keyward — typed actions in a stable order, no I/O.
// Must never read the clock or the environment, never guess on ambiguity, and never carry a secret.
import type { DesiredModel } from '../desired.js';
import type { ObservedModel } from '../model.js';
import { KeywardError } from '../../kernel/errors.js';
import { matchScope, remoteIndexer, cmp } from './match.js';
import { planUser } from './user-rules.js';
import { planKey } from './key-rules.js';
import { pruneUnmanaged } from './retire-rules.js';
import { checkDuplicates } from './duplicates.js';
import { DEFAULT_ORPHAN_GRACE_MS, type Action, type BlockedAction, type Notice, type NoOpAction, type Plan, type PlanOptions } from './types.js';

/** Execution order inside one service user: the user first, then deletes (freeing names and slots), state changes, creates. */
const PHASE: Record<Action['kind'], number> = {
  'create-user': 0, 'update-user': 0, 'delete-key': 1, 'disable-key': 2, 'enable-key': 3,
  'create-key': 4, 'rotate-key': 4, 'delete-user': 5, 'no-op': 6,
};

function byPhase(actions: readonly Action[]): Action[] {
  return actions.map((a, i) => ({ a, i })).sort((x, y) => PHASE[x.a.kind] - PHASE[y.a.kind] || x.i - y.i).map((x) => x.a);
}

export function plan(desired: DesiredModel, observed: ObservedModel, now: Date, options: PlanOptions): Plan {
  const actions: Action[] = [];
  const blocked: BlockedAction[] = [];
  const unchanged: NoOpAction[] = [];
  const notices: Notice[] = [];
  checkDuplicates(desired);
  const scopes = [...desired.scopes].sort((a, b) => cmp(a.name, b.name));
  const indexOf = remoteIndexer();
  for (const scope of scopes) {
    const seen = observed.scopes.find((o) => o.scope === scope.name);
    if (!seen) throw new KeywardError('observed-incomplete', `scope ${scope.name} was not observed`);
    const matched = matchScope(scope, seen, indexOf(seen.remote));
    const allowDestroy = options.allowDestroy || scope.allowDestroy;
    const users = [...matched.users].sort((a, b) => cmp(a.desired.name, b.desired.name));
    for (const user of users) {
      const ctx = { scope: scope.name, serviceUser: user.desired.name, userId: user.remote?.id ?? null, now, forceRetire: options.forceRetire, orphanGraceMs: options.orphanGraceMs ?? DEFAULT_ORPHAN_GRACE_MS };
      const mine: Action[] = [];
      const userAction = planUser(scope.name, user);
      if (userAction) mine.push(userAction);
      const keys = [...user.keys].sort((a, b) => cmp(a.desired.name, b.desired.name));
      for (const key of keys) {
        const out = planKey(ctx, key);
        mine.push(...out.actions);
        notices.push(...out.notices);
        unchanged.push(...out.unchanged);
      }
      const pruned = pruneUnmanaged(ctx, user.unmanagedKeys, scope.prune, allowDestroy);
      mine.push(...pruned.actions);
      notices.push(...pruned.notices);
      for (const action of byPhase(mine)) {
        if (action.destructive && !allowDestroy) {
          blocked.push({ action, reason: `destructive (${action.kind} ${action.serviceUser}): needs --allow-destroy or allowDestroy: true in manifest ${scope.name}` });
        } else {
          actions.push(action);
        }
      }
    }
  }
  return { at: now.toISOString(), options: { allowDestroy: options.allowDestroy, forceRetire: options.forceRetire }, actions, blocked, unchanged, notices };
}
