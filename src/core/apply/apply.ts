// apply(plan, deps): executes a plan with bounded concurrency across service users, in order within one user,
// emitting typed events. Never prints, never reads the environment, never lets a secret into an event or a result.
import { KeywardError, wrapError } from '../../kernel/errors.js';
import type { SecretRef } from '../ports/secret-store.js';
import type { Action, Plan } from '../plan/types.js';
import { driverOf, storeOf } from '../observe/observe.js';
import { mapLimit } from './limit.js';
import { resolveRetry } from './retry.js';
import { execute, type UserSequence } from './execute.js';
import type { ActionResult, ApplyDeps, ApplyResult } from './types.js';

/** Errors that make every further call pointless (bad credentials, missing permission): the run stops. */
function stopsTheRun(error: KeywardError): boolean {
  const status = error.details['status'];
  return status === 401 || status === 403 || error.code === 'unauthenticated' || error.code === 'forbidden';
}

function groupByUser(actions: readonly Action[]): Action[][] {
  const groups = new Map<string, Action[]>();
  for (const action of actions) {
    if (action.kind === 'no-op') continue;
    const id = JSON.stringify([action.scope, action.serviceUser]);
    const list = groups.get(id);
    if (list) list.push(action);
    else groups.set(id, [action]);
  }
  return [...groups.values()];
}

export async function apply(plan: Plan, deps: ApplyDeps): Promise<ApplyResult> {
  const policy = resolveRetry(deps.retry);
  const parallelism = Math.max(1, deps.parallelism ?? 4);
  const { sink } = deps;
  const byAction = new Map<Action, ActionResult>();
  let stop: KeywardError | null = null;
  sink({
    code: 'apply.started',
    level: 'info',
    message: `applying ${plan.actions.length} action(s), ${parallelism} service user(s) at a time`,
    data: { actions: plan.actions.length, parallelism, at: deps.clock.now().toISOString() },
  });

  const runUser = async (actions: readonly Action[]): Promise<void> => {
    const seq: UserSequence = { userId: null };
    let failedBefore: string | null = null;
    for (const action of actions) {
      const data = { actionId: action.id, kind: action.kind, scope: action.scope, serviceUser: action.serviceUser };
      const interrupted = deps.signal?.aborted === true;
      if (failedBefore !== null || stop !== null || interrupted) {
        const why =
          stop !== null
            ? `the run stopped: ${stop.message}`
            : interrupted
              ? 'the run was interrupted'
              : `an earlier action for ${action.serviceUser} failed (${failedBefore})`;
        byAction.set(action, { actionId: action.id, kind: action.kind, status: 'skipped' });
        sink({ code: 'apply.action.skipped', level: 'warn', message: `skipped ${action.id}: ${why}`, data });
        continue;
      }
      sink({ code: 'apply.action.started', level: 'info', message: `${action.id}: ${action.reason}`, data });
      try {
        const ctx = {
          driver: driverOf(deps.drivers, action.scope),
          storeFor: (ref: SecretRef) => storeOf(deps.stores, action.scope, ref.store),
          policy,
          sink,
        };
        const keyId = await execute(ctx, action, seq);
        byAction.set(action, { actionId: action.id, kind: action.kind, status: 'done', ...(keyId ? { keyId } : {}) });
        sink({
          code: 'apply.action.finished',
          level: 'info',
          message: `done ${action.id}`,
          data: { ...data, keyId: keyId ?? null },
        });
      } catch (err) {
        const error = err instanceof KeywardError ? err : wrapError(action.id, err);
        byAction.set(action, { actionId: action.id, kind: action.kind, status: 'failed', error });
        sink({
          code: 'apply.action.failed',
          level: 'error',
          message: `failed ${action.id}: ${error.message}`,
          data: { ...data, code: error.code },
        });
        failedBefore = action.id;
        if (stopsTheRun(error)) stop ??= error;
      }
    }
  };

  await mapLimit(groupByUser(plan.actions), parallelism, runUser);
  const results = plan.actions
    .filter((a) => a.kind !== 'no-op')
    .map((a) => byAction.get(a) ?? { actionId: a.id, kind: a.kind, status: 'skipped' as const });
  const count = (s: ActionResult['status']): number => results.filter((r) => r.status === s).length;
  const result: ApplyResult = {
    ok: count('done') === results.length,
    results,
    done: count('done'),
    failed: count('failed'),
    skipped: count('skipped'),
  };
  sink({
    code: 'apply.finished',
    level: result.ok ? 'info' : 'error',
    message: `apply finished: ${result.done} done, ${result.failed} failed, ${result.skipped} skipped`,
    data: { done: result.done, failed: result.failed, skipped: result.skipped },
  });
  return result;
}
