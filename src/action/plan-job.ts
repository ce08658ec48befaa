// The plan job (pull_request): plan, comment it on the PR (in place, split when long), write the job summary.
// On failure it still comments the error, then rethrows so the job fails; the plan JSON goes to a file.
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isKeywardError } from '../kernel/errors.js';
import { isSettled, planToJson, type Plan } from '../core/plan/index.js';
import { upsertPlanComments } from './github/plan-comments.js';
import { loadAndPlan } from './reconcile.js';
import { errorMarkdown, planMarkdown, renderMarkdown } from './render/plan-markdown.js';
import { marker, splitIntoComments } from './render/split-comment.js';
import type { ActionClients, ActionInputs, RunResult } from './types.js';

/** Which keyward job a comment belongs to: the working directory and globs, so two jobs never share comments. */
function commentId(inputs: ActionInputs, workspaceRoot: string): string {
  const where = inputs.workingDirectory.startsWith(workspaceRoot)
    ? inputs.workingDirectory.slice(workspaceRoot.length)
    : inputs.workingDirectory;
  return createHash('sha256')
    .update(JSON.stringify([where || '/', inputs.manifests]))
    .digest('hex')
    .slice(0, 12);
}

export async function writePlanJson(plan: Plan, clients: ActionClients): Promise<string> {
  const file = join(clients.context.tempDir, `keyward-plan-${clients.context.pullRequest ?? 'run'}.json`);
  await writeFile(file, `${JSON.stringify(planToJson(plan), null, 2)}\n`);
  return file;
}

export async function runPlan(inputs: ActionInputs, clients: ActionClients, workspaceRoot: string): Promise<RunResult> {
  const { context, io } = clients;
  const id = commentId(inputs, workspaceRoot);
  const title = `keyward plan${inputs.workingDirectory === workspaceRoot ? '' : ` (${inputs.workingDirectory.slice(workspaceRoot.length + 1)})`}`;
  let bodies: string[];
  let summary: string;
  let result: RunResult;
  let failure: { error: unknown } | undefined;
  try {
    const { plan, files } = await loadAndPlan(inputs, clients, inputs.allowDestroy, workspaceRoot);
    const doc = planMarkdown(plan, { title, files, runUrl: context.runUrl });
    io.info(doc.body);
    bodies = splitIntoComments(doc, id);
    summary = renderMarkdown(doc);
    result = { ok: true, changes: !isSettled(plan), planJson: await writePlanJson(plan, clients), pullRequests: [] };
  } catch (err) {
    failure = { error: err };
    const message = isKeywardError(err) || err instanceof Error ? err.message : String(err);
    summary = errorMarkdown(title, message, context.runUrl);
    bodies = [`${marker(id, 1, 1)}\n${summary}`];
    result = { ok: false, changes: false, planJson: null, pullRequests: [] };
  }
  await io.summary(summary);
  if (context.pullRequest === null) {
    io.info('not a pull request event: the plan goes to the job summary only');
  } else {
    const outcome = await upsertPlanComments(
      clients.octokit,
      { owner: context.owner, repo: context.repo, pullRequest: context.pullRequest, id },
      bodies,
    );
    io.info(
      `plan comment on #${context.pullRequest}: ${outcome.created} created, ${outcome.updated} updated, ${outcome.unchanged} unchanged, ${outcome.deleted} deleted${outcome.url ? ` (${outcome.url})` : ''}`,
    );
  }
  if (failure !== undefined) throw failure.error;
  return result;
}
