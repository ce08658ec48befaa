// The apply job (push to the default branch): plan and apply without asking (--auto-approve), destructive actions
// only with allow-destroy, and a job summary of what changed. A half-done apply converges on the next run.
import { applyPlan } from '../app/reconcile.js';
import { describeAction } from '../app/render/plan-text.js';
import { userError } from '../kernel/errors.js';
import type { ApplyResult } from '../core/apply/index.js';
import type { Plan } from '../core/plan/index.js';
import { writePlanJson } from './plan-job.js';
import { loadAndPlan, logSink } from './reconcile.js';
import { planMarkdown, renderMarkdown } from './render/plan-markdown.js';
import type { ActionClients, ActionInputs, RunResult } from './types.js';

const STATUS: Record<string, string> = { done: '✅ done', failed: '❌ failed', skipped: '⏭️ skipped' };

function applyMarkdown(plan: Plan, result: ApplyResult): string {
  const byId = new Map(plan.actions.map((a) => [a.id, a]));
  const rows = result.results.map((r) => {
    const action = byId.get(r.actionId);
    const what = action ? describeAction(action) : r.actionId;
    const error = r.error ? ` — ${r.error.message.replace(/\|/g, '\\|').replace(/\n/g, ' ')}` : '';
    return `| ${STATUS[r.status] ?? r.status} | ${what.replace(/\|/g, '\\|')}${error} |`;
  });
  const head = `**Apply ${result.ok ? 'complete' : 'failed'}:** ${result.done} done, ${result.failed} failed, ${result.skipped} skipped.`;
  const next = result.ok
    ? ''
    : '\n\nThe next run plans again from what exists and converges; keys created without a delivered secret are replaced.';
  return `${head}\n\n| status | action |\n| --- | --- |\n${rows.join('\n')}${next}\n`;
}

export async function runApply(
  inputs: ActionInputs,
  clients: ActionClients,
  workspaceRoot = inputs.workingDirectory,
): Promise<RunResult> {
  const { io } = clients;
  const { plan, files, workspace } = await loadAndPlan(inputs, clients, inputs.allowDestroy, workspaceRoot);
  const doc = planMarkdown(plan, { title: 'keyward apply', files, runUrl: clients.context.runUrl });
  io.info(doc.body);
  const planJson = await writePlanJson(plan, clients);
  if (plan.blocked.length > 0)
    io.warning(`${plan.blocked.length} destructive action(s) blocked: set allow-destroy: true to let them run`);
  if (plan.actions.length === 0) {
    await io.summary(renderMarkdown(doc));
    return { ok: true, changes: false, planJson, pullRequests: [] };
  }
  const result = await applyPlan(workspace, plan, { clock: clients.clock, sink: logSink(clients) });
  const line = `Apply ${result.ok ? 'complete' : 'failed'}: ${result.done} done, ${result.failed} failed, ${result.skipped} skipped.`;
  io.info(line);
  for (const failed of result.results.filter((r) => r.status === 'failed'))
    io.error(failed.error?.message ?? failed.actionId);
  await io.summary(`${renderMarkdown(doc)}\n${applyMarkdown(plan, result)}`);
  if (!result.ok) throw userError('action.apply-failed', `${line} The next run converges from what exists.`);
  return { ok: true, changes: true, planJson, pullRequests: [] };
}
