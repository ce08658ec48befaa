// The reconciler's straight line for commands: observe the workspace, then plan (pure) — and apply when asked.
// Nothing here prints; renderers get the plan, the result and the events.
import type { Clock } from '../kernel/clock.js';
import type { EventSink } from '../kernel/events.js';
import { observe, type ObservedModel } from '../core/observe/index.js';
import { plan, type Plan, type PlanOptions } from '../core/plan/index.js';
import { apply, type ApplyResult } from '../core/apply/index.js';
import type { KeyApis } from './workspace.js';

export interface Planned {
  readonly observed: ObservedModel;
  readonly plan: Plan;
}

export async function observeAndPlan(workspace: KeyApis, options: PlanOptions, clock: Clock): Promise<Planned> {
  const observed = await observe(workspace.model.scopes, { drivers: workspace.drivers, stores: workspace.stores });
  return { observed, plan: plan(workspace.model, observed, clock.now(), options) };
}

export async function applyPlan(
  workspace: KeyApis,
  planned: Plan,
  deps: { clock: Clock; sink: EventSink; parallelism?: number; signal?: AbortSignal },
): Promise<ApplyResult> {
  return apply(planned, {
    drivers: workspace.drivers,
    stores: workspace.stores,
    clock: deps.clock,
    sink: deps.sink,
    ...(deps.parallelism === undefined ? {} : { parallelism: deps.parallelism }),
    ...(deps.signal === undefined ? {} : { signal: deps.signal }),
  });
}
