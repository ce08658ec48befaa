// The stable, documented JSON form of a plan (`keyward plan --json`) and its summary counts.
// Holds only what Plan holds — names, key IDs, store refs, times — and never a secret.
import { isSettled, WARNING_NOTICES, type Action, type Plan } from './types.js';

export interface PlanSummary {
  /** create-user, create-key, create-role, create-group */
  readonly add: number;
  /** update-user, enable-key, disable-key, update-role, update-group */
  readonly change: number;
  /** delete-key, delete-user, delete-secret, delete-role, delete-group */
  readonly destroy: number;
  /** rotate-key */
  readonly rotate: number;
  /**
   * repair-key: a new attempt of the declared generation for every store, because an earlier one did not reach them all
   */
  readonly repair: number;
}

const BUCKET: Record<Action['kind'], keyof PlanSummary | null> = {
  'create-user': 'add',
  'create-key': 'add',
  'update-user': 'change',
  'enable-key': 'change',
  'disable-key': 'change',
  'delete-key': 'destroy',
  'delete-user': 'destroy',
  'delete-secret': 'destroy',
  'rotate-key': 'rotate',
  'repair-key': 'repair',
  'create-role': 'add',
  'create-group': 'add',
  'update-role': 'change',
  'update-group': 'change',
  'delete-role': 'destroy',
  'delete-group': 'destroy',
  'no-op': null,
};

/** Counts of the executable actions (blocked ones are not counted; see PlanJson.blocked). */
export function summarize(plan: Plan): PlanSummary {
  const counts = { add: 0, change: 0, destroy: 0, rotate: 0, repair: 0 };
  for (const action of plan.actions) {
    const bucket = BUCKET[action.kind];
    if (bucket) counts[bucket] += 1;
  }
  return counts;
}

/**
 * `formatVersion: 1`. Fields: at (ISO time), options {allowDestroy, forceRetire}, summary {add, change, destroy,
 * rotate, repair}, changes (boolean), attention (boolean: changes, blocked actions or an attention notice — exit code 2
 * under --detailed-exitcode), actions [Action], blocked [{action, reason}], unchanged [no-op Action], notices [Notice],
 * warnings [Notice] (the notices that are warnings, e.g. expiry-not-later).
 * Every Action has id, kind, scope, reason, risk, destructive, plus its kind's fields (disable and delete actions:
 * destructiveReason); service-user and key actions have serviceUser, role and group actions role or group instead;
 * see src/core/plan/types.ts; dates are RFC 3339 strings.
 */
export interface PlanJson {
  readonly formatVersion: 1;
  readonly at: string;
  readonly options: Plan['options'];
  readonly summary: PlanSummary;
  readonly changes: boolean;
  readonly attention: boolean;
  readonly actions: Plan['actions'];
  readonly blocked: Plan['blocked'];
  readonly unchanged: Plan['unchanged'];
  readonly notices: Plan['notices'];
  /** The notices that are warnings (see WARNING_NOTICES), also listed in notices. */
  readonly warnings: Plan['notices'];
}

export function planToJson(plan: Plan): PlanJson {
  const copy = JSON.parse(JSON.stringify(plan)) as Plan;
  return {
    formatVersion: 1,
    at: copy.at,
    options: copy.options,
    summary: summarize(plan),
    changes: plan.actions.length > 0,
    attention: !isSettled(plan),
    actions: copy.actions,
    blocked: copy.blocked,
    unchanged: copy.unchanged,
    notices: copy.notices,
    warnings: copy.notices.filter((n) => WARNING_NOTICES.has(n.code)),
  };
}
