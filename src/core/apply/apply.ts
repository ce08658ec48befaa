// apply(plan, deps): role and group creates and updates first, then service users with bounded concurrency (in order
// within one user), then role and group deletes, emitting typed events. Never prints, never reads the environment,
// never lets a secret into an event or a result.
import { KeywardError, wrapError } from '../../kernel/errors.js';
import type { SecretRef } from '../ports/secret-store.js';
import type { Action, Plan, UserAction } from '../plan/types.js';
import { driverOf, storeOf } from '../observe/observe.js';
import { mapLimit } from './limit.js';
import { execute, type UserSequence } from './execute.js';
import { accessSubject, executeAccess, isAccessAction } from './access.js';
import type { ActionResult, ApplyDeps, ApplyResult } from './types.js';

/** Errors that make every further call pointless (bad credentials, missing permission): the run stops. */
function stopsTheRun(error: KeywardError): boolean {
  const status = error.details['status'];
  return status === 401 || status === 403 || error.code === 'unauthenticated' || error.code === 'forbidden';
}

function groupByUser(actions: readonly UserAction[]): UserAction[][] {
  const groups = new Map<string, UserAction[]>();
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

  /** Why later actions wait for the next run: a role or group action failed (users may name it), or a user's did. */
  let accessFailed: string | null = null;
  /** Runs actions in order: one service user's, or the role and group actions of one stage. */
  const runUser = async (actions: readonly Action[]): Promise<void> => {
    const seq: UserSequence = { userId: null };
    let failedBefore: string | null = null;
    for (const action of actions) {
      const access = isAccessAction(action);
      const subject = access ? accessSubject(action) : action.serviceUser;
      const data = {
        actionId: action.id,
        kind: action.kind,
        scope: action.scope,
        ...(access ? { subject } : { serviceUser: subject }),
      };
      const interrupted = deps.signal?.aborted === true;
      if (failedBefore !== null || stop !== null || interrupted || accessFailed !== null) {
        const why =
          stop !== null
            ? `the run stopped: ${stop.message}`
            : interrupted
              ? 'the run was interrupted'
              : accessFailed !== null
                ? accessFailed
                : `an earlier action for ${subject} failed (${failedBefore})`;
        byAction.set(action, { actionId: action.id, kind: action.kind, status: 'skipped' });
        sink({ code: 'apply.action.skipped', level: 'warn', message: `skipped ${action.id}: ${why}`, data });
        continue;
      }
      sink({ code: 'apply.action.started', level: 'info', message: `${action.id}: ${action.reason}`, data });
      try {
        const ctx = {
          driver: driverOf(deps.drivers, action.scope),
          storeFor: (ref: SecretRef) => storeOf(deps.stores, action.scope, ref.store),
          sink,
        };
        const keyId = access ? await executeAccess(ctx.driver, sink, action) : await execute(ctx, action, seq);
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
        if (access) accessFailed ??= `an earlier role or group action failed (${action.id})`;
        if (stopsTheRun(error)) stop ??= error;
      }
    }
  };

  const before = plan.actions.filter((a) => isAccessAction(a) && !a.kind.startsWith('delete-'));
  const after = plan.actions.filter((a) => isAccessAction(a) && a.kind.startsWith('delete-'));
  const users = plan.actions.filter((a): a is UserAction => !isAccessAction(a));
  await runUser(before);
  await mapLimit(groupByUser(users), parallelism, runUser);
  // Deletes of roles and groups only once every service user is done (a user may still name a group being deleted).
  const usersFailed = users.some((a) => byAction.get(a)?.status !== 'done' && a.kind !== 'no-op');
  if (usersFailed) accessFailed ??= 'a service user action did not complete; roles and groups are deleted after all';
  await runUser(after);
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
