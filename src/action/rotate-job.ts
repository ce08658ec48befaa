// The rotate job (schedule): keys due for rotation → one PR per manifest file bumping their generation. Reruns
// update the same branch and PR; a closed unmerged PR skips its generations; at most max-open-prs stay open.
import { userError, wrapError } from '../kernel/errors.js';
import { loadAndPlan } from './reconcile.js';
import { dueKeys, groupByFile, rotationLabel, type DueKey } from './rotate/due-keys.js';
import { pushRotationBranch } from './rotate/git-branch.js';
import { branchName, markerFor } from './rotate/naming.js';
import { rotationBody, rotationTitle } from './rotate/pr-body.js';
import {
  closeSuperseded,
  listRotationPulls,
  openPull,
  updatePull,
  type Repo,
  type RotationPull,
} from './rotate/pull-requests.js';
import type { ActionClients, ActionInputs, RotationPullRequest, RunResult } from './types.js';

async function baseBranchOf(inputs: ActionInputs, clients: ActionClients, repo: Repo): Promise<string> {
  if (inputs.baseBranch) return inputs.baseBranch;
  const { data } = await clients.octokit.rest.repos.get({ owner: repo.owner, repo: repo.repo });
  return data.default_branch;
}

/** Keys whose generation a closed, unmerged (and not superseded) PR already proposed: people said no. */
function declined(keys: readonly DueKey[], pulls: readonly RotationPull[], clients: ActionClients): DueKey[] {
  const kept: DueKey[] = [];
  for (const key of keys) {
    const no = pulls.find(
      (p) => p.state === 'closed' && !p.merged && !p.superseded && p.marker.keys.includes(rotationLabel(key)),
    );
    if (no)
      clients.io.info(
        `skipping ${rotationLabel(key)}: pull request #${no.number} for this generation was closed without merging`,
      );
    else kept.push(key);
  }
  return kept;
}

interface ManifestContext {
  readonly repo: Repo;
  readonly base: string;
  readonly pulls: RotationPull[];
  readonly inputs: ActionInputs;
  readonly clients: ActionClients;
}

async function rotateManifest(
  file: string,
  due: readonly DueKey[],
  m: ManifestContext,
): Promise<RotationPullRequest | null> {
  const { clients, inputs, repo } = m;
  const keys = declined(due, m.pulls, clients);
  if (keys.length === 0) return null;
  const branch = branchName(file, keys);
  const open = m.pulls.filter((p) => p.state === 'open');
  const existing = open.find((p) => p.branch === branch);
  const replaced = open.filter((p) => p.marker.manifest === file && p.branch !== branch);
  if (!existing && open.length - replaced.length >= inputs.maxOpenPrs) {
    clients.io.warning(
      `not opening a rotation PR for ${file}: ${open.length} rotation PRs are open (max-open-prs ${inputs.maxOpenPrs})`,
    );
    return null;
  }
  const labels = keys.map(rotationLabel);
  const outcome = await pushRotationBranch(clients.git, inputs.workingDirectory, {
    base: m.base,
    branch,
    file,
    author: inputs.commitAuthor,
    bumps: keys.map((k) => ({
      scope: k.scope,
      serviceUser: k.serviceUser,
      key: k.key,
      from: k.generation,
      to: k.nextGeneration,
    })),
    message: `keyward: rotate ${labels.join(', ')}\n\nBumps generation in ${file} so the apply job creates the next key of each.`,
  });
  if (outcome === 'foreign-commits') {
    clients.io.warning(`branch ${branch} has commits by someone else: keyward leaves it alone`);
    return null;
  }
  const title = rotationTitle(file, keys);
  const body = rotationBody(file, keys, markerFor(file, keys), clients.clock.now(), clients.context.runUrl);
  let result: RotationPullRequest;
  if (existing) {
    const same = existing.title === title && existing.body === body;
    if (!same) await updatePull(clients.octokit, repo, existing.number, { title, body });
    const action = same && outcome === 'unchanged' ? 'unchanged' : 'updated';
    result = { number: existing.number, url: existing.url, branch, manifest: file, action, keys: labels };
  } else {
    const created = await openPull(clients.octokit, repo, { branch, base: m.base, title, body });
    result = { number: created.number, url: created.url, branch, manifest: file, action: 'opened', keys: labels };
    m.pulls.push({
      number: created.number,
      url: created.url,
      branch,
      state: 'open',
      merged: false,
      superseded: false,
      title,
      body,
      marker: markerFor(file, keys),
    });
  }
  for (const old of replaced) {
    await closeSuperseded(clients.octokit, repo, old, result.number);
    clients.io.info(`closed #${old.number}: superseded by #${result.number}`);
    m.pulls.splice(m.pulls.indexOf(old), 1, { ...old, state: 'closed', superseded: true });
  }
  clients.io.info(`${result.action} #${result.number} (${branch}; branch ${outcome}): ${labels.join(', ')}`);
  return result;
}

export async function runRotate(
  inputs: ActionInputs,
  clients: ActionClients,
  workspaceRoot = inputs.workingDirectory,
): Promise<RunResult> {
  const { io, context } = clients;
  const repo = { owner: context.owner, repo: context.repo };
  const { plan, workspace, observed } = await loadAndPlan(inputs, clients, false, workspaceRoot);
  const due = dueKeys(plan, workspace.model, observed);
  io.info(
    due.length === 0
      ? 'no key is due for rotation'
      : `${due.length} key(s) due for rotation: ${due.map(rotationLabel).join(', ')}`,
  );
  const results: RotationPullRequest[] = [];
  const failures: string[] = [];
  if (due.length > 0) {
    const m: ManifestContext = {
      repo,
      base: await baseBranchOf(inputs, clients, repo),
      pulls: await listRotationPulls(clients.octokit, repo),
      inputs,
      clients,
    };
    for (const [file, keys] of groupByFile(due)) {
      try {
        const result = await rotateManifest(file, keys, m);
        if (result) results.push(result);
      } catch (err) {
        const wrapped = wrapError(`rotation PR for ${file}`, err);
        failures.push(wrapped.message);
        io.error(wrapped.message);
      }
    }
  }
  const rows = results.map(
    (r) =>
      `| [#${r.number}](${r.url}) | ${r.action} | \`${r.manifest}\` | ${r.keys.map((k) => `\`${k}\``).join(', ')} |`,
  );
  await io.summary(
    `### keyward rotate\n\n${due.length} key(s) due for rotation.\n\n${rows.length ? `| PR | action | manifest | keys |\n| --- | --- | --- | --- |\n${rows.join('\n')}\n` : 'No rotation PR opened or updated.\n'}`,
  );
  if (failures.length > 0)
    throw userError('action.rotate-failed', `${failures.length} rotation PR(s) failed:\n${failures.join('\n')}`);
  return { ok: true, changes: results.some((r) => r.action !== 'unchanged'), planJson: null, pullRequests: results };
}
