// run(): the Action's one way in. Takes parsed inputs and injected clients, runs plan, apply or rotate, and sets
// the outputs (changes, plan-json, pull-requests). Errors propagate to the entry point, which fails the job.
import { runApply } from './apply-job.js';
import { runPlan } from './plan-job.js';
import { runRotate } from './rotate-job.js';
import type { ActionClients, ActionInputs, RunResult } from './types.js';

export async function run(
  inputs: ActionInputs,
  clients: ActionClients,
  workspaceRoot: string = inputs.workingDirectory,
): Promise<RunResult> {
  const result =
    inputs.command === 'plan'
      ? await runPlan(inputs, clients, workspaceRoot)
      : inputs.command === 'apply'
        ? await runApply(inputs, clients, workspaceRoot)
        : await runRotate(inputs, clients, workspaceRoot);
  clients.io.setOutput('changes', String(result.changes));
  clients.io.setOutput('plan-json', result.planJson ?? '');
  clients.io.setOutput('pull-requests', JSON.stringify(result.pullRequests));
  return result;
}
